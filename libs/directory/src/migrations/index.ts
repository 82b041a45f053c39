import { CreateDirectorySchema1764345600000 } from './1764345600000-CreateDirectorySchema';
import { CreateDirectoryOutboxAndInbox1764345600001 } from './1764345600001-CreateDirectoryOutboxAndInbox';

/** directory-service's migrations, oldest first. Never edit one once merged: add a new one. */
export const DIRECTORY_MIGRATIONS = [
  CreateDirectorySchema1764345600000,
  CreateDirectoryOutboxAndInbox1764345600001,
];
