import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, UsageError } from './usage-error.js';

type Register = (program: Command) => void;

/**
 * Each subcommand lives in its own file under commands/ and registers itself. A run loads only the
 * command it names (the others pull in the stores, Nest and PDF rendering, seconds of loading that
 * `token` does not need); help and unknown commands load them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  token: async () => {
    const { registerTokenCommand } = await import('./commands/token.command.js');
    return (program) => registerTokenCommand(program);
  },
  projections: async () => {
    const { registerProjectionsCommand } = await import('./commands/projections.command.js');
    return (program) => registerProjectionsCommand(program);
  },
  export: async () => {
    const { registerExportCommand } = await import('./commands/export.command.js');
    return (program) => registerExportCommand(program);
  },
  verify: async () => {
    const { registerVerifyCommand } = await import('./commands/verify-cli.command.js');
    return (program) => registerVerifyCommand(program);
  },
  import: async () => {
    const { registerImportCommand } = await import('./commands/import.command.js');
    return (program) => registerImportCommand(program);
  },
  checkpoint: async () => {
    const { registerCheckpointCommand } = await import('./commands/checkpoint.command.js');
    return (program) => registerCheckpointCommand(program);
  },
  'verify-record': async () => {
    const { registerVerifyRecordCommand } = await import('./commands/checkpoint.command.js');
    return (program) => registerVerifyRecordCommand(program);
  },
};

/** The package's version, from the package.json four levels above dist/apps/cli/src/main.js (and apps/cli/src/main.ts). */
function version(): string {
  for (const up of ['../../../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'labor-relations-record' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  return 'unknown';
}

/** The commands a run needs: the one named first, or every one (for help, or to name the unknown one). */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const named = argv.find((arg) => !arg.startsWith('-'));
  if (named === undefined && argv.some((arg) => arg === '-V' || arg === '--version')) return [];
  const load = named !== undefined && COMMANDS[named] ? [COMMANDS[named]] : Object.values(COMMANDS);
  return Promise.all(load.map((loader) => loader()));
}

/** Operator tasks. */
function buildProgram(commands: readonly Register[]): Command {
  const program = new Command('lrr')
    .description('Labor relations record: operator tasks')
    .version(version(), '-V, --version', 'print the version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      // Commander's own errors ("error: ...") are already one line; it appends usage hints we do not want.
      outputError: (text, write) => write(`${text.trim().split('\n')[0]}\n`),
    });
  for (const register of commands) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Bad configuration, a bad token request, an unusable key or a data directory in use: the caller's to mend. */
async function isUsageProblem(error: unknown): Promise<boolean> {
  // Loaded only when something failed: a successful `token` needs none of #sql.
  const [{ SigningKeyUnusable, TokenRequestInvalid }, { ConfigError }, { DataDirectoryLocked }] = await Promise.all([import('#identity'), import('#config'), import('#sql')]);
  return error instanceof ConfigError || error instanceof TokenRequestInvalid || error instanceof SigningKeyUnusable || error instanceof DataDirectoryLocked;
}

async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram(await commandsFor(argv)).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || (await isUsageProblem(error))) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await run(process.argv.slice(2));
