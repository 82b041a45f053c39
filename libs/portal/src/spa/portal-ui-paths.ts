import { existsSync } from 'node:fs';
import path from 'node:path';

/** Path prefixes the UI never answers: the APIs, SCIM, health and internal routes keep their own 404s. */
export const RESERVED_PATH = /^\/(api|scim|health|internal)(\/|$)/i;

/** Whether a GET of `requestPath` is the UI's: not reserved for the APIs. */
export function isUiPath(requestPath: string): boolean {
  return !RESERVED_PATH.test(requestPath);
}

/** Whether `requestPath` names a file (an asset) rather than a page of the single-page application. */
export function isAssetPath(requestPath: string): boolean {
  return /\.[A-Za-z0-9]{1,8}$/.test(requestPath);
}

/**
 * The built UI's directory: `apps/admin-portal/ui/dist` (holding index.html) in the first of `from`'s
 * ancestors that has one. Both the sources (`libs/portal/src/ui`) and the build (`dist/libs/portal/src/ui`)
 * sit under the repository root. Null when it is not built.
 */
export function findPortalUiDir(from: string = __dirname): string | null {
  let directory = path.resolve(from);
  for (;;) {
    const candidate = path.join(directory, 'apps', 'admin-portal', 'ui', 'dist');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}
