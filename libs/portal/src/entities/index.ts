import { PortalLinkEntity } from './portal-link.entity';

export { PortalLinkEntity } from './portal-link.entity';

/** The entities of the portal's schema. */
export const PORTAL_ENTITIES = [PortalLinkEntity];
