/**
 * `pgshift lsp`: start the language server on standard input and output.
 * The server module (and vscode-languageserver) is loaded only here, so the
 * other commands do not pay for it.
 */
import { type CliIO, parseFlags, UsageError } from './io.js';

export const LSP_HELP = `Usage: pgshift lsp [--stdio]

Start the pgshift language server: diagnostics for .sql documents as you type
(the same rules and pgshift.config.json as pgshift lint, with the migrations
before the document as history), quick fixes, "disable for this line" with a
reason, and hovers that show the locks a statement takes. See docs/editors.md
for VS Code, Neovim, Helix and Zed.

Options:
      --stdio      Speak the Language Server Protocol on standard input and
                   output (the default and only transport)
  -h, --help       Show this help
`;

export async function lspCommand(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(
      args,
      {
        stdio: { type: 'boolean', default: true },
        // Clients pass their process id so a server can exit with them; vscode-languageserver watches it already.
        clientProcessId: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      { positionals: false },
    );
  } catch (error) {
    if (error instanceof UsageError && /--(node-ipc|socket|pipe)/.test(error.message)) throw new UsageError('pgshift lsp speaks only over standard input and output (--stdio)');
    throw error;
  }
  if (parsed.values.help) {
    io.stdout.write(LSP_HELP);
    return 0;
  }
  const { startServer } = await import('../lsp/server.js');
  const connection = startServer({ input: process.stdin, output: process.stdout, redirectConsole: true });
  // vscode-languageserver ends the process on `exit` and when the input closes; until then the server runs.
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0));
  });
}
