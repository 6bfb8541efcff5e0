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
import { LSP_HELP, lspCommand } from './lsp-command.js';
import { RunnerError } from '../runner/errors.js';
import { EmbeddedServerError } from '../runner/embedded.js';
import { REVISION_HELP, revisionCommand } from './revision-command.js';
import { CURRENT_HELP, currentCommand, DOWNGRADE_HELP, downgradeCommand, HISTORY_HELP, historyCommand, UPGRADE_HELP, upgradeCommand } from './runner-commands.js';

const HELP = `Usage: pgshift <command> [options]

pgshift checks PostgreSQL migrations against a zero-downtime policy with the
real Postgres parser.

Commands:
  lint [paths...]         Lint migrations (pgshift lint --help for options)
  upgrade [target]        Lint, then apply the pending migrations that pass
  downgrade <-N|target>   Revert applied migrations with their down scripts
  current                 Show the newest applied migration and changed files
  history [--verbose]     List every migration with its state
  revision -m <text>      Create the next migration file
  lsp [--stdio]           Start the language server for editors (docs/editors.md)

Run pgshift <command> --help for a command's options.

Options:
  -h, --help        Show this help
  -v, --version     Print the version
`;

const COMMAND_HELP: Record<string, string> = { lint: LINT_HELP, upgrade: UPGRADE_HELP, downgrade: DOWNGRADE_HELP, current: CURRENT_HELP, history: HISTORY_HELP, revision: REVISION_HELP, lsp: LSP_HELP };

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await lintCommand(rest, io);
      case 'upgrade':
        return await upgradeCommand(rest, io);
      case 'downgrade':
        return await downgradeCommand(rest, io);
      case 'current':
        return await currentCommand(rest, io);
      case 'history':
        return await historyCommand(rest, io);
      case 'revision':
        return await revisionCommand(rest, io);
      case 'lsp':
        return await lspCommand(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(command === 'help' && rest[0] !== undefined ? (COMMAND_HELP[rest[0]] ?? HELP) : HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.stdout.write(`${packageVersion}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; run pgshift --help`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof NoFilesError || error instanceof ChangedFilesError || error instanceof RunnerError || error instanceof EmbeddedServerError) {
      io.stderr.write(`pgshift: ${error.message.split('\n')[0]}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`pgshift: internal error: ${message.split('\n')[0]}\n`);
      if (io.env.PGSHIFT_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
    return 2;
  }
}
