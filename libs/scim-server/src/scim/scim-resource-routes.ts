import type { ScimResourceType } from '@scimflow/contracts';
import type { ScimCall } from '../http/scim-call.decorator';
import type { ScimHttpResult } from '../http/scim-response';
import { isSearchSegment, type ScimRoute } from '../http/scim-route';
import { ScimResourceService } from './scim-resource.service';
import { asSearchRequest } from './search-request';

/** The handler of one SCIM resource request, chosen by its method and path. */
export type ScimResourceHandler = (call: ScimCall) => Promise<ScimHttpResult>;

/**
 * /Users and /Groups of a directory (RFC 7644 §3.2–3.6): list (GET), create (POST), search (POST …/.search), and
 * by id GET, PUT, PATCH and DELETE. The SCIM pipeline routes these itself, once the request is authenticated,
 * within its rate limit, read and normalized, instead of handing them on to Express and Nest: every lookup and
 * write of a sync is one of them (ScimRequestPipeline says what that saves). Everything else under the SCIM base
 * (discovery, /.search at the base, /Bulk, /Me, unknown paths and methods) stays with the Nest controllers.
 */
export class ScimResourceRoutes {
  constructor(private readonly resources: ScimResourceService) {}

  /** The handler for `method` on `route`, or undefined when this is not a resource request. */
  handlerFor(method: string, route: ScimRoute): ScimResourceHandler | undefined {
    const type: ScimResourceType | undefined =
      route.resourceType === 'User' || route.resourceType === 'Group' ? route.resourceType : undefined;
    const [, id, ...rest] = route.segments;
    if (type === undefined || rest.length > 0) return undefined;
    const resources = this.resources;
    // HEAD is GET without the body, as Express routes it (Node leaves the body out).
    const verb = method === 'HEAD' ? 'GET' : method;
    if (id === undefined) {
      if (verb === 'GET') return (call) => resources.list(call, type, call.query);
      if (verb === 'POST') return (call) => resources.create(call, type);
      return undefined;
    }
    if (isSearchSegment(id)) {
      return verb === 'POST' ? (call) => resources.list(call, type, asSearchRequest(call.body)) : undefined;
    }
    switch (verb) {
      case 'GET':
        return (call) => resources.get(call, type, id);
      case 'PUT':
        return (call) => resources.replace(call, type, id);
      case 'PATCH':
        return (call) => resources.patch(call, type, id);
      case 'DELETE':
        return (call) => resources.delete(call, type, id);
      default:
        return undefined;
    }
  }
}
