import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { COMMON_ENV, REPO_ROOT, SERVICES, URL_TARGETS, deployableApps, readRepoFile } from './deployables';

// No cluster and no kubectl in CI: these checks read deploy/k8s as data.

interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Container[] } };
    ports?: { port: number; targetPort?: string | number }[];
  };
  data?: Record<string, string>;
}

const K8S_DIR = join(REPO_ROOT, 'deploy/k8s');
const kustomization = parseAllDocuments(readRepoFile('deploy/k8s/kustomization.yaml'))[0]?.toJS() as {
  resources: string[];
  secretGenerator: { name: string; envs: string[] }[];
};
const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readRepoFile(`deploy/k8s/${file}`)).map((document) => document.toJS() as Manifest),
);
const find = (kind: string, name: string): Manifest | undefined =>
  manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
const config = find('ConfigMap', 'scimflow-config')?.data ?? {};
const secretKeys = readRepoFile('deploy/k8s/secrets.env.example')
  .split('\n')
  .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
  .filter((key): key is string => key !== undefined);

describe('deploy/k8s', () => {
  it('lists every manifest of the folder in kustomization.yaml', () => {
    const files = readdirSync(K8S_DIR).filter(
      (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('has a Deployment and a Service for every deployable app', () => {
    const deployed = manifests
      .filter((manifest) => manifest.kind === 'Deployment')
      .map((manifest) => manifest.metadata.name);
    expect(deployed.sort()).toEqual(deployableApps());
    for (const app of deployableApps()) expect(find('Service', app)).toBeDefined();
  });

  it('generates the Secret from secrets.env, whose example holds the secrets and DATABASE_URL', () => {
    expect(kustomization.secretGenerator).toEqual([{ name: 'scimflow-secrets', envs: ['secrets.env'] }]);
    expect(secretKeys.sort()).toEqual(['ADMIN_API_KEY', 'DATABASE_URL', 'WEBHOOK_SECRET_KEY']);
    expect(readRepoFile('deploy/k8s/.gitignore').split('\n')).toContain('secrets.env');
  });

  describe.each(Object.keys(SERVICES))('%s', (app) => {
    const { port, env } = SERVICES[app] as (typeof SERVICES)[string];
    const deployment = find('Deployment', app);
    const container = deployment?.spec?.template?.spec?.containers?.[0];

    it('runs 2 replicas of its own image on its port', () => {
      expect(deployment?.spec?.replicas).toBe(2);
      expect(container?.image).toMatch(new RegExp(`^scimflow/${app}:`));
      expect(container?.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container?.env).toEqual([{ name: 'PORT', value: String(port) }]);
    });

    it('probes /health/ready for readiness and /health/live for liveness', () => {
      expect(container?.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container?.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    });

    it('requests CPU and memory', () => {
      expect(container?.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    });

    it('gets every variable it reads from the ConfigMap, the Secret or its own env', () => {
      expect(container?.envFrom).toEqual([
        { configMapRef: { name: 'scimflow-config' } },
        { secretRef: { name: 'scimflow-secrets' } },
      ]);
      const available = new Set([...Object.keys(config), ...secretKeys, 'PORT']);
      expect([...COMMON_ENV, ...env].filter((key) => !available.has(key))).toEqual([]);
    });

    it('is selected by its Service, which forwards its port', () => {
      const service = find('Service', app);
      const labels = deployment?.spec?.template?.metadata?.labels ?? {};
      expect(deployment?.spec?.selector?.matchLabels).toEqual({ 'app.kubernetes.io/name': app });
      expect(labels).toEqual(expect.objectContaining(service?.spec?.selector ?? { missing: 'selector' }));
      expect(service?.spec?.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
    });
  });

  it('points the internal service URLs of the ConfigMap at those Services', () => {
    for (const [key, target] of Object.entries(URL_TARGETS)) {
      expect({ key, url: config[key] }).toEqual({ key, url: `http://${target}:${SERVICES[target]?.port}` });
    }
    expect(config).toEqual(expect.objectContaining({ NODE_ENV: 'production', BUS: 'kafka' }));
  });
});
