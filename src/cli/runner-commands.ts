/**
 * `pgshift upgrade`, `downgrade`, `current` and `history`: flags, printing and
 * exit codes around the runner library. Every line goes through the
 * connection's redaction, so a password never reaches the terminal or a log.
 */
import type { LintResult } from '../engine/results.js';
import { formatResults } from '../reporters/index.js';
import { chooseConnection, redact, secretsOf, type ConnectionChoice } from '../runner/connection.js';
import { downgrade, status, upgrade, type HistoryEntry, type RunnerEvent, type RunnerRequest, type RunOutcome } from '../runner/runner.js';
import { type CliIO, parseFlags, UsageError } from './io.js';

const CONNECTION_HELP = `Connection:
      --url <url>            PostgreSQL URL (libpq style, e.g. postgresql://user@host/db?sslmode=require);
                             default: PGSHIFT_DATABASE_URL, then DATABASE_URL, then the embedded
                             PostgreSQL whose data lives in .pgshift/ beside the config
  -c, --config <file>        Use this config file instead of the nearest pgshift.config.json`;

export const UPGRADE_HELP = `Usage: pgshift upgrade [target] [options]

Lint every migration, then apply the pending ones in order up to target (a
migration id, default: the newest). The first pending migration with a lint
error and all after it are not applied.

Options:
      --sql                  Print the SQL that would run (transactions and ledger included); apply nothing
      --allow-changed        Go on although an applied migration's file changed since (checksum)
      --wait                 Wait for another runner on this database instead of exiting
${CONNECTION_HELP}
  -h, --help                 Show this help

Exit codes: 0 all applied; 1 stopped (lint error, failed migration, changed file,
another runner); 2 bad usage or configuration, no connection; 130 interrupted.
`;

export const DOWNGRADE_HELP = `Usage: pgshift downgrade <-N | target | base> [options]

Revert the N newest applied migrations, or every applied migration after
target (target stays applied; base reverts all), newest first, with each
migration's down script (<name>.down.sql beside it). Refuses, before reverting
anything, when one of them has no down script.

Options:
      --sql                  Print the SQL that would run; revert nothing
      --allow-changed        Go on although an applied migration's file changed since
      --wait                 Wait for another runner on this database instead of exiting
${CONNECTION_HELP}
  -h, --help                 Show this help
`;

export const CURRENT_HELP = `Usage: pgshift current [options]

Print the newest applied migration, and any applied migration whose file
changed since it was applied (checksum).

Options:
${CONNECTION_HELP}
  -h, --help                 Show this help
`;

export const HISTORY_HELP = `Usage: pgshift history [--verbose] [options]

List every migration with its state (applied, pending, changed since applied,
failed, missing file), when it was applied and how long it took, and its
release. --verbose adds each migration's lint findings.

Options:
  -v, --verbose              Show lint findings
${CONNECTION_HELP}
  -h, --help                 Show this help
`;

const COMMON_OPTIONS = {
  url: { type: 'string' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse<Options extends Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>>(args: string[], options: Options) {
  return parseFlags(args, { ...COMMON_OPTIONS, ...options });
}

/** Output that hides the connection's secrets, and knows whether it may redraw a progress line. */
class RunnerOutput {
  readonly secrets: string[];
  #progress = false;

  constructor(
    private readonly io: CliIO,
    connection: ConnectionChoice,
  ) {
    this.secrets = connection.url === undefined ? [] : secretsOf(connection.url);
  }

  get tty(): boolean {
    return this.io.stdout.isTTY === true;
  }

  line(text: string): void {
    this.clearProgress();
    this.io.stdout.write(`${redact(text, this.secrets)}\n`);
  }

  error(text: string): void {
    this.clearProgress();
    this.io.stderr.write(`${redact(text, this.secrets)}\n`);
  }

  progress(text: string): void {
    this.io.stdout.write(`\r\x1b[2K${redact(text, this.secrets)}`);
    this.#progress = true;
  }

  clearProgress(): void {
    if (this.#progress) this.io.stdout.write('\r\x1b[2K');
    this.#progress = false;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Progress: a redrawn line on a terminal, a plain line per migration otherwise. */
function eventPrinter(out: RunnerOutput): { onEvent: (event: RunnerEvent) => void; stop: () => void } {
  let current: { id: string; position: number; total: number; since: number; verb: string; detail: string } | undefined;
  const started = performance.now();
  const draw = () => {
    if (!current || !out.tty) return;
    out.progress(`[${current.position}/${current.total}] ${current.verb} ${current.id}${current.detail} ${formatMs(performance.now() - current.since)} (run ${formatMs(performance.now() - started)})`);
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      out.clearProgress();
    },
    onEvent(event) {
      switch (event.type) {
        case 'connected':
          out.line(`Database: ${event.label} (PostgreSQL ${Math.floor(event.serverVersion / 10000)}.${event.serverVersion % 10000 >= 100 ? Math.floor((event.serverVersion % 10000) / 100) : event.serverVersion % 100})`);
          break;
        case 'waiting-for-lock':
          out.line(`Waiting for the runner that holds the lock (session ${event.holders.join(', ') || 'unknown'})…`);
          break;
        case 'linted':
          out.line(`Linted ${event.migrations} migration${event.migrations === 1 ? '' : 's'}; ${event.pending} pending.`);
          break;
        case 'start':
          current = { id: event.id, position: event.position, total: event.total, since: performance.now(), verb: event.direction === 'up' ? 'applying' : 'reverting', detail: '' };
          draw();
          break;
        case 'statement':
          if (current) current.detail = ` (statement ${event.statement}/${event.statements})`;
          draw();
          break;
        case 'retry':
          out.line(`${event.id} gave up waiting for a lock; retry ${event.attempt} of ${event.retries} in ${formatMs(event.delayMs)}${event.blockers.length > 0 ? ` (blocked by session ${event.blockers.map((b) => b.pid).join(', ')})` : ''}`);
          draw();
          break;
        case 'done':
          current = undefined;
          out.line(`[${event.position}/${event.total}] ${event.direction === 'up' ? 'applied' : 'reverted'} ${event.id} (${formatMs(event.ms)})`);
          break;
      }
    },
  };
}

/** Ctrl-C and SIGTERM cancel the step in flight instead of killing the process mid-migration. */
function interruption(io: CliIO): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const dispose = io.onInterrupt?.(() => controller.abort()) ?? (() => undefined);
  return { signal: controller.signal, dispose };
}

/** Whatever escapes a command is printed by main: without the password. */
async function redacting<T>(out: RunnerOutput, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error) {
      error.message = redact(error.message, out.secrets);
      if (error.stack) error.stack = redact(error.stack, out.secrets);
    }
    throw error;
  }
}

function printFindings(out: RunnerOutput, results: readonly LintResult[], cwd: string, toStderr = false): void {
  if (results.length === 0) return;
  const text = formatResults('stylish', [...results], { color: false, cwd }).trimEnd();
  if (toStderr) out.error(text);
  else out.line(text);
}

function finish(out: RunnerOutput, outcome: RunOutcome, cwd: string, verbs: { done: string; none: string }): number {
  if (outcome.script !== undefined) {
    // stdout carries the script alone, so that it can go straight to psql; findings go to stderr.
    printFindings(out, [...outcome.warnings, ...(outcome.stop?.findings ? [outcome.stop.findings] : [])], cwd, true);
    out.line(outcome.script.trimEnd());
    if (outcome.stop) out.error(`-- stopped: ${outcome.stop.message}`);
    return outcome.stop ? 1 : 0;
  }
  printFindings(out, outcome.warnings, cwd);
  if (outcome.stop) {
    if (outcome.stop.findings) printFindings(out, [outcome.stop.findings], cwd);
    out.error(`pgshift: ${outcome.stop.message}`);
    if (outcome.done.length > 0 || outcome.total > 0) out.error(`${verbs.done} ${outcome.done.length} of ${outcome.total}.`);
    return outcome.stop.interrupted ? 130 : 1;
  }
  out.line(outcome.done.length === 0 ? verbs.none : `${verbs.done} ${outcome.done.length} migration${outcome.done.length === 1 ? '' : 's'}.`);
  return 0;
}

const APPLY_OPTIONS = { sql: { type: 'boolean', default: false }, 'allow-changed': { type: 'boolean', default: false }, wait: { type: 'boolean', default: false } } as const;

type ApplyFlags = ReturnType<typeof parse<typeof APPLY_OPTIONS>>['values'];

/** What upgrade and downgrade share: connection, progress, Ctrl-C, redaction, and the outcome's printing. */
async function applyCommand(
  io: CliIO,
  values: ApplyFlags,
  verbs: { done: string; none: string },
  run: (common: RunnerRequest & { sqlOnly: boolean; allowChanged: boolean; wait: boolean }) => Promise<RunOutcome>,
): Promise<number> {
  const connection = chooseConnection(values.url, io.env);
  const out = new RunnerOutput(io, connection);
  const printer = eventPrinter(out);
  const stop = interruption(io);
  try {
    const outcome = await redacting(out, () =>
      run({
        cwd: io.cwd,
        ...(values.config === undefined ? {} : { configFile: values.config }),
        connection,
        // --sql prints a script alone: no progress lines in it.
        ...(values.sql ? {} : { onEvent: printer.onEvent }),
        signal: stop.signal,
        sqlOnly: values.sql,
        allowChanged: values['allow-changed'],
        wait: values.wait,
      }),
    );
    printer.stop();
    return finish(out, outcome, io.cwd, verbs);
  } finally {
    printer.stop();
    stop.dispose();
  }
}

export async function upgradeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, APPLY_OPTIONS);
  if (values.help) {
    io.stdout.write(UPGRADE_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('upgrade takes at most one target');
  const target = positionals[0];
  return applyCommand(io, values, { done: 'Applied', none: 'Nothing to apply: the database is up to date.' }, (common) => upgrade({ ...common, ...(target === undefined ? {} : { target }) }));
}

export async function downgradeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(splitDowngradeArgs(args), APPLY_OPTIONS);
  if (values.help) {
    io.stdout.write(DOWNGRADE_HELP);
    return 0;
  }
  const [to] = positionals;
  if (positionals.length !== 1 || to === undefined) throw new UsageError('downgrade needs one of -N (e.g. -1), a migration id, or base');
  return applyCommand(io, values, { done: 'Reverted', none: 'Nothing to revert.' }, (common) => downgrade({ ...common, to }));
}

/** `-N` looks like a flag to parseArgs: take it out before parsing. */
export function splitDowngradeArgs(args: string[]): string[] {
  const steps = args.find((arg) => /^-\d+$/.test(arg));
  return steps === undefined ? args : [...args.filter((arg) => arg !== steps), '--', steps];
}

function appliedLine(entry: HistoryEntry): string {
  const row = entry.row;
  if (!row) return '';
  return `${row.applied_at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${row.duration_ms === null ? '' : `, ${formatMs(row.duration_ms)}`}, by ${row.applied_by}`;
}

export async function currentCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) {
    io.stdout.write(CURRENT_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('current takes no arguments');
  const connection = chooseConnection(values.url, io.env);
  const out = new RunnerOutput(io, connection);
  const { entries } = await redacting(out, () => status({ cwd: io.cwd, ...(values.config === undefined ? {} : { configFile: values.config }), connection }));
  const applied = entries.filter((e) => e.state === 'applied' || e.state === 'changed');
  const head = applied.at(-1);
  const pending = entries.filter((e) => e.state === 'pending' || e.state === 'failed').length;
  if (!head) out.line('No migration is applied.');
  else out.line(`${head.id}${head.release ? ` (release ${head.release})` : ''}: applied ${appliedLine(head)}`);
  const changed = entries.filter((e) => e.state === 'changed');
  if (changed.length > 0) out.line(`Changed since applied (checksum): ${changed.map((e) => e.id).join(', ')}`);
  else if (head) out.line('No applied migration changed since it was applied.');
  const failed = entries.filter((e) => e.state === 'failed');
  if (failed.length > 0) out.line(`Failed: ${failed.map((e) => e.id).join(', ')}`);
  const missing = entries.filter((e) => e.state === 'missing file');
  if (missing.length > 0) out.line(`Applied, but no longer on disk: ${missing.map((e) => e.id).join(', ')}`);
  out.line(pending === 0 ? 'Up to date.' : `${pending} migration${pending === 1 ? '' : 's'} pending.`);
  return 0;
}

export async function historyCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { verbose: { type: 'boolean', short: 'v', default: false } });
  if (values.help) {
    io.stdout.write(HISTORY_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('history takes no arguments');
  const connection = chooseConnection(values.url, io.env);
  const out = new RunnerOutput(io, connection);
  const { entries } = await redacting(out, () => status({ cwd: io.cwd, ...(values.config === undefined ? {} : { configFile: values.config }), connection, withFindings: values.verbose }));
  const width = Math.max(9, ...entries.map((e) => e.id.length));
  const releaseWidth = Math.max(7, ...entries.map((e) => (e.release ?? '').length));
  out.line(`${'STATE'.padEnd(12)} ${'MIGRATION'.padEnd(width)} ${'RELEASE'.padEnd(releaseWidth)} APPLIED`);
  for (const entry of entries) {
    const detail = entry.state === 'failed' ? `failed ${appliedLine(entry)}: ${entry.row?.error ?? ''}` : appliedLine(entry);
    out.line(`${entry.state.padEnd(12)} ${entry.id.padEnd(width)} ${(entry.release ?? '').padEnd(releaseWidth)} ${detail}`.trimEnd());
    if (values.verbose) {
      for (const m of entry.findings?.messages ?? []) out.line(`    ${m.line}:${m.column}  ${m.severity === 2 ? 'error' : 'warning'}  ${m.message.split('\n')[0]}  ${m.ruleId ?? ''}`.trimEnd());
    }
  }
  return 0;
}
