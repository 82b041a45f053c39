import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../..');

/** What every deployable service reads, whatever it is. */
export const COMMON_ENV = ['NODE_ENV', 'BUS', 'KAFKA_BROKERS', 'DATABASE_URL', 'PORT', 'LOG_LEVEL'];

/** The distributed deployment: port and the variables each service needs beyond COMMON_ENV. */
export const SERVICES: Record<string, { port: number; env: string[]; secrets: string[] }> = {
  'scim-ingress': { port: 3001, env: ['DIRECTORY_SERVICE_URL'], secrets: [] },
  'directory-service': { port: 3002, env: ['ADMIN_API_KEY', 'PUBLIC_URL'], secrets: ['ADMIN_API_KEY'] },
  'role-mapping-service': { port: 3003, env: ['ADMIN_API_KEY'], secrets: ['ADMIN_API_KEY'] },
  'webhook-dispatcher': {
    port: 3004,
    env: ['ADMIN_API_KEY', 'WEBHOOK_SECRET_KEY'],
    secrets: ['ADMIN_API_KEY', 'WEBHOOK_SECRET_KEY'],
  },
  'admin-portal': {
    port: 8080,
    env: [
      'ADMIN_API_KEY',
      'DIRECTORY_SERVICE_URL',
      'SCIM_INGRESS_URL',
      'ROLE_MAPPING_SERVICE_URL',
      'WEBHOOK_DISPATCHER_URL',
    ],
    secrets: ['ADMIN_API_KEY'],
  },
};

/** The service an internal URL variable points at. */
export const URL_TARGETS: Record<string, string> = {
  DIRECTORY_SERVICE_URL: 'directory-service',
  SCIM_INGRESS_URL: 'scim-ingress',
  ROLE_MAPPING_SERVICE_URL: 'role-mapping-service',
  WEBHOOK_DISPATCHER_URL: 'webhook-dispatcher',
};

/**
 * The folders of apps/ that deploy as a service of their own: all but the embedded entry point (tagged
 * scope:embedded), which runs every service in one process and is not part of the distributed deployment.
 */
export function deployableApps(): string[] {
  const appsDir = join(REPO_ROOT, 'apps');
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => {
      const projectFile = join(appsDir, name, 'project.json');
      if (!existsSync(projectFile)) return true;
      const project = JSON.parse(readFileSync(projectFile, 'utf8')) as { tags?: string[] };
      return !(project.tags ?? []).includes('scope:embedded');
    })
    .sort();
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** A map from a compose `environment` (map or KEY=value list form). */
export function environmentMap(environment: unknown): Record<string, string> {
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const text = String(entry);
        const equals = text.indexOf('=');
        return equals < 0 ? [text, ''] : [text.slice(0, equals), text.slice(equals + 1)];
      }),
    );
  }
  if (environment && typeof environment === 'object') {
    return Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]),
    );
  }
  return {};
}
