/**
 * The runner's commands as library functions: `upgrade`, `downgrade`,
 * `current` and `history`. Each reads the same config and migrations as
 * `pgshift lint`, gates on the same lint, and reports through events and a
 * returned outcome; the CLI only prints.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import { durationMs } from '../config/config.js';
import type { LintResult } from '../engine/results.js';
import { lintFiles, loadProjectConfig } from '../lint/index.js';
import { migrationId } from '../lint/lint-set.js';
import type { ConnectionChoice } from './connection.js';
import { LOCK_NOT_AVAILABLE, QUERY_CANCELED, type Blocker, type Database, type DatabaseError } from './database.js';
import { RunnerError } from './errors.js';
import { Ledger, quoteIdent, type LedgerRow } from './ledger.js';
import { readMigrations, type RunnerMigration } from './migrations.js';
import { doneChecksum, migrationSteps, renderScript, type Step } from './script.js';
import { openTarget, type Target } from './target.js';

export interface RunnerRequest {
  cwd: string;
  configFile?: string;
  connection: ConnectionChoice;
  onEvent?: (event: RunnerEvent) => void;
  /** Ctrl-C: the step in flight is cancelled and its transaction rolled back */
  signal?: AbortSignal;
}

export type RunnerEvent =
  | { type: 'connected'; label: string; serverVersion: number }
  | { type: 'waiting-for-lock'; holders: number[] }
  | { type: 'linted'; migrations: number; pending: number }
  | { type: 'start'; id: string; position: number; total: number; direction: 'up' | 'down' }
  | { type: 'statement'; id: string; statement: number; statements: number }
  | { type: 'retry'; id: string; attempt: number; retries: number; delayMs: number; blockers: readonly Blocker[] }
  | { type: 'done'; id: string; position: number; total: number; ms: number; direction: 'up' | 'down' };

/** Why a command stopped short; the CLI prints the message and exits 1. */
export interface Stop {
  message: string;
  /** the migration it stopped at */
  id?: string;
  /** the lint findings that stopped it */
  findings?: LintResult;
  interrupted?: boolean;
}

export interface RunOutcome {
  /** migrations applied (upgrade) or reverted (downgrade), in order */
  done: string[];
  /** what remained to do */
  total: number;
  stop?: Stop;
  /** `--sql`: the script, nothing was run */
  script?: string;
  /** lint warnings on the migrations it ran, to show */
  warnings: LintResult[];
}

interface Loaded {
  config: ResolvedConfig;
  migrations: RunnerMigration[];
  ledger: Ledger;
}

async function load(request: RunnerRequest): Promise<Loaded> {
  // pgshift applies these migrations and sets lock_timeout itself: the lint says so.
  const config = loadProjectConfig({ cwd: request.cwd, configFile: request.configFile, overrides: { appliedBy: 'pgshift' } });
  const { migrations } = await readMigrations(config);
  return { config, migrations, ledger: new Ledger(config.runner) };
}

async function readLedger(db: Database, ledger: Ledger): Promise<Map<string, LedgerRow>> {
  const [exists] = await db.query<{ present: boolean }>(ledger.existsQuery());
  if (!exists?.present) return new Map();
  const rows = await db.query<LedgerRow>(ledger.readQuery());
  return new Map(rows.map((row) => [row.id, row]));
}

/** Take the run's advisory lock: one runner at a time per ledger. */
async function lockRun(target: Target, ledger: Ledger, wait: boolean, onEvent: RunnerRequest['onEvent'], signal: AbortSignal | undefined): Promise<Stop | undefined> {
  const [got] = await target.db.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${ledger.lockKey}) AS locked`);
  if (got?.locked) return undefined;
  const holders = await lockHolders(target.db, ledger);
  if (!wait) {
    return { message: `another pgshift runner is applying migrations to this database (session ${holders.join(', ') || 'unknown'}); run again when it is done, or pass --wait to wait for it` };
  }
  onEvent?.({ type: 'waiting-for-lock', holders });
  // Ctrl-C cancels the wait; otherwise it would go on until the other runner ends.
  const interrupted: Stop = { message: 'interrupted while waiting for the other runner; nothing was run', interrupted: true };
  if (signal?.aborted) return interrupted;
  try {
    await withAbort(target.db, signal, async () => {
      await target.db.query(`SELECT pg_advisory_lock(${ledger.lockKey})`);
    });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  return signal?.aborted ? interrupted : undefined;
}

async function lockHolders(db: Database, ledger: Ledger): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = ${ledger.lockKey}`,
  );
  return rows.map((row) => row.pid);
}

/** The stop for applied migrations whose files changed since. */
function changedStop(changed: readonly RunnerMigration[], verb: 'applied' | 'reverted'): Stop {
  const one = changed.length === 1;
  return { message: `${changed.map((m) => m.id).join(', ')} changed since ${one ? 'it was' : 'they were'} applied (checksum); nothing was ${verb}. Restore the file${one ? '' : 's'}, or pass --allow-changed if the change is deliberate.` };
}

/** A migration to run, and the steps that run it. */
interface Plan {
  m: RunnerMigration;
  steps: Step[];
  /** the statement a no-transaction migration resumes at */
  resumeAt: number;
}

/** Run the plans in order with progress events; the first failure, or Ctrl-C between migrations, stops the rest. */
async function runPlans(target: Target, loaded: Loaded, plans: readonly Plan[], direction: 'up' | 'down', request: RunnerRequest, warnings: LintResult[], stop: Stop | undefined): Promise<RunOutcome> {
  const done: string[] = [];
  const total = plans.length;
  for (const [index, plan] of plans.entries()) {
    const position = index + 1;
    if (request.signal?.aborted) {
      return { done, total, warnings, stop: { id: plan.m.id, message: `interrupted before ${direction === 'up' ? '' : 'reverting '}${plan.m.id}; it did not start`, interrupted: true } };
    }
    request.onEvent?.({ type: 'start', id: plan.m.id, position, total, direction });
    const started = performance.now();
    const failure = await runMigration(target, loaded, plan.m, plan.steps, plan.resumeAt, direction, request);
    if (failure) return { done, total, warnings, stop: failure };
    done.push(plan.m.id);
    request.onEvent?.({ type: 'done', id: plan.m.id, position, total, ms: performance.now() - started, direction });
  }
  return { done, total, warnings, ...(stop ? { stop } : {}) };
}

/** `--sql`: the whole run as one script, inside the advisory lock the runner takes (after the heading, the ledger table first for upgrade). */
function runScript(ledger: Ledger, plans: readonly Plan[], header: readonly Step[] = []): string {
  const [heading, ...setup] = header;
  const lock: Step = { kind: 'setting', sql: `SELECT pg_try_advisory_lock(${ledger.lockKey})` };
  const unlock: Step = { kind: 'setting', sql: `SELECT pg_advisory_unlock(${ledger.lockKey})` };
  return renderScript([...(heading ? [heading] : []), lock, ...setup, ...plans.flatMap((p) => p.steps), unlock]);
}

/** Applied migrations whose file changed since: a stop, unless allowed. */
function changedSinceApplied(migrations: readonly RunnerMigration[], rows: ReadonlyMap<string, LedgerRow>): RunnerMigration[] {
  return migrations.filter((m) => {
    const row = rows.get(m.id);
    return row?.status === 'applied' && row.checksum !== m.checksum;
  });
}

function isApplied(rows: ReadonlyMap<string, LedgerRow>, id: string): boolean {
  return rows.get(id)?.status === 'applied';
}

/** A migration named on the command line: its id, the id without `.sql`, or its file name when that is unique. */
export function findMigration(migrations: readonly RunnerMigration[], name: string): number {
  const wanted = name.replace(/\\/g, '/');
  const exact = migrations.findIndex((m) => m.id === wanted || m.id === `${wanted}.sql`);
  if (exact >= 0) return exact;
  const byName = migrations.flatMap((m, i) => (path.posix.basename(m.id) === wanted || path.posix.basename(m.id) === `${wanted}.sql` ? [i] : []));
  if (byName.length === 1) return byName[0] as number;
  throw new RunnerError(byName.length > 1 ? `"${name}" names ${byName.length} migrations; give its folder too` : `no migration "${name}"`);
}

/**
 * Lint every migration, with the pending ones as one release when the project
 * configures none, and the server's major version unless the config names one.
 */
async function gate(request: RunnerRequest, loaded: Loaded, applied: ReadonlySet<string>, serverMajor: number | undefined, includeDown: boolean): Promise<Map<string, LintResult>> {
  const { config } = loaded;
  const pgVersion = !config.pgVersionChosen && serverMajor !== undefined ? Math.min(Math.max(serverMajor, 10), 18) : undefined;
  const releaseOf =
    config.releases === undefined
      ? (file: string, setRoot: string) => {
          const id = migrationId(file, setRoot);
          return applied.has(id) ? { name: 'applied', index: 0 } : { name: 'pending', index: 1 };
        }
      : undefined;
  const { results } = await lintFiles({
    cwd: request.cwd,
    configFile: request.configFile,
    overrides: { appliedBy: 'pgshift', ...(pgVersion === undefined ? {} : { pgVersion }) },
    includeDown,
    ...(releaseOf ? { releaseOf } : {}),
  });
  return new Map(results.map((result) => [path.resolve(result.filePath), result]));
}

function describeFindings(result: LintResult): string {
  const errors = result.messages.filter((m) => m.severity === 2);
  const rules = [...new Set(errors.map((m) => m.ruleId ?? 'parse error'))];
  return `${errors.length} lint error${errors.length === 1 ? '' : 's'} (${rules.join(', ')})`;
}

export interface UpgradeRequest extends RunnerRequest {
  target?: string;
  sqlOnly?: boolean;
  allowChanged?: boolean;
  wait?: boolean;
}

export async function upgrade(request: UpgradeRequest): Promise<RunOutcome> {
  const loaded = await load(request);
  const { migrations, ledger, config } = loaded;
  const last = request.target === undefined ? migrations.length - 1 : findMigration(migrations, request.target);
  const target = await openTarget(request.connection, config.baseDir, { readOnly: request.sqlOnly === true, cwd: request.cwd });
  try {
    if (target) request.onEvent?.({ type: 'connected', label: target.label, serverVersion: target.db.serverVersionNum });
    if (target && !request.sqlOnly) {
      const locked = await lockRun(target, ledger, request.wait === true, request.onEvent, request.signal);
      if (locked) return { done: [], total: 0, stop: locked, warnings: [] };
      for (const sql of ledger.createStatements()) await target.db.query(sql);
    }
    // Read after the lock: a runner that waited sees what the other one applied.
    const rows = target ? await readLedger(target.db, ledger) : new Map<string, LedgerRow>();
    const changed = changedSinceApplied(migrations, rows);
    if (changed.length > 0 && !request.allowChanged) {
      return { done: [], total: 0, warnings: [], stop: changedStop(changed, 'applied') };
    }
    const lastApplied = migrations.findLastIndex((m) => isApplied(rows, m.id));
    const pending = migrations.flatMap((m, i) => (i <= last && !isApplied(rows, m.id) ? [{ m, i }] : []));
    const early = pending.find(({ i }) => i < lastApplied);
    if (early) {
      return { done: [], total: 0, warnings: [], stop: { id: early.m.id, message: `${early.m.id} is pending, but ${migrations[lastApplied]?.id} after it is already applied; pgshift applies migrations in order. Give the new migration a name that sorts after the applied ones.` } };
    }
    const applied = new Set(migrations.filter((m) => isApplied(rows, m.id)).map((m) => m.id));
    const lint = await gate(request, loaded, applied, target?.db.serverMajor, false);
    request.onEvent?.({ type: 'linted', migrations: migrations.length, pending: pending.length });

    const plans: Plan[] = [];
    let stop: Stop | undefined;
    for (const { m } of pending) {
      const result = lint.get(path.resolve(m.path));
      if (result && result.errorCount > 0) {
        const after = pending.length - plans.length - 1;
        const notApplied = after === 0 ? 'it was not applied' : `it and the ${after} migration${after === 1 ? '' : 's'} after it were not applied`;
        stop = { id: m.id, findings: result, message: `${m.id} has ${describeFindings(result)}; ${notApplied}.` };
        break;
      }
      const resume = resumePoint(m, rows.get(m.id), ledger);
      if (typeof resume === 'string') {
        stop = { id: m.id, message: resume };
        break;
      }
      plans.push({ m, resumeAt: resume, steps: migrationSteps(m, 'up', config.runner, ledger, resume) });
    }
    const warnings = plans.flatMap(({ m }) => {
      const result = lint.get(path.resolve(m.path));
      return result && result.warningCount > 0 ? [result] : [];
    });
    if (request.sqlOnly) {
      const header: Step[] = [
        { kind: 'heading', sql: `-- pgshift upgrade --sql: ${plans.length} migration${plans.length === 1 ? '' : 's'}${stop ? `, stopping before ${stop.id}` : ''}` },
        ...ledger.createStatements().map((sql): Step => ({ kind: 'ledger', sql })),
      ];
      return { done: [], total: plans.length, script: runScript(ledger, plans, header), warnings, ...(stop ? { stop } : {}) };
    }
    const live = target as Target;
    // Before retrying a failed concurrent build: its INVALID index would make the retry fail.
    for (const plan of plans) {
      const invalid = await invalidIndexesOf(live.db, plan.m, rows.get(plan.m.id));
      if (invalid.length > 0) {
        return { done: [], total: plans.length, warnings, stop: { id: plan.m.id, message: `${plan.m.id} failed before and left ${invalid.length === 1 ? 'an INVALID index' : 'INVALID indexes'} behind; remove ${invalid.length === 1 ? 'it' : 'them'} before it runs again:\n${invalid.map((i) => `  ${dropCommand(i)}`).join('\n')}` } };
      }
    }
    return await runPlans(live, loaded, plans, 'up', request, warnings, stop);
  } finally {
    await target?.close();
  }
}

/** Where a migration starts: 0, or after the statements of a failed no-transaction run when they are unchanged; a message when they changed. */
function resumePoint(m: RunnerMigration, row: LedgerRow | undefined, ledger: Ledger): number | string {
  if (row?.status !== 'failed' || m.transactional || !row.statements_done) return 0;
  const ran = row.statements_done;
  if (ran <= m.statements.length && doneChecksum(m, ran) === row.done_checksum) return ran;
  return `${m.id} failed part-way on ${row.applied_at.toISOString()} after its first ${ran} statement${ran === 1 ? '' : 's'} ran outside a transaction, and ${ran === 1 ? 'that statement has' : 'those statements have'} changed since. pgshift cannot tell what is left to do: restore them, or undo their effect by hand and remove the row of ${m.id} from ${ledger.name}.`;
}

interface InvalidIndex {
  schema: string;
  name: string;
}

function dropCommand(index: InvalidIndex): string {
  return `DROP INDEX CONCURRENTLY ${quoteIdent(index.schema)}.${quoteIdent(index.name)};`;
}

async function invalidIndexes(db: Database): Promise<InvalidIndex[]> {
  return db.query<InvalidIndex>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid ORDER BY 1, 2`,
  );
}

/** INVALID indexes named by the migration's own index builds, when it failed before. */
async function invalidIndexesOf(db: Database, m: RunnerMigration, row: LedgerRow | undefined): Promise<InvalidIndex[]> {
  if (row?.status !== 'failed' || m.indexes.length === 0) return [];
  const names = new Set(m.indexes.map((i) => i.name));
  return (await invalidIndexes(db)).filter((i) => names.has(i.name));
}

/**
 * Run one migration's steps. A transactional one that gives up on
 * lock_timeout is rolled back and tried again after a growing delay; any other
 * failure, or the last retry, is recorded in the ledger as failed and stops
 * the run.
 */
async function runMigration(target: Target, loaded: Loaded, m: RunnerMigration, steps: readonly Step[], resumeAt: number, direction: 'up' | 'down', request: RunnerRequest): Promise<Stop | undefined> {
  const { db } = target;
  const { runner } = loaded.config;
  const script = direction === 'up' ? m : (m.down as NonNullable<RunnerMigration['down']>);
  const before = script.transactional ? [] : await invalidIndexes(db);
  let delay = durationMs(runner.retryDelay) ?? 0;
  for (let attempt = 0; ; attempt++) {
    let ran = resumeAt;
    try {
      for (const step of steps) {
        if (step.kind === 'heading') continue;
        if (request.signal?.aborted) throw interrupted();
        if (step.statement !== undefined) request.onEvent?.({ type: 'statement', id: m.id, statement: step.statement + 1, statements: script.statements.length });
        await withAbort(db, request.signal, () => db.step(step.sql));
        if (step.statement !== undefined) ran = step.statement + 1;
      }
      return undefined;
    } catch (error) {
      const failure = error as DatabaseError;
      if (failure instanceof RunnerError) throw failure;
      if (script.transactional) await db.query('ROLLBACK').catch(() => undefined);
      const blockers = db.blockers;
      const aborted = request.signal?.aborted === true;
      if (!aborted && script.transactional && failure.code === LOCK_NOT_AVAILABLE && attempt < runner.lockRetries) {
        request.onEvent?.({ type: 'retry', id: m.id, attempt: attempt + 1, retries: runner.lockRetries, delayMs: delay, blockers });
        await sleep(delay, request.signal);
        delay *= 2;
        continue;
      }
      await db.query('RESET ALL').catch(() => undefined);
      return recordFailure(target, loaded, m, script, direction, failure, { ran, resumeAt, before, blockers, attempts: attempt + 1, aborted });
    }
  }
}

async function recordFailure(
  target: Target,
  loaded: Loaded,
  m: RunnerMigration,
  script: NonNullable<RunnerMigration['down']>,
  direction: 'up' | 'down',
  failure: DatabaseError,
  facts: { ran: number; resumeAt: number; before: InvalidIndex[]; blockers: readonly Blocker[]; attempts: number; aborted: boolean },
): Promise<Stop> {
  const { db } = target;
  const what = direction === 'up' ? 'applying' : 'reverting';
  const reason = facts.aborted ? 'interrupted' : failure.code === LOCK_NOT_AVAILABLE ? `gave up waiting for a lock (lock_timeout ${loaded.config.runner.lockTimeout})` : failure.code === QUERY_CANCELED ? `was cancelled: ${failure.message}` : `failed: ${failure.message}`;
  const lines = [`${what} ${m.id} ${reason}${facts.attempts > 1 ? ` after ${facts.attempts} attempts` : ''}.`];
  if (failure.code === LOCK_NOT_AVAILABLE) lines.push(describeBlockers(facts.blockers));
  if (script.transactional) {
    lines.push(`Its transaction was rolled back: nothing of ${m.id} was applied${direction === 'down' ? ' reverted' : ''}.`);
  } else {
    const total = script.statements.length;
    const ranNow = facts.ran - facts.resumeAt;
    lines.push(
      facts.ran === 0
        ? `It runs outside a transaction; none of its ${total} statements completed.`
        : `It runs outside a transaction: statement${facts.ran === 1 ? '' : 's'} 1${facts.ran > 1 ? `-${facts.ran}` : ''} of ${total} completed${ranNow < facts.ran ? ` (${ranNow} in this run)` : ''} and ${facts.ran === 1 ? 'stays' : 'stay'} applied; statement ${facts.ran + 1} failed. The next run starts at statement ${facts.ran + 1}.`,
    );
    const known = new Set(facts.before.map((i) => `${i.schema}.${i.name}`));
    const left = (await invalidIndexes(db).catch(() => [])).filter((i) => !known.has(`${i.schema}.${i.name}`));
    if (left.length > 0) lines.push(`It left ${left.length === 1 ? 'an INVALID index' : 'INVALID indexes'}, which slow${left.length === 1 ? 's' : ''} writes and block${left.length === 1 ? 's' : ''} a retry; remove ${left.length === 1 ? 'it' : 'them'} with:\n${left.map((i) => `  ${dropCommand(i)}`).join('\n')}`);
  }
  if (direction === 'up') {
    const ledger = loaded.ledger;
    const ran = script.transactional ? null : facts.ran;
    await db
      .query(ledger.recordFailedQuery(), [m.id, m.checksum, m.release ?? null, ran, ran === null ? null : doneChecksum(script, ran), lines[0] ?? null])
      .catch(() => undefined);
  }
  return { id: m.id, message: lines.join('\n'), ...(facts.aborted ? { interrupted: true } : {}) };
}

function describeBlockers(blockers: readonly Blocker[]): string {
  if (blockers.length === 0) return 'No blocking session was seen while it waited (it may have ended just before).';
  return `Blocking session${blockers.length === 1 ? '' : 's'} (pg_stat_activity):\n${blockers
    .map((b) => `  pid ${b.pid}${b.user ? ` user ${b.user}` : ''}${b.application ? ` application "${b.application}"` : ''}${b.state ? ` ${b.state}` : ''}${b.transactionSeconds !== null ? `, in a transaction for ${b.transactionSeconds} s` : ''}${b.query ? `: ${b.query.replace(/\s+/g, ' ').trim()}` : ''}`)
    .join('\n')}`;
}

function interrupted(): DatabaseError {
  const error: DatabaseError = new Error('interrupted');
  error.code = QUERY_CANCELED;
  return error;
}

/** Run a step; an abort cancels it on the server (the step then fails and its transaction rolls back). */
async function withAbort(db: Database, signal: AbortSignal | undefined, run: () => Promise<void>): Promise<void> {
  if (!signal) return run();
  const cancel = () => void db.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    await run();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export interface DowngradeRequest extends RunnerRequest {
  /** `-N`: revert the N newest applied migrations; otherwise the id to go back to (it stays applied) */
  to: string;
  sqlOnly?: boolean;
  allowChanged?: boolean;
  wait?: boolean;
}

export async function downgrade(request: DowngradeRequest): Promise<RunOutcome> {
  const loaded = await load(request);
  const { migrations, ledger, config } = loaded;
  const count = /^-\d+$/.test(request.to) ? Number(request.to.slice(1)) : undefined;
  if (count === 0) throw new RunnerError('downgrade -N needs N of 1 or more');
  const keep = count === undefined ? (request.to === 'base' ? -1 : findMigration(migrations, request.to)) : undefined;
  const target = await openTarget(request.connection, config.baseDir, { readOnly: request.sqlOnly === true, cwd: request.cwd });
  if (!target) return { done: [], total: 0, warnings: [], stop: { message: 'no migration is applied: the embedded database does not exist yet' } };
  try {
    request.onEvent?.({ type: 'connected', label: target.label, serverVersion: target.db.serverVersionNum });
    if (!request.sqlOnly) {
      const locked = await lockRun(target, ledger, request.wait === true, request.onEvent, request.signal);
      if (locked) return { done: [], total: 0, stop: locked, warnings: [] };
    }
    const rows = await readLedger(target.db, ledger);
    const changed = changedSinceApplied(migrations, rows);
    if (changed.length > 0 && !request.allowChanged) {
      return { done: [], total: 0, warnings: [], stop: changedStop(changed, 'reverted') };
    }
    const appliedIndexes = migrations.flatMap((m, i) => (isApplied(rows, m.id) ? [i] : []));
    const revert = (count === undefined ? appliedIndexes.filter((i) => i > (keep as number)) : appliedIndexes.slice(-count)).reverse().map((i) => migrations[i] as RunnerMigration);
    if (count !== undefined && count > appliedIndexes.length) {
      return { done: [], total: 0, warnings: [], stop: { message: `only ${appliedIndexes.length} migration${appliedIndexes.length === 1 ? ' is' : 's are'} applied; nothing was reverted` } };
    }
    const missing = revert.filter((m) => m.down === undefined);
    if (missing.length > 0) {
      return { done: [], total: revert.length, warnings: [], stop: { id: missing[0]?.id, message: `${missing.map((m) => m.id).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no down migration (a \`.down.sql\` file beside it); nothing was reverted.` } };
    }
    const applied = new Set(appliedIndexes.map((i) => (migrations[i] as RunnerMigration).id));
    const lint = await gate(request, loaded, applied, target.db.serverMajor, true);
    const plans: Plan[] = [];
    let stop: Stop | undefined;
    for (const m of revert) {
      const result = lint.get(path.resolve((m.down as NonNullable<RunnerMigration['down']>).path));
      if (result && result.errorCount > 0) {
        stop = { id: m.id, findings: result, message: `the down migration of ${m.id} has ${describeFindings(result)}; it and the migrations before it were not reverted.` };
        break;
      }
      plans.push({ m, resumeAt: 0, steps: migrationSteps(m, 'down', config.runner, ledger) });
    }
    if (request.sqlOnly) {
      return { done: [], total: plans.length, script: runScript(ledger, plans), warnings: [], ...(stop ? { stop } : {}) };
    }
    return await runPlans(target, loaded, plans, 'down', request, [], stop);
  } finally {
    await target.close();
  }
}

export type MigrationState = 'applied' | 'changed' | 'pending' | 'failed' | 'missing file';

export interface HistoryEntry {
  id: string;
  state: MigrationState;
  release: string | undefined;
  row: LedgerRow | undefined;
  hasDown: boolean;
  findings?: LintResult;
}

export interface Status {
  label: string | undefined;
  entries: HistoryEntry[];
}

/** Every migration with its state, in apply order; applied ones whose file is gone come last. */
export async function status(request: RunnerRequest & { withFindings?: boolean }): Promise<Status> {
  const loaded = await load(request);
  const { migrations, ledger, config } = loaded;
  const target = await openTarget(request.connection, config.baseDir, { readOnly: true, cwd: request.cwd });
  try {
    const rows = target ? await readLedger(target.db, ledger) : new Map<string, LedgerRow>();
    const applied = new Set(migrations.filter((m) => isApplied(rows, m.id)).map((m) => m.id));
    const lint = request.withFindings ? await gate(request, loaded, applied, target?.db.serverMajor, false) : undefined;
    const entries: HistoryEntry[] = migrations.map((m) => {
      const row = rows.get(m.id);
      const state: MigrationState = row === undefined ? 'pending' : row.status === 'failed' ? 'failed' : row.checksum !== m.checksum ? 'changed' : 'applied';
      const findings = lint?.get(path.resolve(m.path));
      return { id: m.id, state, release: m.release, row, hasDown: m.down !== undefined, ...(findings ? { findings } : {}) };
    });
    const known = new Set(migrations.map((m) => m.id));
    for (const row of rows.values()) {
      if (!known.has(row.id) && row.status === 'applied') entries.push({ id: row.id, state: 'missing file', release: row.release ?? undefined, row, hasDown: false });
    }
    return { label: target?.label, entries };
  } finally {
    await target?.close();
  }
}
