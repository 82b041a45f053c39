import { InboxRecord, OutboxMessage } from '@scimflow/persistence';
import { OrganizationMappingEntity } from './organization-mapping.entity';
import { ProjectedGroupEntity } from './projected-group.entity';
import { ProjectedMembershipEntity } from './projected-membership.entity';
import { ProjectedUserEntity } from './projected-user.entity';
import { RecomputeJobEntity } from './recompute-job.entity';
import { RoleEntity } from './role.entity';
import { UserRolesEntity } from './user-roles.entity';

export const ROLE_MAPPING_ENTITIES = [
  RoleEntity,
  OrganizationMappingEntity,
  ProjectedUserEntity,
  ProjectedGroupEntity,
  ProjectedMembershipEntity,
  UserRolesEntity,
  RecomputeJobEntity,
  OutboxMessage,
  InboxRecord,
];
