/**
 * sqlx, read the way sqlx runs it: fixtures/formats/sqlx is a Rust crate that
 * depends on sqlx, with `<version>_<description>.sql` migrations and
 * reversible `.up.sql` / `.down.sql` pairs in migrations/. sqlx runs each
 * migration in a transaction unless its text starts with `-- no-transaction`
 * (`sql.starts_with("-- no-transaction")` in sqlx-core's migrate/source.rs);
 * then it sends the file as one query string.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixtures, lintFixtureDir, lintFixtureText, positions, resultFinder, ruleIdsByMigration } from '../support/formats.js';

const migrations = path.join(formatFixtures, 'sqlx', 'migrations');

const resultFor = resultFinder(migrations);

const CONCURRENT_INDEX = 'CREATE INDEX CONCURRENTLY invoices_paid_at_idx ON invoices (paid_at);\n';

describe('sqlx', () => {
  it('lints simple and reversible up migrations in version order', async () => {
    const results = await lintFixtureDir('sqlx/migrations');
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['20240301090000_create_invoices.sql', []],
      ['20240305100000_index_invoices_account.sql', []],
      ['20240306100000_index_invoices_due_on.sql', ['run-outside-transaction']],
      ['20240307100000_index_invoices_unpaid.sql', ['run-outside-transaction']],
      ['20240308100000_index_invoices_paid_at.sql', ['run-outside-transaction']],
      ['20240310120000_add_invoices_currency.up.sql', []],
      ['20240311120000_index_invoices_currency.up.sql', []],
      ['20240312120000_index_invoices_account_due_on.up.sql', ['run-outside-transaction']],
    ]);
  });

  it('with includeDown, lints each `.down.sql` right after the `.up.sql` it reverts', async () => {
    const results = await lintFixtureDir('sqlx/migrations', { includeDown: true });
    expect(ruleIdsByMigration(results, migrations).slice(5)).toEqual([
      ['20240310120000_add_invoices_currency.up.sql', []],
      ['20240310120000_add_invoices_currency.down.sql', []],
      ['20240311120000_index_invoices_currency.up.sql', []],
      ['20240311120000_index_invoices_currency.down.sql', []],
      ['20240312120000_index_invoices_account_due_on.up.sql', ['run-outside-transaction']],
      ['20240312120000_index_invoices_account_due_on.down.sql', ['run-outside-transaction']],
    ]);
  });

  it('runs a migration that starts with `-- no-transaction` outside a transaction', async () => {
    const results = await lintFixtureDir('sqlx/migrations', { includeDown: true });
    expect(resultFor(results, '20240305100000_index_invoices_account.sql').messages).toEqual([]);
    expect(resultFor(results, '20240311120000_index_invoices_currency.down.sql').messages).toEqual([]);
  });

  it('runs it in a transaction when anything comes before `-- no-transaction`: a blank line, another comment', async () => {
    const results = await lintFixtureDir('sqlx/migrations');
    for (const name of ['20240306100000_index_invoices_due_on.sql', '20240307100000_index_invoices_unpaid.sql']) {
      const [message] = resultFor(results, name).messages;
      expect(message).toMatchObject({ ruleId: 'run-outside-transaction', line: 3, column: 1 });
      expect(message?.message).toContain('runs inside the transaction sqlx opens around this migration');
      expect(message?.message).toContain('Make `-- no-transaction` the very first line of this migration, so sqlx runs it outside a transaction');
      expect(message?.suggestions).toEqual([{ desc: 'Run this migration outside a transaction', fix: { range: [0, 0], text: '-- no-transaction\n' } }]);
    }
  });

  it('matches the first bytes only: more text after `-- no-transaction` still opts out, `--no-transaction` does not', async () => {
    const file = 'sqlx/migrations/20240401090000_index_invoices_paid_at.sql';
    const [longer] = await lintFixtureText(`-- no-transaction: built while invoices take writes\n${CONCURRENT_INDEX}`, file);
    expect(longer?.messages).toEqual([]);
    const [unspaced] = await lintFixtureText(`--no-transaction\n${CONCURRENT_INDEX}`, file);
    expect(positions(unspaced)).toEqual(['2:1 run-outside-transaction']);
  });

  it('does not see `-- no-transaction` behind a UTF-8 byte-order mark, and says so', async () => {
    const file = 'sqlx/migrations/20240401090000_index_invoices_paid_at.sql';
    const [result] = await lintFixtureText(`\uFEFF-- no-transaction\n${CONCURRENT_INDEX}`, file);
    expect(positions(result)).toEqual(['2:1 run-outside-transaction']);
    expect(result?.messages[0]?.message).toContain('Save this file without its UTF-8 byte-order mark: sqlx sees `-- no-transaction` only at the very first byte');
  });

  it('reports a CONCURRENTLY statement among two in a `-- no-transaction` migration: sqlx sends it as one query', async () => {
    const [message] = resultFor(await lintFixtureDir('sqlx/migrations'), '20240308100000_index_invoices_paid_at.sql').messages;
    expect(message).toMatchObject({ ruleId: 'run-outside-transaction', line: 3, column: 1 });
    expect(message?.message).toContain('runs inside the transaction Postgres opens around a query of several statements (sqlx sends the whole migration as one query)');
    expect(message?.message).toContain('Move it to a migration of its own that starts with `-- no-transaction` and holds only that statement');
  });

  it('is told apart from golang-migrate by the Cargo.toml that depends on sqlx', async () => {
    // The same reversible migration: sqlx wraps it in a transaction, golang-migrate sends it alone without one.
    const text = 'CREATE INDEX CONCURRENTLY invoices_account_due_on_idx ON invoices (account_id, due_on);\n';
    const [sqlx] = await lintFixtureText(text, 'sqlx/migrations/20240312120000_index_invoices_account_due_on.up.sql');
    expect(positions(sqlx)).toEqual(['1:1 run-outside-transaction']);
    expect(sqlx?.messages[0]?.message).toContain('sqlx opens around this migration');
    const [golangMigrate] = await lintFixtureText(text, 'golang-migrate/db/migrations/000099_index_invoices_account_due_on.up.sql');
    expect(golangMigrate?.messages).toEqual([]);
  });
});
