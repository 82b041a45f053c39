import { JSONSchema } from 'class-validator-jsonschema';
import { NestedPayload } from '../schema/schema-decorators';
import { DirectoryGroupPayload } from './directory-group.payload';
import { DirectoryUserPayload } from './directory-user.payload';

/** The data of a membership event: the user and the group, each as it is after the change. */
@JSONSchema({ description: 'A membership change: the user and the group.' })
export class GroupMembershipPayload {
  @NestedPayload(() => DirectoryUserPayload)
  @JSONSchema({ description: 'The member.' })
  user!: DirectoryUserPayload;

  @NestedPayload(() => DirectoryGroupPayload)
  @JSONSchema({
    description:
      'The group. Its memberCount counts this change, except in the user_removed events that precede a ' +
      'group.deleted, which carry the group as last stored.',
  })
  group!: DirectoryGroupPayload;
}
