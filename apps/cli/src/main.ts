import { Command, CommanderError } from 'commander';
import { SigningKeyUnusable, TokenRequestInvalid } from '#auth';
import { ConfigError } from '#config';
import { DataDirectoryLocked } from '#sql';
import { registerExportCommand } from './commands/export.command.js';
import { registerProjectionsCommand } from './commands/projections.command.js';
import { registerTokenCommand } from './commands/token.command.js';
import { registerVerifyCommand } from './commands/verify.command.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';

/** Operator tasks. Each subcommand lives in its own file under commands/ and registers itself here. */
function buildProgram(): Command {
  const program = new Command('lrr')
    .description('Labor relations record: operator tasks')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      // Commander's own errors ("error: ...") are already one line; it appends usage hints we do not want.
      outputError: (text, write) => write(`${text.trim().split('\n')[0]}\n`),
    });
  registerTokenCommand(program);
  registerProjectionsCommand(program);
  registerExportCommand(program);
  registerVerifyCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof TokenRequestInvalid || error instanceof SigningKeyUnusable || error instanceof DataDirectoryLocked) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await run(process.argv.slice(2));
