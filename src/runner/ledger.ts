/**
 * The ledger: one row per migration the runner applied (or saw fail), in a
 * table of the target database. A transactional migration writes its row in
 * its own transaction, so the two commit together or not at all.
 */
import type { RunnerSettings } from '../config/config.js';

export type LedgerStatus = 'applied' | 'failed';

export interface LedgerRow {
  id: string;
  checksum: string;
  release: string | null;
  status: LedgerStatus;
  applied_at: Date;
  duration_ms: number | null;
  applied_by: string;
  /** for a no-transaction migration that failed: how many of its statements ran */
  statements_done: number | null;
  /** sha256 of those statements' text, to tell whether they are still the file's first ones */
  done_checksum: string | null;
  error: string | null;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export class Ledger {
  /** the table as SQL: `"schema"."table"` or `"table"` */
  readonly table: string;
  /** the name as written in the config, for messages */
  readonly name: string;
  readonly schema: string | undefined;

  constructor(settings: Pick<RunnerSettings, 'ledgerTable'>) {
    this.name = settings.ledgerTable;
    const [first, second] = settings.ledgerTable.split('.');
    this.schema = second === undefined ? undefined : first;
    this.table = [first, second].filter((part): part is string => part !== undefined).map(quoteIdent).join('.');
  }

  /** The advisory lock every runner on this ledger takes for its whole run. */
  get lockKey(): string {
    return `hashtextextended(${quoteLiteral(`pgshift:${this.name}`)}, 0)`;
  }

  createStatements(): string[] {
    const create = `CREATE TABLE IF NOT EXISTS ${this.table} (
  id text PRIMARY KEY,
  checksum text NOT NULL,
  release text,
  status text NOT NULL CHECK (status IN ('applied', 'failed')),
  applied_at timestamptz NOT NULL,
  duration_ms integer,
  applied_by text NOT NULL,
  statements_done integer,
  done_checksum text,
  error text
)`;
    return this.schema === undefined ? [create] : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`, create];
  }

  /** `to_regclass` of the table: NULL until the first run creates it. */
  existsQuery(): string {
    return `SELECT to_regclass(${quoteLiteral(this.table)}) IS NOT NULL AS present`;
  }

  readQuery(): string {
    return `SELECT id, checksum, release, status, applied_at, duration_ms, applied_by, statements_done, done_checksum, error FROM ${this.table}`;
  }

  /**
   * The row of an applied migration, written as literal SQL so that `--sql`
   * prints exactly what runs. `startedAt` is an SQL expression for when the
   * migration began (its transaction's start, or a session setting).
   */
  recordApplied(row: { id: string; checksum: string; release: string | undefined }, startedAt: string): string {
    const values = [quoteLiteral(row.id), quoteLiteral(row.checksum), row.release === undefined ? 'NULL' : quoteLiteral(row.release), "'applied'", startedAt, `(extract(epoch FROM clock_timestamp() - ${startedAt}) * 1000)::integer`, 'current_user'];
    return `INSERT INTO ${this.table} (id, checksum, release, status, applied_at, duration_ms, applied_by)
VALUES (${values.join(', ')})
ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, release = EXCLUDED.release, status = EXCLUDED.status, applied_at = EXCLUDED.applied_at,
  duration_ms = EXCLUDED.duration_ms, applied_by = EXCLUDED.applied_by, statements_done = NULL, done_checksum = NULL, error = NULL`;
  }

  /** A failure, recorded after the migration's transaction (if any) rolled back. Parameters: id, checksum, release, statements_done, done_checksum, error. */
  recordFailedQuery(): string {
    return `INSERT INTO ${this.table} (id, checksum, release, status, applied_at, applied_by, statements_done, done_checksum, error)
VALUES ($1, $2, $3, 'failed', now(), current_user, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, release = EXCLUDED.release, status = 'failed', applied_at = EXCLUDED.applied_at,
  applied_by = EXCLUDED.applied_by, statements_done = EXCLUDED.statements_done, done_checksum = EXCLUDED.done_checksum, error = EXCLUDED.error`;
  }

  deleteRow(id: string): string {
    return `DELETE FROM ${this.table} WHERE id = ${quoteLiteral(id)}`;
  }
}
