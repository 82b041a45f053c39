import { CreateDirectorySchema1764345600000 } from './1764345600000-CreateDirectorySchema';
import { CreateDirectoryOutboxAndInbox1764345600001 } from './1764345600001-CreateDirectoryOutboxAndInbox';
import { CreateDeadLetters1764345600002 } from './1764345600002-CreateDeadLetters';
import { CreateUserRoles1764345600003 } from './1764345600003-CreateUserRoles';
import { CreateCommandReplies1764345600004 } from './1764345600004-CreateCommandReplies';
import { AddEventPositions1764345600005 } from './1764345600005-AddEventPositions';
import { AddOutboxPayloadReferences1764345600006 } from './1764345600006-AddOutboxPayloadReferences';

/** directory-service's migrations, oldest first. Never edit one once merged: add a new one. */
export const DIRECTORY_MIGRATIONS = [
  CreateDirectorySchema1764345600000,
  CreateDirectoryOutboxAndInbox1764345600001,
  CreateDeadLetters1764345600002,
  CreateUserRoles1764345600003,
  CreateCommandReplies1764345600004,
  AddEventPositions1764345600005,
  AddOutboxPayloadReferences1764345600006,
];
