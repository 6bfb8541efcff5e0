/**
 * diesel (diesel_migrations): one folder per migration holding `up.sql` and
 * `down.sql`, ordered by the folder's version (its name up to the first `_`,
 * dashes removed) as text. A migration runs in a transaction unless the
 * `metadata.toml` beside it says `run_in_transaction = false` (or leaves the
 * key out); then diesel sends `up.sql` as one query string (`batch_execute`),
 * which Postgres runs as one implicit transaction when it holds two or more
 * statements.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { migrationUnit, pairUpAndDown, type MigrationFormat } from './format.js';

export const DIESEL_RUNNER: RunnerInfo = {
  tool: 'diesel',
  outsideTransaction: 'a migration of its own with `run_in_transaction = false` in its `metadata.toml`, holding only that statement (diesel then sends `up.sql` as one query)',
  optOut: { instruction: 'Set `run_in_transaction = false` in the `metadata.toml` beside this `up.sql`', singleQuery: true },
};

/** The version diesel orders by: the folder name up to its first `_`, without dashes. */
function versionOf(file: string): string {
  return (path.basename(path.dirname(file)).split('_')[0] ?? '').replaceAll('-', '');
}

/**
 * `run_in_transaction` from the migration's metadata.toml: what the file sets;
 * `unset` when the file leaves the key out; undefined when there is no file.
 */
function runInTransactionSetting(upFile: string): boolean | 'unset' | undefined {
  let toml: string;
  try {
    toml = readFileSync(path.join(path.dirname(upFile), 'metadata.toml'), 'utf8');
  } catch {
    return undefined;
  }
  const setting = /^\s*run_in_transaction\s*=\s*(true|false)\s*(?:#.*)?$/m.exec(toml);
  return setting ? setting[1] === 'true' : 'unset';
}

/**
 * Whether diesel runs the migration in a transaction. Without a metadata.toml
 * it does (the struct's `Default`). A metadata.toml that leaves the key out
 * turns it off: the field is `#[serde(default)] run_in_transaction: bool`, and
 * a field-level default is `bool`'s, false (diesel_migrations
 * `migrations_internals/src/lib.rs`, `TomlMetadata`).
 */
export function dieselRunsInTransaction(upFile: string): boolean {
  const setting = runInTransactionSetting(upFile);
  return setting === undefined || setting === true;
}

export const dieselFormat: MigrationFormat = {
  id: 'diesel',
  tool: 'diesel',
  select(files, { includeDown }) {
    const ordered = [...files].sort((a, b) => {
      const [va, vb] = [versionOf(a), versionOf(b)];
      return va < vb ? -1 : va > vb ? 1 : 0;
    });
    return pairUpAndDown(
      ordered,
      (file) => {
        const name = path.basename(file);
        return name === 'up.sql' || name === 'down.sql' ? { direction: name === 'up.sql' ? 'up' : 'down', key: path.dirname(file) } : undefined;
      },
      includeDown,
      'diesel never runs this file: it runs only the `up.sql` and `down.sql` of each migration folder',
    );
  },
  read(file) {
    const setting = runInTransactionSetting(file.path);
    const transaction: TransactionPlan =
      setting === undefined || setting === true
        ? { mode: 'wrapped', declaredAutocommit: false }
        : {
            mode: 'single-query',
            declaredAutocommit: true,
            declaredBy: setting === false ? '`run_in_transaction = false` in its `metadata.toml`' : 'its `metadata.toml` (it leaves out `run_in_transaction`, which diesel reads as false)',
          };
    return { units: [migrationUnit(file, { transaction, runner: DIESEL_RUNNER })] };
  },
  companions: (file) => [path.join(path.dirname(file), 'metadata.toml')],
};
