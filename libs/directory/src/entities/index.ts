import { OutboxMessage, InboxRecord } from '@scimflow/persistence';
import { CommandReplyEntity } from './command-reply.entity';
import { DeadLetterEntity } from './dead-letter.entity';
import { DirectoryEntity } from './directory.entity';
import { EventEntity } from './event.entity';
import { GroupEntity } from './group.entity';
import { MembershipEntity } from './membership.entity';
import { OrganizationEntity } from './organization.entity';
import { UserRolesEntity } from './user-roles.entity';
import { UserEntity } from './user.entity';

export const DIRECTORY_ENTITIES = [
  OrganizationEntity,
  DirectoryEntity,
  UserEntity,
  GroupEntity,
  MembershipEntity,
  EventEntity,
  DeadLetterEntity,
  UserRolesEntity,
  CommandReplyEntity,
  OutboxMessage,
  InboxRecord,
];
