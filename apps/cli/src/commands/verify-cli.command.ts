import type { Command } from 'commander';
import { BundleNotIntact, verifyBundleFile } from './verify.command.js';

interface VerifyOptions {
  readonly trustedKey?: readonly string[];
  readonly json?: boolean;
}

/** `verify <bundle.json> [--trusted-key <pem>]…`: exit 0 intact, 1 not intact, 2 unusable input. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify <bundle>')
    .description('verify an exported bundle offline: signature, section hashes, every event of every stream chain and the record checkpoint it carries (exit 0 intact, 1 not)')
    .option('--trusted-key <pem>', "the records office's bundle-signing public key (PEM); the bundle must be signed by it (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print the report as JSON')
    .action(async (bundle: string, options: VerifyOptions) => {
      const { exitCode, report } = await verifyBundleFile(bundle, { trustedKeyFiles: options.trustedKey ?? [], json: options.json ?? false }, (text) => process.stdout.write(text));
      if (exitCode !== 0) throw new BundleNotIntact(report);
    });
}
