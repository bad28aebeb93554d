import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { parse } from 'yaml';
import { loadConfig } from '#config';
import { copyOf, parseDockerfile } from '../../.ci/check-image-build.mjs';

/**
 * The deployment files, checked as text because Docker cannot run here: the CI workflow, the
 * compose file, the Dockerfile and the Node versions they and package.json name. (That the image's
 * file set compiles is image-build.int.spec.ts.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Env = Record<string, string | number>;
interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Env;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const workflow = parse(read('.github/workflows/ci.yml')) as {
  on: Record<string, unknown>;
  jobs: Record<string, { strategy: { matrix: { node: string[] } }; container: { image: string }; services: Record<string, { image: string; env: Env; options: string }>; env: Env; steps: { uses?: string; run?: string; name?: string }[] }>;
};
const job = workflow.jobs['test']!;
const dockerfile = parseDockerfile(read('Dockerfile'));
const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const engines = pkg.engines.node;
/** The EventStoreDB image the contract suite starts where Docker runs. */
const contractImage = /EVENTSTORE_IMAGE \?\? '([^']+)'/.exec(read('libs/event-store/src/eventstoredb/eventstoredb-event-store.int.spec.ts'))![1]!;

/** Compose's `${NAME:-default}` interpolation, with the given shell environment. */
function interpolate(env: Env, shell: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => shell[name] ?? fallback)]));
}

describe('CI workflow (.github/workflows/ci.yml)', () => {
  it('runs on every push and pull request, for each tested Node line, in a Debian container', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(job.strategy.matrix.node).toEqual(['20.19', '22', '24']);
    expect(job.container.image).toBe('node:${{ matrix.node }}-bookworm');
  });

  it('runs a real EventStoreDB (insecure single node) and PostgreSQL 15 as services, with health checks', () => {
    const { eventstore, postgres } = job.services;
    expect(eventstore!.image).toBe(contractImage);
    expect(eventstore!.image).toBe(services['eventstore']!.image);
    expect(eventstore!.env).toMatchObject({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_CLUSTER_SIZE: '1' });
    expect(eventstore!.options).toMatch(/--health-cmd "curl -fsS http:\/\/localhost:2113\/health\/live/);
    expect(postgres!.image).toBe('postgres:15');
    expect(postgres!.options).toMatch(/--health-cmd "pg_isready/);
  });

  it('points the suite at them: EVENTSTORE_CONNECTION_STRING and DATABASE_URL name the services', () => {
    const pg = job.services['postgres']!.env;
    expect(job.env['EVENTSTORE_CONNECTION_STRING']).toBe('esdb://eventstore:2113?tls=false');
    expect(job.env['DATABASE_URL']).toBe(`postgres://${pg['POSTGRES_USER']}:${pg['POSTGRES_PASSWORD']}@postgres:5432/${pg['POSTGRES_DB']}`);
    expect(() => loadConfig(interpolate({ EVENTSTORE_CONNECTION_STRING: job.env['EVENTSTORE_CONNECTION_STRING']!, DATABASE_URL: job.env['DATABASE_URL']! }))).not.toThrow();
  });

  it('installs Chromium and poppler-utils, then installs, type-checks, compiles the image set and runs the whole suite, in that order', () => {
    const runs = job.steps.map((s) => s.uses ?? s.run ?? '');
    expect(runs[0]).toMatch(/^actions\/checkout@v\d+$/);
    const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
    expect(runs[at(/apt-get install/)]).toMatch(/\bchromium\b.*\bpoppler-utils\b/);
    const order = [at(/apt-get install/), at(/^npm ci\b/), at(/^npm run typecheck$/), at(/^node \.ci\/check-image-build\.mjs$/), at(/^npm test$/)];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('docker-compose.yml', () => {
  const defaults = Object.entries(services).filter(([, s]) => !s.profiles);
  const cluster = Object.entries(services).filter(([, s]) => s.profiles?.includes('cluster'));

  it('starts EventStoreDB, PostgreSQL, the api and the projector by default, and the cluster only under its profile', () => {
    expect(defaults.map(([name]) => name).sort()).toEqual(['api', 'eventstore', 'postgres', 'projector']);
    expect(cluster.map(([name]) => name).sort()).toEqual(['api-cluster', 'cluster-database', 'esdb-node1', 'esdb-node2', 'esdb-node3', 'projector-cluster']);
    expect(services['eventstore']!.image).toBe(contractImage);
    expect(services['postgres']!.image).toBe('postgres:15');
    for (const app of ['api', 'projector', 'api-cluster', 'projector-cluster']) expect(services[app]).toMatchObject({ build: '.', image: 'labor-relations-record:local' });
  });

  it('needs no variable: every ${…} has a default, and the defaults make a valid configuration with embedded tokens', () => {
    const text = read('docker-compose.yml');
    const references = text.match(/\$\{[^}]*\}/g) ?? [];
    expect(references.filter((r) => !/^\$\{\w+:-[^}]*\}$/.test(r))).toEqual([]);
    for (const app of ['api', 'projector', 'api-cluster', 'projector-cluster']) {
      const config = loadConfig(interpolate(services[app]!.environment!));
      expect(config.auth.mode).toBe('embedded');
      expect(config.storage.eventStoreDbConnectionString).toMatch(/^esdb:\/\//);
      expect(config.http.host).toBe('0.0.0.0');
    }
    const oidc = { AUTH_ISSUER: 'https://id.example.org/', AUTH_AUDIENCE: 'lrr', AUTH_JWKS_URL: 'https://id.example.org/jwks' };
    expect(loadConfig(interpolate(services['api']!.environment!, oidc)).auth).toEqual({ mode: 'oidc', issuer: oidc.AUTH_ISSUER, audience: 'lrr', jwksUrl: oidc.AUTH_JWKS_URL });
  });

  it('health-checks every long-running service, and starts the apps only once their stores are healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'cluster-database') continue; // a one-shot job
      expect([name, service.healthcheck?.test.join(' ')]).toEqual([name, expect.stringMatching(/\/health\/live|pg_isready/)]);
    }
    for (const app of ['api', 'projector']) {
      expect(services[app]!.depends_on).toEqual({ eventstore: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    }
    for (const app of ['api-cluster', 'projector-cluster']) {
      expect(services[app]!.depends_on).toEqual({
        'esdb-node1': { condition: 'service_healthy' },
        'esdb-node2': { condition: 'service_healthy' },
        'esdb-node3': { condition: 'service_healthy' },
        'cluster-database': { condition: 'service_completed_successfully' },
      });
    }
    expect(services['cluster-database']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('wires the apps to the services it starts, and publishes ports on loopback only', () => {
    const pg = services['postgres']!.environment!;
    const app = interpolate(services['api']!.environment!);
    // The apps run as the least-privilege runtime role; the owner role migrates (docs/database-roles.md).
    expect(app['DATABASE_URL']).toBe(`postgres://lrr_app:lrr_app@postgres:5432/${pg['POSTGRES_DB']}`);
    expect(app['DATABASE_OWNER_URL']).toBe(`postgres://lrr_owner:lrr_owner@postgres:5432/${pg['POSTGRES_DB']}`);
    expect(services['eventstore']!.environment).toMatchObject({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_CLUSTER_SIZE: 1 });
    expect(app['EVENTSTORE_CONNECTION_STRING']).toBe('esdb://eventstore:2113?tls=false');
    expect(services['projector']!.command).toEqual(['node', '--max-semi-space-size=32', 'dist/apps/projector/src/main.js']);
    for (const [name, service] of Object.entries(services)) for (const port of service.ports ?? []) expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/)]);
  });

  it('cluster profile: three insecure nodes that seed each other; the api writes through gossip to the leader, the projector reads from followers', () => {
    const nodes = ['esdb-node1', 'esdb-node2', 'esdb-node3'];
    for (const node of nodes) {
      const env = services[node]!.environment!;
      expect(services[node]!.image).toBe(contractImage);
      expect(env).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: 3, EVENTSTORE_INSECURE: 'true', EVENTSTORE_DISCOVER_VIA_DNS: 'false', EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS: node });
      expect(String(env['EVENTSTORE_GOSSIP_SEED']).split(',').sort()).toEqual(nodes.filter((n) => n !== node).map((n) => `${n}:2113`));
    }
    const api = interpolate(services['api-cluster']!.environment!);
    const projector = interpolate(services['projector-cluster']!.environment!);
    expect(api['EVENTSTORE_CONNECTION_STRING']).toBe(`esdb://${nodes.map((n) => `${n}:2113`).join(',')}?tls=false`);
    expect(projector['EVENTSTORE_CONNECTION_STRING']).toBe(`${api['EVENTSTORE_CONNECTION_STRING']}&nodePreference=follower`);
    expect(api['DATABASE_URL']).toMatch(/\/lrr_read_models_cluster$/);
    expect(services['cluster-database']!.command!.join(' ')).toContain('createdb -O lrr_owner lrr_read_models_cluster');
  });
});

describe('Dockerfile', () => {
  const [build, runtime] = dockerfile.stages;
  const valuesOf = (stage: typeof build, instruction: string) => stage!.instructions.filter((i) => i.instruction === instruction).map((i) => i.value);

  it('compiles apps and libs only, from what it copies', () => {
    const copied = valuesOf(build, 'COPY').map(copyOf).flatMap((c) => c?.sources ?? []);
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.image.json', 'apps', 'libs']));
    expect(copied.filter((c) => c.startsWith('test'))).toEqual([]);
    expect(valuesOf(build, 'RUN').join('\n')).toMatch(/tsc -p tsconfig\.image\.json/);
    const image = JSON.parse(read('tsconfig.image.json')) as { extends: string; include: string[] };
    expect(image).toMatchObject({ extends: './tsconfig.build.json', include: ['apps/**/*.ts', 'libs/**/*.ts'] });
  });

  it('runs as an unprivileged user, with a health check on /health/live', () => {
    const users = valuesOf(runtime, 'USER');
    expect(users.at(-1)).toBe('node');
    expect(valuesOf(runtime, 'HEALTHCHECK').join(' ')).toMatch(/CMD .*\/health\/live/);
    expect(valuesOf(runtime, 'CMD').at(-1)).toContain('dist/apps/api/src/main.js');
  });
});

describe('Node versions', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  const requirements = Object.entries(lock.packages)
    .filter(([path, info]) => path !== '' && info.engines && !Array.isArray(info.engines) && info.engines.node)
    .map(([path, info]) => ({ name: `${path.replace(/^.*node_modules\//, '')}@${info.version}`, range: (info.engines as { node: string }).node }));

  it("package.json engines admits no Node version a dependency's engines excludes", () => {
    const narrower = requirements.filter((r) => !semver.subset(engines, r.range));
    expect(narrower.map((r) => `${r.name} wants ${r.range}`)).toEqual([]);
  });

  it('the image runs a Node line the engines admit; CI tests it and the other admitted LTS lines, plus 20.19 for older machines', () => {
    const nodeImage = dockerfile.args['NODE_IMAGE']!;
    const line = /^node:(\d+)-/.exec(nodeImage)![1]!;
    expect(semver.intersects(`${line}.x`, engines)).toBe(true);
    const matrix = job.strategy.matrix.node;
    expect(matrix).toContain(line);
    expect(matrix.filter((v) => v !== '20.19').every((v) => semver.intersects(`${v}.x`, engines))).toBe(true);
    const documented = read('docs/eventstoredb.md');
    for (const version of matrix) expect(documented).toContain(`Node ${version}`);
  });
});
