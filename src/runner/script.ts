/**
 * What the runner sends, step by step. `--sql` prints these steps and the
 * runner executes the same ones, so the printed script is what runs.
 */
import { createHash } from 'node:crypto';
import type { RunnerSettings } from '../config/config.js';
import { quoteLiteral, type Ledger } from './ledger.js';
import type { MigrationScript, RunnerMigration } from './migrations.js';

export type StepKind =
  /** a comment naming the migration; printed, never sent */
  | 'heading'
  | 'begin'
  | 'setting'
  /** the migration's own SQL: the whole file, or one statement of a no-transaction migration */
  | 'migration'
  | 'ledger'
  | 'commit'
  | 'reset';

export interface Step {
  kind: StepKind;
  sql: string;
  /** for a statement of a no-transaction migration: its 0-based index in the file */
  statement?: number;
}

export interface PlannedRun {
  migration: RunnerMigration;
  direction: 'up' | 'down';
  /** a no-transaction migration that failed part-way resumes after the statements that ran */
  resumeAt: number;
  steps: Step[];
}

const STARTED_AT_SETTING = 'pgshift.started_at';

/** The steps that apply a migration (up) or revert it (down, with its down script). */
export function migrationSteps(migration: RunnerMigration, direction: 'up' | 'down', settings: RunnerSettings, ledger: Ledger, resumeAt = 0): Step[] {
  const script: MigrationScript = direction === 'up' ? migration : (migration.down as MigrationScript);
  const what = direction === 'up' ? `Migration ${migration.id}` : `Revert ${migration.id}`;
  const release = migration.release === undefined ? '' : ` (release ${migration.release})`;
  const record = (startedAt: string): Step => ({ kind: 'ledger', sql: direction === 'up' ? ledger.recordApplied(migration, startedAt) : ledger.deleteRow(migration.id) });
  if (script.transactional) {
    return [
      { kind: 'heading', sql: `-- ${what}${release}` },
      { kind: 'begin', sql: 'BEGIN' },
      { kind: 'setting', sql: `SET LOCAL lock_timeout = ${quoteLiteral(settings.lockTimeout)}` },
      { kind: 'setting', sql: `SET LOCAL statement_timeout = ${quoteLiteral(settings.statementTimeout)}` },
      { kind: 'migration', sql: script.text },
      record('now()'),
      { kind: 'commit', sql: 'COMMIT' },
      { kind: 'reset', sql: 'RESET ALL' },
    ];
  }
  const resumed = resumeAt > 0 ? `, resuming after statement ${resumeAt} of ${script.statements.length}` : '';
  return [
    { kind: 'heading', sql: `-- ${what}${release}: outside a transaction, one statement at a time${resumed}` },
    { kind: 'setting', sql: `SET lock_timeout = ${quoteLiteral(settings.lockTimeout)}` },
    { kind: 'setting', sql: `SET statement_timeout = ${quoteLiteral(settings.statementTimeout)}` },
    { kind: 'setting', sql: `SELECT set_config(${quoteLiteral(STARTED_AT_SETTING)}, clock_timestamp()::text, false)` },
    ...script.statements.slice(resumeAt).map((sql, i): Step => ({ kind: 'migration', sql, statement: resumeAt + i })),
    record(`current_setting(${quoteLiteral(STARTED_AT_SETTING)})::timestamptz`),
    { kind: 'reset', sql: 'RESET ALL' },
  ];
}

/** sha256 of the first `count` statements, which a resumed migration must still start with. */
export function doneChecksum(script: MigrationScript, count: number): string {
  return createHash('sha256').update(script.statements.slice(0, count).join('\u0000')).digest('hex');
}

/** The steps as one SQL script, as `psql -f` would run it. */
export function renderScript(steps: readonly Step[]): string {
  return steps.map((step) => (step.kind === 'heading' ? `\n${step.sql}\n` : terminated(step.sql))).join('');
}

/**
 * A step's SQL ended by `;` and a newline. The migration's own text may end in
 * a comment or already carry its `;`: a new line keeps a trailing `--`
 * comment from swallowing the `;`, and a second `;` would be an empty
 * statement, which is harmless but noisy.
 */
function terminated(sql: string): string {
  const body = sql.replace(/\s+$/, '');
  if (body.endsWith(';')) return `${body}\n`;
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return lastLine.includes('--') ? `${body}\n;\n` : `${body};\n`;
}
