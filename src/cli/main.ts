/**
 * Entry point of the `pgshift` command: dispatches subcommands and turns
 * failures into exit code 2 with a one-line reason.
 */
import { ConfigError } from '../config/config.js';
import { packageVersion } from '../package-root.js';
import { ChangedFilesError } from '../sources/changed.js';
import { NoFilesError } from '../sources/discover.js';
import { type CliIO, processIO, UsageError } from './io.js';
import { LINT_HELP, lintCommand } from './lint-command.js';

const HELP = `Usage: pgshift <command> [options]

pgshift checks PostgreSQL migrations against a zero-downtime policy with the
real Postgres parser.

Commands:
  lint [paths...]   Lint migrations (pgshift lint --help for options)

Options:
  -h, --help        Show this help
  -v, --version     Print the version
`;

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await lintCommand(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(command === undefined ? HELP : command === 'help' && rest[0] === 'lint' ? LINT_HELP : HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.stdout.write(`${packageVersion}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; run pgshift --help`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof NoFilesError || error instanceof ChangedFilesError) {
      io.stderr.write(`pgshift: ${error.message.split('\n')[0]}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`pgshift: internal error: ${message.split('\n')[0]}\n`);
      if (io.env.PGSHIFT_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
    return 2;
  }
}
