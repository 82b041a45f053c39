import type { ConformanceTarget } from './conformance-client';
import { discoveryConformance } from './discovery.conformance';
import { errorsConformance } from './errors.conformance';
import { patchConformance } from './patch.conformance';
import { queryConformance } from './query.conformance';
import { resourcesConformance } from './resources.conformance';

/**
 * scimflow's own SCIM 2.0 conformance suite, written from RFC 7643 and RFC 7644 and run black-box over HTTP:
 * every check creates its own organization and directory through the management API and speaks SCIM to the
 * directory's endpoint as an identity provider would. Registered in the calling `describe`; `target` is read
 * once that `describe`'s own `beforeAll` has started the product (embedded, or the distributed services).
 */
export function scimConformanceSuite(target: () => ConformanceTarget): void {
  describe('discovery (RFC 7644 §4, RFC 7643 §5–7)', () => discoveryConformance(target));
  describe('resources: create, read, replace, delete (RFC 7644 §3.3–3.6, RFC 7643 §3–4)', () =>
    resourcesConformance(target));
  describe('queries: filter, sort, page, project, search (RFC 7644 §3.4)', () => queryConformance(target));
  describe('PATCH (RFC 7644 §3.5.2)', () => patchConformance(target));
  describe('errors, authentication, versions, content types (RFC 7644 §3.12, §3.14, §2)', () =>
    errorsConformance(target));
}
