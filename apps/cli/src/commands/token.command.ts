import { Option, type Command } from 'commander';
import { mintDevelopmentToken } from '#identity';
import { loadConfig } from '#config';
import { ROLES } from '#kernel';
import { UsageError } from '../usage-error.js';

interface TokenOptions {
  readonly role: string;
  readonly sub: string;
  readonly ttl: string;
}

/** `token --role <role> --sub <name> [--ttl 8h]`: prints a development token signed with the embedded key. */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a development bearer token signed with the embedded key in DATA_DIR (created if absent)')
    .addOption(new Option('--role <role>', 'role the token grants').choices(ROLES).makeOptionMandatory())
    .requiredOption('--sub <name>', 'subject: who the token stands for, such as you@example.org')
    .option('--ttl <duration>', 'lifetime: a number followed by s, m, h or d (at most 30d)', '8h')
    .action(async (options: TokenOptions) => {
      const config = loadConfig();
      if (config.auth.mode !== 'embedded') {
        throw new UsageError(`token: AUTH_ISSUER is set, so tokens come from ${config.auth.issuer}; this command mints tokens for the embedded key only`);
      }
      const token = await mintDevelopmentToken({ dataDir: config.auth.dataDir, role: options.role, subject: options.sub, ttl: options.ttl });
      process.stdout.write(`${token}\n`);
    });
}
