/** Injection token of directory-service's TypeORM DataSource (schema `directory`). */
export const DIRECTORY_DATA_SOURCE = Symbol('DIRECTORY_DATA_SOURCE');
/** Injection token of the DirectoryOptions. */
export const DIRECTORY_OPTIONS = Symbol('DIRECTORY_OPTIONS');

export interface DirectoryOptions {
  /** Public base URL of the SCIM endpoints and the management API, without a trailing slash. */
  publicUrl: string;
  /** How long a rotated-out token keeps working, in milliseconds. */
  tokenGracePeriodMs: number;
}
