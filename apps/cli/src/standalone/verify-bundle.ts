import { parseArgs } from 'node:util';
import { BundleNotIntact, verifyBundleFile } from '../commands/verify.command.js';
import { EXIT_USAGE, UsageError } from '../usage-error.js';

/*
 * The entry of the standalone verify-bundle.mjs: `npm run cli -- verify` for someone without this
 * repository. scripts/build-verifiers.mjs bundles it with the verify command and libs/bundle-verifier
 * into one file that imports only node: builtins; it prints what `verify` prints and exits as it does
 * (0 intact, 1 not intact, 2 unusable input).
 */

const USAGE = `usage: node verify-bundle.mjs <bundle.json> [--trusted-key <public-key.pem>]... [--json]

Verifies a signed lrr-bundle/1 file (an audit file or a public-records export of the labor
relations record) offline: its Ed25519 signature, the hash of every section and every event of
every stream's hash chain. Exit status 0: intact; 1: not intact; 2: the input cannot be used.
  --trusted-key <pem>  the records office's published public key; the bundle must be signed by it (repeatable)
  --json               print the report as JSON
`;

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'trusted-key': { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`error: ${parsed.positionals.length === 0 ? 'missing the bundle file' : 'one bundle file at a time'}\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    const { exitCode, report } = await verifyBundleFile(parsed.positionals[0]!, { trustedKeyFiles: parsed.values['trusted-key'] ?? [], json: parsed.values.json ?? false }, (text) => process.stdout.write(text));
    if (exitCode !== 0) throw new BundleNotIntact(report);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? EXIT_USAGE : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
// x
