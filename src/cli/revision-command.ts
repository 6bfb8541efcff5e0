/**
 * `pgshift revision`: parses its flags, asks the runner's library for the new
 * migration file, prints where it went, and returns the exit code.
 */
import path from 'node:path';
import { createRevision, RevisionError } from '../runner/revision.js';
import { type CliIO, parseFlags, UsageError } from './io.js';

export const REVISION_HELP = `Usage: pgshift revision -m <message> [options]

Create an empty migration for pgshift's runner in the newest release (or the
one named with --release). Its name continues the folder's scheme: the next
number (003_… after 002_…), else a UTC timestamp (20240506070809_…), then a
slug of the message: 003_add_orders_status.sql.

Options:
  -m, --message <text>   What the migration does: the file name and its first
                         comment (required; repeat for more paragraphs)
      --release <name>   Add it to this release instead of the newest; with
                         "releases": "directories", a missing folder is created
      --no-transaction   Make its first line -- pgshift:no-transaction, to run it
                         outside a transaction (CREATE INDEX CONCURRENTLY, …)
      --down             Also create <name>.down.sql, which reverts it
  -c, --config <file>    Use this config file instead of the nearest pgshift.config.json
  -h, --help             Show this help

Exit codes: 0 created; 2 bad usage or bad config (nothing is overwritten).
`;

export async function revisionCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseFlags(args, {
    message: { type: 'string', short: 'm', multiple: true, default: [] },
    release: { type: 'string' },
    'no-transaction': { type: 'boolean', default: false },
    down: { type: 'boolean', default: false },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const flags = parsed.values;
  if (flags.help) {
    io.stdout.write(REVISION_HELP);
    return 0;
  }
  const [stray] = parsed.positionals;
  if (stray !== undefined) throw new UsageError(`unexpected argument "${stray}"; give the message with -m "<message>"`);
  // Like git commit, each -m is a paragraph.
  const message = flags.message.join('\n\n');
  if (message.trim() === '') throw new UsageError('pgshift revision needs a message: -m "what the migration does"');

  let created;
  try {
    created = await createRevision({
      cwd: io.cwd,
      configFile: flags.config,
      message,
      release: flags.release,
      noTransaction: flags['no-transaction'],
      down: flags.down,
    });
  } catch (error) {
    if (error instanceof RevisionError) throw new UsageError(error.message);
    throw error;
  }
  for (const file of [created.path, created.downPath]) {
    if (file !== undefined) io.stdout.write(`Created ${path.relative(io.cwd, file)}\n`);
  }
  for (const warning of created.warnings) io.stderr.write(`pgshift: warning: ${warning}\n`);
  return 0;
}
