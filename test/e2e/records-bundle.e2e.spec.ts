import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { type Bundle, buildAuditBundle, bundleSigningPublicKeyPath } from '#records';
import { exportNegotiation, registerExportCommand } from '../../apps/cli/src/commands/export.command.js';
import { BundleNotIntact, registerVerifyCommand, verifyBundleFile } from '../../apps/cli/src/commands/verify.command.js';
import { UsageError } from '../../apps/cli/src/usage-error.js';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, bayviewInMemory, recordBayview, testSigner } from '../../libs/records/test/fixtures.js';

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
      await expect(run(pdf)).rejects.toThrow(/is not JSON \(it is the PDF rendering: pass the \.json bundle\)/);
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
      const stores = await openStores({ dataDir });
      try {
        await recordBayview(stores.events);
      } finally {
        await stores.close();
      }
    }, 300_000);

    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('writes <bundleId>.json and .pdf, signed with the key generated into DATA_DIR/keys, and they verify', async () => {
      const out = join(dir, 'exported');
      const config = loadConfig({ DATA_DIR: dataDir });
      const audit = await exportNegotiation({ negotiationId: NEGOTIATION_ID, out, public: false, by: 'records@bayviewusd.example', role: 'records-officer' }, config, GENERATED_AT);
      const published = await exportNegotiation({ negotiationId: NEGOTIATION_ID, out, public: true, by: 'records@bayviewusd.example', role: 'records-officer' }, config, GENERATED_AT);
      expect((await readdir(out)).sort()).toEqual([`${audit.bundle.manifest.bundleId}.json`, `${audit.bundle.manifest.bundleId}.pdf`, `${published.bundle.manifest.bundleId}.json`, `${published.bundle.manifest.bundleId}.pdf`].sort());
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
      const stores = await openStores({ dataDir });
      try {
        await recordBayview(stores.events);
      } finally {
        await stores.close();
      }
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
  });
});
