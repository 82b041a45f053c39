import { CreatePortalSchema1765324800000 } from './1765324800000-CreatePortalSchema';

/** The portal's migrations, oldest first. Never edit one once merged: add a new one. */
export const PORTAL_MIGRATIONS = [CreatePortalSchema1765324800000];
