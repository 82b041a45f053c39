import { CreateRoleMappingSchema1764950400000 } from './1764950400000-CreateRoleMappingSchema';
import { CreateRoleMappingOutboxAndInbox1764950400001 } from './1764950400001-CreateRoleMappingOutboxAndInbox';
import { AddOutboxPayloadReferences1764950400002 } from './1764950400002-AddOutboxPayloadReferences';

/** role-mapping-service's migrations, oldest first. Never edit one once merged: add a new one. */
export const ROLE_MAPPING_MIGRATIONS = [
  CreateRoleMappingSchema1764950400000,
  CreateRoleMappingOutboxAndInbox1764950400001,
  AddOutboxPayloadReferences1764950400002,
];
