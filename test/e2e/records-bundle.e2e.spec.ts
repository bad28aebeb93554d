import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Command } from 'commander';
import request from 'supertest';
import { AccessModule } from '#access';
import { mintDevelopmentToken } from '#auth';
import { loadConfig } from '#config';
import { type EventStore, type Stores, openStores, readStreamOrEmpty } from '#event-store';
import { type Clock, announceApiEndpoint, createApp, endpointUrl } from '#platform';
import {
  AUDIT_FILE_RESOURCE,
  type Bundle,
  type ClassificationRegisterSection,
  RecordsModule,
  type WithheldLogSection,
  buildAuditBundle,
  bundleSigningPublicKeyPath,
  isWithheldEntry,
  standaloneVerifiers,
  verifyBundle,
} from '#records';
import { DataDirectoryLocked, lockDataDirectory } from '#sql';
import { CLI_EXPORT_RESOURCE, exportNegotiation, registerExportCommand } from '../../apps/cli/src/commands/export.command.js';
import { registerVerifyCommand } from '../../apps/cli/src/commands/verify-cli.command.js';
import { BundleNotIntact, verifyBundleFile } from '../../apps/cli/src/commands/verify.command.js';
import { UsageError } from '../../apps/cli/src/usage-error.js';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, RELEASE_BASIS, bayviewInMemory, reclassifyBayview, recordBayview, testSigner } from '../../libs/records/test/fixtures.js';
import { embeddedTemplate, withEmbeddedStores } from '#testing';

/*
 * The CLI's `verify` and `export`: first through the command functions (always), then as a spawned
 * process on the built CLI, once apps/cli/src/main.ts registers both commands.
 */
const root = resolve(import.meta.dirname, '..', '..');
const mainSource = readFileSync(join(root, 'apps/cli/src/main.ts'), 'utf8');
const REGISTERED = mainSource.includes('registerVerifyCommand(') && mainSource.includes('registerExportCommand(');
const spawned = REGISTERED ? describe : describe.skip;
const notRegistered = REGISTERED ? '' : ' [SKIPPED: apps/cli/src/main.ts does not call registerVerifyCommand(program) and registerExportCommand(program) yet]';

/** The environment of a CLI run on an embedded store in `dataDir`, whatever the test run was given. */
function cliEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  for (const name of ['DATABASE_URL', 'EVENTSTORE_CONNECTION_STRING', 'SIGNING_KEY_FILE', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL']) delete env[name];
  return env;
}

describe('records bundles from the CLI', () => {
  let dir: string;
  let intactPath: string;
  let tamperedPath: string;
  let publicKeyPath: string;
  let otherKeyPath: string;
  let tamperedEvent: { stream: string; revision: number; eventId: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrr-cli-'));
    const signer = testSigner();
    const bundle = await buildAuditBundle({ streams: await bayviewInMemory(), negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    intactPath = join(dir, `${bundle.manifest.bundleId}.json`);
    await writeFile(intactPath, JSON.stringify(bundle, null, 2));
    const tampered = JSON.parse(JSON.stringify(bundle)) as { events: Record<string, { revision: number; eventId: string; canonical: string }[]> };
    const stream = bundle.manifest.streams[0]!.stream;
    const victim = tampered.events[stream]!.find((e) => e.canonical.includes('Salary schedule increased by 2 percent'))!;
    victim.canonical = victim.canonical.replace('2 percent', '1 percent');
    tamperedEvent = { stream, revision: victim.revision, eventId: victim.eventId };
    tamperedPath = join(dir, 'tampered.json');
    await writeFile(tamperedPath, JSON.stringify(tampered));
    publicKeyPath = join(dir, 'bundle-signing-key.pub.pem');
    await writeFile(publicKeyPath, signer.publicKeyPem);
    otherKeyPath = join(dir, 'other.pub.pem');
    await writeFile(otherKeyPath, testSigner().publicKeyPem);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('verify, through the command function', () => {
    const run = async (path: string, trustedKeyFiles: string[] = []) => {
      let out = '';
      const result = await verifyBundleFile(path, { trustedKeyFiles }, (text) => (out += text));
      return { ...result, out };
    };

    it('passes an intact bundle (exit 0) and reports the key fingerprint', async () => {
      const { exitCode, out, report } = await run(intactPath, [publicKeyPath]);
      expect(exitCode).toBe(0);
      expect(out).toContain('Result     INTACT');
      expect(out).toContain(`key ${report.signature.fingerprint}`);
      expect(out).toContain('signed by a trusted key');
    });

    it('fails a tampered bundle (exit 1) and names the modified event', async () => {
      const { exitCode, out } = await run(tamperedPath);
      expect(exitCode).toBe(1);
      expect(out).toContain(`${tamperedEvent.stream} revision ${tamperedEvent.revision} (event ${tamperedEvent.eventId}) was modified`);
      expect(out).toContain('Result     NOT INTACT');
    });

    it('fails an intact bundle against another trusted key (exit 1)', async () => {
      const { exitCode, out } = await run(intactPath, [otherKeyPath]);
      expect(exitCode).toBe(1);
      expect(out).toContain('[key-untrusted]');
    });

    it('refuses unusable input as a usage error (exit 2): a missing file, a PDF, a bad key file', async () => {
      await expect(run(join(dir, 'absent.json'))).rejects.toThrow(new UsageError(`verify: cannot read bundle ${join(dir, 'absent.json')}: no such file`));
      const pdf = join(dir, 'file.pdf');
      await writeFile(pdf, '%PDF-1.3\n');
      await expect(run(pdf)).rejects.toThrow(/is not JSON \(it is a PDF that carries no attached bundle: pass the \.json bundle\)/);
      await expect(run(intactPath, [intactPath])).rejects.toThrow(UsageError);
    });

    it('is a commander subcommand that throws BundleNotIntact (exit 1 in main) for a tampered bundle', async () => {
      const program = new Command('lrr').exitOverride();
      registerVerifyCommand(program);
      registerExportCommand(program);
      const write = process.stdout.write;
      process.stdout.write = (() => true) as typeof process.stdout.write;
      try {
        await program.parseAsync(['verify', intactPath, '--trusted-key', publicKeyPath], { from: 'user' });
        await expect(program.parseAsync(['verify', tamperedPath], { from: 'user' })).rejects.toThrow(BundleNotIntact);
      } finally {
        process.stdout.write = write;
      }
    });
  });

  describe('export, through the command function, from an embedded store', () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'lrr-cli-data-'));
      await withEmbeddedStores(dataDir, (stores) => recordBayview(stores.events));
    }, 300_000);

    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('writes <bundleId>.json and .pdf, signed with the key generated into DATA_DIR/keys, and they verify', async () => {
      const out = join(dir, 'exported');
      const config = loadConfig({ DATA_DIR: dataDir });
      const audit = await exportNegotiation({ negotiationId: NEGOTIATION_ID, out, public: false, by: 'records@bayviewusd.example', role: 'records-officer' }, config, GENERATED_AT);
      const published = await exportNegotiation({ negotiationId: NEGOTIATION_ID, out, public: true, by: 'records@bayviewusd.example', role: 'records-officer' }, config, GENERATED_AT);
      expect((await readdir(out)).sort()).toEqual([`${audit.bundle.manifest.bundleId}.json`, `${audit.bundle.manifest.bundleId}.pdf`, `${published.bundle.manifest.bundleId}.json`, `${published.bundle.manifest.bundleId}.pdf`, 'verify-bundle.mjs', 'verify.html'].sort());
      expect(audit.verifierPaths.map((path) => readFileSync(path, 'utf8'))).toEqual([standaloneVerifiers()['verify.html'], standaloneVerifiers()['verify-bundle.mjs']]);
      // The file set verifies itself: the script shipped beside the bundle, run where it was written.
      const shipped = spawnSync(process.execPath, ['verify-bundle.mjs', `${audit.bundle.manifest.bundleId}.json`, '--trusted-key', bundleSigningPublicKeyPath(dataDir)], { cwd: out, encoding: 'utf8' });
      expect({ status: shipped.status, result: shipped.stdout.trim().split('\n').at(-1) }).toEqual({ status: 0, result: 'Result     INTACT' });
      expect(audit.publicKeyPath).toBe(bundleSigningPublicKeyPath(dataDir));
      expect((await stat(audit.jsonPath)).mode & 0o777).toBe(0o600);
      expect((await readFile(audit.pdfPath)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const bundle = JSON.parse(await readFile(audit.jsonPath, 'utf8')) as Bundle;
      expect(bundle.manifest.streams.map((s) => s.stream)).toEqual(['negotiation-bayview_2025', 'inforequest-rfi_2025_007']);
      for (const path of [audit.jsonPath, published.jsonPath]) {
        const { exitCode } = await verifyBundleFile(path, { trustedKeyFiles: [audit.publicKeyPath!] }, () => undefined);
        expect(exitCode).toBe(0);
      }
    }, 120_000);

    it('refuses an unknown negotiation and a malformed id as usage errors', async () => {
      const config = loadConfig({ DATA_DIR: dataDir });
      await expect(exportNegotiation({ negotiationId: 'nobody_here', out: join(dir, 'x'), public: false, by: 't', role: 'records-officer' }, config)).rejects.toThrow(
        new UsageError('export: no negotiation nobody_here in the record (stream negotiation-nobody_here is empty)'),
      );
      await expect(exportNegotiation({ negotiationId: '../etc', out: join(dir, 'x'), public: false, by: 't', role: 'records-officer' }, config)).rejects.toThrow(UsageError);
    }, 60_000);
  });

  spawned(`as a process: node dist/apps/cli/src/main.js${notRegistered}`, () => {
    const cli = join(root, 'dist/apps/cli/src/main.js');
    let dataDir: string;
    const node = (args: string[], env: NodeJS.ProcessEnv = cliEnv(dataDir)) => spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });

    beforeAll(async () => {
      // Build the CLI (incremental); the spawned process runs the compiled output.
      const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
      expect(existsSync(cli)).toBe(true);
      dataDir = await mkdtemp(join(tmpdir(), 'lrr-cli-proc-'));
      await withEmbeddedStores(dataDir, (stores) => recordBayview(stores.events));
    }, 900_000);

    afterAll(async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('verify: exit 0 on an intact bundle', () => {
      const result = node(['verify', intactPath, '--trusted-key', publicKeyPath]);
      expect(result.stdout).toContain('Result     INTACT');
      expect(result.status).toBe(0);
    });

    it('verify: exit 1 on a tampered bundle, naming the event', () => {
      const result = node(['verify', tamperedPath]);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`${tamperedEvent.stream} revision ${tamperedEvent.revision} (event ${tamperedEvent.eventId}) was modified`);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: bundle .* is NOT intact: 1 problem\(s\), listed above$/)]);
    });

    it('verify: exit 2 with one line for a missing file', () => {
      const result = node(['verify', join(dir, 'absent.json')]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([`error: verify: cannot read bundle ${join(dir, 'absent.json')}: no such file`]);
    });

    it('export then verify: the exported file verifies against the key in DATA_DIR/keys', () => {
      const out = join(dir, 'spawned-export');
      const exported = node(['export', NEGOTIATION_ID, '--out', out, '--by', 'records@bayviewusd.example']);
      expect(exported.stderr).toBe('');
      expect(exported.status).toBe(0);
      const jsonPath = exported.stdout.split('\n').map((l) => l.trim()).find((l) => l.endsWith('.json'))!;
      expect(existsSync(jsonPath.replace(/\.json$/, '.pdf'))).toBe(true);
      const verified = node(['verify', jsonPath, '--trusted-key', bundleSigningPublicKeyPath(dataDir)]);
      expect(verified.stdout).toContain('signed by a trusted key');
      expect(verified.status).toBe(0);
    });

    it('export while the API runs on the same data directory: through the running API, no downtime', async () => {
      const port = await freePort();
      const api = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], { cwd: root, env: { ...cliEnv(dataDir), PORT: String(port), RUN_PROJECTOR: 'false' }, stdio: 'ignore' });
      const announced = join(dataDir, 'lrr.api.json');
      try {
        for (const started = Date.now(); !existsSync(announced); ) {
          if (Date.now() - started > 90_000 || api.exitCode !== null) throw new Error(`the API did not start (exit ${api.exitCode})`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const out = join(dir, 'spawned-export-live');
        const exported = node(['export', NEGOTIATION_ID, '--out', out, '--by', 'records@bayviewusd.example', '--purpose', 'Annual records audit 2026']);
        expect(exported.stderr).toBe('');
        expect(exported.status).toBe(0);
        expect(exported.stdout).toContain('(through the running API)');
        const jsonPath = exported.stdout.split('\n').map((l) => l.trim()).find((l) => l.endsWith('.json'))!;
        expect(node(['verify', jsonPath, '--trusted-key', bundleSigningPublicKeyPath(dataDir)]).status).toBe(0);
      } finally {
        api.kill('SIGTERM');
        if (api.exitCode === null) await once(api, 'exit');
      }
      expect(existsSync(announced)).toBe(false);
    }, 180_000);
  });
});

/** A TCP port nothing listens on now (the API is started on it right after). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/*
 * One export use case (NegotiationExports) behind GET /negotiations/:id/audit-file and the CLI:
 * the same Bayview record, with classification changes recorded after the fact, is recorded into
 * two embedded stores (deterministic ids, times and hashes); the API exports from one, the CLI from
 * the other, and the files and the access logs they leave are compared. Then the CLI exports while
 * the API holds the data directory, the public-records file answers after a record was made public,
 * and a failed export answers problem+json naming what failed.
 */
describe('one export, through the API and the CLI, on the embedded store', () => {
  const PURPOSE = 'Annual records audit 2026';
  const BY = 'records@bayviewusd.example';
  const problemJson = /^application\/problem\+json/;
  let apiDir: string;
  let cliDir: string;
  let out: string;
  let app: INestApplication;
  let stores: Stores;
  let token: string;
  let reclassified: Awaited<ReturnType<typeof reclassifyBayview>>;
  const fixed: Clock = { now: () => new Date(GENERATED_AT) };
  const get = (path: string, extra: Record<string, string> = {}) => request(app.getHttpServer()).get(path).set({ Authorization: `Bearer ${token}`, ...extra });
  const accessLog = async (store: EventStore) => (await readStreamOrEmpty(store, `accesslog-${NEGOTIATION_ID}`)).map((e) => e.data as { eventId: string | null; resource: string; subject: string; purpose: string | null; classification: string });
  /** The records a file discloses whose classification in effect is confidential or privileged: what it must log. */
  const protectedIn = (bundle: Bundle) =>
    (bundle.sections['classificationRegister'] as unknown as ClassificationRegisterSection).entries.filter((e) => e.effectiveLevel === 'confidential' || e.effectiveLevel === 'privileged').map((e) => e.eventId).sort();

  beforeAll(async () => {
    [apiDir, cliDir, out] = await Promise.all([mkdtemp(join(tmpdir(), 'lrr-export-api-')), mkdtemp(join(tmpdir(), 'lrr-export-cli-')), mkdtemp(join(tmpdir(), 'lrr-export-out-'))]);
    await withEmbeddedStores(cliDir, async (cliStores) => {
      await recordBayview(cliStores.events);
      await reclassifyBayview(cliStores.events);
    });
    stores = await openStores({ dataDir: apiDir, ...embeddedTemplate() });
    await recordBayview(stores.events);
    reclassified = await reclassifyBayview(stores.events);
    const config = loadConfig({ DATA_DIR: apiDir, LOG_LEVEL: 'error' });
    app = await createApp({ config, stores, clock: fixed, imports: [AccessModule, RecordsModule.forRoot({ dataDir: apiDir, lateEntryDays: config.lateEntryDays })] });
    await app.listen(0, '127.0.0.1');
    announceApiEndpoint(apiDir, endpointUrl(app.getHttpServer().address()));
    token = await mintDevelopmentToken({ dataDir: apiDir, role: 'records-officer', subject: BY });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([apiDir, cliDir, out].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('the API and the CLI export the same audit file: identical sections, the same disclosure and withholding, and both log what they disclose', async () => {
    const response = await get(`/negotiations/${NEGOTIATION_ID}/audit-file`, { 'X-Access-Purpose': PURPOSE }).expect(200);
    const fromApi = response.body as Bundle;
    const fromCli = (await exportNegotiation({ negotiationId: NEGOTIATION_ID, out, public: false, by: BY, role: 'records-officer', purpose: PURPOSE }, loadConfig({ DATA_DIR: cliDir }), GENERATED_AT)).bundle;
    expect(fromCli.sections).toEqual(fromApi.sections);
    expect(fromCli.manifest.disclosure).toEqual(fromApi.manifest.disclosure);
    expect(fromCli.manifest.streams).toEqual(fromApi.manifest.streams);
    expect(fromCli.manifest.bundleId).toBe(fromApi.manifest.bundleId);
    // The classification changes apply: session 1 is confidential, the strategy note internal, D-1 public.
    const register = new Map((fromApi.sections['classificationRegister'] as unknown as ClassificationRegisterSection).entries.map((e) => [e.eventId, e.effectiveLevel]));
    expect([register.get(reclassified.session1), register.get(reclassified.strategyNote), register.get(reclassified.d1)]).toEqual(['confidential', 'internal', 'public']);
    // Each leaves one access-log entry per confidential or privileged record it disclosed, with its purpose.
    const expected = protectedIn(fromApi);
    expect(expected).toContain(reclassified.session1);
    expect(expected).not.toContain(reclassified.strategyNote);
    await withEmbeddedStores(cliDir, async (cliStores) => {
      for (const [log, resource] of [[await accessLog(stores.events), AUDIT_FILE_RESOURCE], [await accessLog(cliStores.events), CLI_EXPORT_RESOURCE]] as const) {
        expect(log.map((e) => e.eventId).sort()).toEqual(expected);
        expect(new Set(log.map((e) => `${e.resource} ${e.subject} ${e.purpose}`))).toEqual(new Set([`${resource} ${BY} ${PURPOSE}`]));
      }
    });
  }, 120_000);

  it('the CLI exports while the API holds the data directory: through the API, with a token minted for its operator', async () => {
    expect(() => lockDataDirectory(apiDir)).toThrow(DataDirectoryLocked);
    const before = (await accessLog(stores.events)).length;
    const result = await exportNegotiation({ negotiationId: NEGOTIATION_ID, out, public: false, by: 'cli:operator', role: 'records-officer', purpose: PURPOSE }, loadConfig({ DATA_DIR: apiDir }));
    expect(result.via).toBe('api');
    expect(result.bundle.manifest.generatedBy).toEqual({ subject: 'cli:operator', role: 'records-officer' });
    expect((await readFile(result.pdfPath)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { exitCode } = await verifyBundleFile(result.jsonPath, { trustedKeyFiles: [bundleSigningPublicKeyPath(apiDir)] }, () => undefined);
    expect(exitCode).toBe(0);
    const logged = (await accessLog(stores.events)).slice(before);
    expect(logged.length).toBeGreaterThan(0);
    expect(new Set(logged.map((e) => `${e.resource} ${e.subject}`))).toEqual(new Set([`${AUDIT_FILE_RESOURCE} cli:operator`]));
  }, 120_000);

  it('the public-records file answers after a record is reclassified public, as JSON and as PDF, and discloses it', async () => {
    const json = await get(`/negotiations/${NEGOTIATION_ID}/public-records-file`).expect(200);
    const bundle = json.body as Bundle;
    const shown = Object.values(bundle.events).flat().filter((e) => !isWithheldEntry(e)).map((e) => (e as { eventId: string }).eventId);
    expect(shown).toContain(reclassified.d1);
    const log = bundle.sections['withheldLog'] as unknown as WithheldLogSection;
    expect(log.disclosedAfterReclassification).toContainEqual(expect.objectContaining({ eventId: reclassified.d1, recorded: 'internal', effective: 'public', basis: RELEASE_BASIS }));
    expect((await verifyBundle(bundle)).intact).toBe(true);
    const pdf = await get(`/negotiations/${NEGOTIATION_ID}/public-records-file?format=pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('refuses an unknown format with 400 problem+json', async () => {
    const response = await get(`/negotiations/${NEGOTIATION_ID}/audit-file?format=docx`).expect(400);
    expect(response.headers['content-type']).toMatch(problemJson);
  });

  // Last: it damages the API's store.
  it('an export that fails answers problem+json naming what failed (here the stored record: stream, revision, event), never an opaque 500', async () => {
    const negotiation = await stores.events.readStream(`negotiation-${NEGOTIATION_ID}`);
    const session = negotiation.find((e) => e.type === 'SessionHeld')!;
    await stores.sql.exec('ALTER TABLE lrr_events DISABLE TRIGGER lrr_events_no_update_delete');
    await stores.sql.query(`UPDATE lrr_events SET canonical = replace(canonical, 'Board Room B', 'Board Room C') WHERE event_id = $1`, [session.eventId]);
    await stores.sql.exec('ALTER TABLE lrr_events ENABLE TRIGGER lrr_events_no_update_delete');
    for (const path of ['audit-file', 'audit-file?format=pdf', 'public-records-file', 'public-records-file?format=pdf']) {
      const response = await get(`/negotiations/${NEGOTIATION_ID}/${path}`, { 'X-Access-Purpose': PURPOSE }).expect(500);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({
        status: 500,
        code: 'CHAIN_BROKEN',
        record: { stream: `negotiation-${NEGOTIATION_ID}`, revision: session.revision, eventId: session.eventId },
        detail: expect.stringContaining(`negotiation-${NEGOTIATION_ID} does not hold together at revision ${session.revision}`),
      });
    }
  }, 120_000);
});
