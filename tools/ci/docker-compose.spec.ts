import { parse } from 'yaml';
import {
  COMMON_ENV,
  SERVICES,
  URL_TARGETS,
  deployableApps,
  environmentMap,
  readRepoFile,
} from './deployables';

// `docker compose config` needs the compose plugin and an engine, which CI does not have: these checks read
// docker-compose.yml as data instead, with what compose itself would reject or silently get wrong.

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: unknown;
  healthcheck?: { test?: string | string[]; interval?: string };
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readRepoFile('docker-compose.yml')) as ComposeFile;
const services = compose.services;
const appNames = Object.keys(SERVICES);
const healthcheckText = (service: ComposeService): string =>
  [service.healthcheck?.test ?? []].flat().join(' ');
const dependencies = (service: ComposeService): Record<string, { condition?: string }> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, {}]))
    : (service.depends_on ?? {});

describe('docker-compose.yml', () => {
  it('has a service for every deployable app under apps/, plus postgres and kafka', () => {
    expect(deployableApps()).toEqual([...appNames].sort());
    expect(Object.keys(services).sort()).toEqual([...appNames, 'kafka', 'postgres'].sort());
  });

  it.each(Object.keys(services))('%s has an image or a build, and a healthcheck', (name) => {
    const service = services[name] as ComposeService;
    expect(service.image ?? service.build).toBeDefined();
    expect(healthcheckText(service)).toMatch(/^CMD(-SHELL)? \S/);
  });

  it.each(Object.keys(services))(
    '%s depends only on healthy services that exist, without a cycle',
    (name) => {
      const seen: string[] = [];
      const visit = (current: string, path: string[]): void => {
        expect(path).not.toContain(current);
        for (const [dependency, { condition }] of Object.entries(
          dependencies(services[current] as ComposeService),
        )) {
          expect({ dependency, condition }).toEqual({ dependency, condition: 'service_healthy' });
          expect(services[dependency]?.healthcheck).toBeDefined();
          seen.push(dependency);
          visit(dependency, [...path, current]);
        }
      };
      visit(name, []);
      if (appNames.includes(name)) expect(seen).toEqual(expect.arrayContaining(['postgres', 'kafka']));
    },
  );

  describe.each(appNames)('%s', (name) => {
    const service = services[name] as ComposeService;
    const { port, env, secrets } = SERVICES[name] as (typeof SERVICES)[string];
    const environment = environmentMap(service?.environment);

    it('is built from deploy/docker/Dockerfile for its own app', () => {
      expect(service.build).toEqual({
        context: '.',
        dockerfile: 'deploy/docker/Dockerfile',
        args: { APP: name },
      });
    });

    it('gets every variable it reads', () => {
      expect(Object.keys(environment)).toEqual(expect.arrayContaining([...COMMON_ENV, ...env]));
      expect(environment).toEqual(
        expect.objectContaining({
          NODE_ENV: 'production',
          BUS: 'kafka',
          KAFKA_BROKERS: 'kafka:9092',
          PORT: String(port),
        }),
      );
    });

    it('reaches Postgres with the credentials the postgres service was created with', () => {
      const postgres = environmentMap(services['postgres']?.environment);
      const url = new URL(environment['DATABASE_URL'] ?? '');
      expect({
        host: url.host,
        user: url.username,
        password: url.password,
        database: url.pathname.slice(1),
      }).toEqual({
        host: 'postgres:5432',
        user: postgres['POSTGRES_USER'],
        password: postgres['POSTGRES_PASSWORD'],
        database: postgres['POSTGRES_DB'],
      });
    });

    it('refuses to start without its secrets instead of running with a default', () => {
      for (const secret of secrets)
        expect(environment[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
    });

    it('points its service URLs at those services and their ports', () => {
      for (const [key, target] of Object.entries(URL_TARGETS).filter(([key]) => key in environment)) {
        expect({ key, url: environment[key] }).toEqual({
          key,
          url: `http://${target}:${SERVICES[target]?.port}`,
        });
      }
    });

    it('is healthy only when its readiness endpoint answers', () => {
      expect(healthcheckText(service)).toContain(`http://127.0.0.1:${port}/health/ready`);
    });
  });

  it('publishes only the admin portal, the public gateway', () => {
    const published = Object.entries(services).filter(([, service]) => (service.ports ?? []).length > 0);
    expect(published.map(([name]) => name)).toEqual(['admin-portal']);
    expect(services['admin-portal']?.ports).toEqual([expect.stringMatching(/:8080$/)]);
  });

  it('runs Kafka from the apache/kafka image in KRaft mode, one node, internal topics with one replica', () => {
    const kafka = services['kafka'] as ComposeService;
    const environment = environmentMap(kafka.environment);
    expect(kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(environment).toEqual(
      expect.objectContaining({
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      }),
    );
    expect(Object.keys(environment).filter((key) => key.includes('ZOOKEEPER'))).toEqual([]);
    // A KRaft cluster id is 16 bytes in URL-safe base64, without padding.
    expect(Buffer.from(environment['CLUSTER_ID'] ?? '', 'base64url')).toHaveLength(16);
    expect(healthcheckText(kafka)).toContain('kafka-topics.sh --bootstrap-server localhost:9092');
  });

  it('runs Postgres 16 and keeps its data and Kafka’s in named volumes', () => {
    expect(services['postgres']?.image).toMatch(/^postgres:16(\.\d+)?(-alpine)?$/);
    expect(healthcheckText(services['postgres'] as ComposeService)).toContain('pg_isready');
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['kafka-data', 'postgres-data']);
  });
});

describe('.env.example', () => {
  const documented = new Set(
    readRepoFile('.env.example')
      .split('\n')
      .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((key): key is string => key !== undefined),
  );

  it('documents every variable that docker-compose.yml hands to a service', () => {
    const used = new Set(
      appNames.flatMap((name) => Object.keys(environmentMap(services[name]?.environment))),
    );
    expect([...used].filter((key) => !documented.has(key))).toEqual([]);
  });

  it.each(['DATA_DIR', 'KAFKA_PARTITIONS', 'SHUTDOWN_TIMEOUT_MS'])('documents %s', (key) => {
    expect(documented.has(key)).toBe(true);
  });
});

describe('deploy/docker/Dockerfile', () => {
  const dockerfile = readRepoFile('deploy/docker/Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1] ?? '';

  it('builds with npm ci and npm run build, then runs on a slim Node image', () => {
    expect(dockerfile).toMatch(/RUN npm ci[^\n]*\n(.*\n)*RUN npm run build/);
    expect(runtime).toMatch(/^node:\$\{NODE_VERSION\}-slim AS runtime/);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=(20|22)$/m);
  });

  it('ships production dependencies and dist only, as a non-root user', () => {
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(runtime).toMatch(/^COPY --from=production-dependencies .*\/app\/node_modules/m);
    expect(runtime).toMatch(/^COPY --from=build .*\/app\/dist \.\/dist$/m);
    expect(runtime).not.toMatch(/^COPY (?!--from)/m);
    expect(runtime).toMatch(/^USER node$/m);
  });

  it('starts the app named by the APP build argument', () => {
    expect(runtime).toMatch(/^ARG APP$/m);
    // tools/build.mjs compiles apps/<app>/src/main.ts to dist/apps/<app>/src/main.js
    expect(runtime).toContain('exec node --enable-source-maps dist/apps/${APP}/src/main.js');
  });
});
