/**
 * sqlx (launchbadge/sqlx): `<version>_<description>.sql`, or reversible
 * `.up.sql` / `.down.sql` pairs, in version order. Each migration runs in a
 * transaction unless its text starts with exactly `-- no-transaction`; then
 * sqlx sends it as one query string, which Postgres runs as one implicit
 * transaction when it holds two or more statements.
 */
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { migrationUnit, pairUpAndDown, type MigrationFormat } from './format.js';
import { upDownRole } from './golang-migrate.js';

export const SQLX_NO_TRANSACTION = '-- no-transaction';

export const SQLX_RUNNER: RunnerInfo = {
  tool: 'sqlx',
  outsideTransaction: `a migration of its own that starts with \`${SQLX_NO_TRANSACTION}\` and holds only that statement (sqlx then sends it as one query)`,
  optOut: { instruction: `Make \`${SQLX_NO_TRANSACTION}\` the very first line of this migration`, edit: { range: [0, 0], text: `${SQLX_NO_TRANSACTION}\n` }, singleQuery: true },
};

const SQLX_RUNNER_BEHIND_BOM: RunnerInfo = {
  ...SQLX_RUNNER,
  optOut: { instruction: `Save this file without its UTF-8 byte-order mark: sqlx sees \`${SQLX_NO_TRANSACTION}\` only at the very first byte`, singleQuery: true },
};

/** sqlx tests the first bytes of the file, nothing else. */
export function startsWithSqlxNoTransaction(text: string): boolean {
  return text.startsWith(SQLX_NO_TRANSACTION);
}

export const sqlxFormat: MigrationFormat = {
  id: 'sqlx',
  tool: 'sqlx',
  select: (files, { includeDown }) => pairUpAndDown(files, (file) => upDownRole(file) ?? { direction: 'up', key: file }, includeDown, ''),
  read(file) {
    const marked = startsWithSqlxNoTransaction(file.text);
    // sqlx compares the file's first bytes: behind a byte-order mark the marker is just a comment.
    const transaction: TransactionPlan =
      marked && !file.bom ? { mode: 'single-query', declaredAutocommit: true, declaredBy: `\`${SQLX_NO_TRANSACTION}\`` } : { mode: 'wrapped', declaredAutocommit: false };
    return { units: [migrationUnit(file, { transaction, runner: marked && file.bom ? SQLX_RUNNER_BEHIND_BOM : SQLX_RUNNER })] };
  },
};
