/**
 * goose, read the way goose runs it: fixtures/formats/goose is a Go service
 * whose migrations/ directory goose applies in version order. One file holds
 * the up part after `-- +goose Up` and the down part after `-- +goose Down`;
 * goose wraps a file in a transaction unless it says `-- +goose NO TRANSACTION`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixtures, lintFixtureDir, lintFixtureText, positions, resultFinder, ruleIdsByMigration } from '../support/formats.js';

const migrations = path.join(formatFixtures, 'goose', 'migrations');

const resultFor = resultFinder(migrations);

describe('goose', () => {
  it('lints only the up part of each file, in version order', async () => {
    const results = await lintFixtureDir('goose/migrations');
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['00001_create_accounts.sql', []],
      ['00002_index_accounts_email.sql', []],
      ['00003_index_accounts_created_at.sql', ['run-outside-transaction']],
      ['00004_add_accounts_region.sql', ['autocommit-only-where-required', 'set-lock-timeout']],
      ['00005_index_accounts_lookups.sql', ['run-outside-transaction', 'run-outside-transaction']],
      ['00006_index_accounts_plan.sql', []],
      ['00007_add_accounts_locale.sql', ['valid-directive']],
      ['00008_index_accounts_locale.sql', ['run-outside-transaction']],
    ]);
  });

  it('with includeDown, lints each down part as `<file>#down` right after its up part, at the lines of the file', async () => {
    const results = await lintFixtureDir('goose/migrations', { includeDown: true });
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['00001_create_accounts.sql', []],
      // The down part runs after the up part went live: accounts is an existing table by then.
      ['00001_create_accounts.sql#down', ['set-lock-timeout']],
      ['00002_index_accounts_email.sql', []],
      ['00002_index_accounts_email.sql#down', []],
      ['00003_index_accounts_created_at.sql', ['run-outside-transaction']],
      ['00003_index_accounts_created_at.sql#down', ['run-outside-transaction']],
      ['00004_add_accounts_region.sql', ['autocommit-only-where-required', 'set-lock-timeout']],
      ['00004_add_accounts_region.sql#down', ['autocommit-only-where-required', 'set-lock-timeout']],
      ['00005_index_accounts_lookups.sql', ['run-outside-transaction', 'run-outside-transaction']],
      ['00005_index_accounts_lookups.sql#down', []],
      ['00006_index_accounts_plan.sql', []],
      ['00006_index_accounts_plan.sql#down', []],
      ['00007_add_accounts_locale.sql', ['valid-directive']],
      ['00007_add_accounts_locale.sql#down', ['valid-directive']],
      ['00008_index_accounts_locale.sql', ['run-outside-transaction']],
      ['00008_index_accounts_locale.sql#down', []],
    ]);
    expect(positions(resultFor(results, '00001_create_accounts.sql#down'))).toEqual(['10:1 set-lock-timeout']);
    expect(positions(resultFor(results, '00003_index_accounts_created_at.sql#down'))).toEqual(['5:1 run-outside-transaction']);
  });

  it('runs a file in a transaction unless it says `-- +goose NO TRANSACTION`', async () => {
    const results = await lintFixtureDir('goose/migrations', { includeDown: true });
    // 00002 and 00003 hold the same kind of index build; only 00003 lacks the annotation.
    expect(resultFor(results, '00002_index_accounts_email.sql').messages).toEqual([]);
    const [inside] = resultFor(results, '00003_index_accounts_created_at.sql').messages;
    expect(inside).toMatchObject({ ruleId: 'run-outside-transaction', severity: 2, line: 2, column: 1 });
    expect(inside?.message).toContain('runs inside the transaction goose opens around this migration');
    expect(inside?.message).toContain('Add `-- +goose NO TRANSACTION` above `-- +goose Up`, so goose runs it outside a transaction');
    expect(inside?.suggestions).toEqual([{ desc: 'Run this migration outside a transaction', fix: { range: [0, 0], text: '-- +goose NO TRANSACTION\n' } }]);
    // "This applies to all up and down statements within the file" (goose docs, annotations).
    expect(resultFor(results, '00002_index_accounts_email.sql#down').messages).toEqual([]);
  });

  it('keeps a NO TRANSACTION file to the statements that need it', async () => {
    const results = await lintFixtureDir('goose/migrations');
    const result = resultFor(results, '00004_add_accounts_region.sql');
    expect(positions(result)).toEqual(['3:1 autocommit-only-where-required', '3:1 set-lock-timeout']);
    const message = result.messages.find((m) => m.ruleId === 'autocommit-only-where-required')?.message;
    expect(message).toContain('this migration runs without one (`-- +goose NO TRANSACTION`)');
    expect(message).toContain('keep only CREATE INDEX CONCURRENTLY (line 4) here');
  });

  it('sends a StatementBegin … StatementEnd block as one query: two statements in it share an implicit transaction', async () => {
    const results = await lintFixtureDir('goose/migrations');
    // Lines 4 and 5 are inside the block; the index build on line 7, after StatementEnd, goes alone.
    expect(positions(resultFor(results, '00005_index_accounts_lookups.sql'))).toEqual(['4:1 run-outside-transaction', '5:1 run-outside-transaction']);
  });

  it('sends statements that share a line as one query: goose ends a statement only at a line ending in `;`', async () => {
    const results = await lintFixtureDir('goose/migrations');
    expect(positions(resultFor(results, '00008_index_accounts_locale.sql'))).toEqual(['4:26 run-outside-transaction']);
    const text = '-- +goose NO TRANSACTION\n-- +goose Up\nSET lock_timeout = \'2s\';\nCREATE INDEX CONCURRENTLY accounts_locale_idx ON accounts (locale);\n';
    const [apart] = await lintFixtureText(text, 'goose/migrations/00008_index_accounts_locale.sql');
    expect(apart?.messages).toEqual([]);
  });

  it('reads annotations whatever their case', async () => {
    const results = await lintFixtureDir('goose/migrations', { includeDown: true });
    // `-- +goose no transaction` took the index build out of the transaction, and `-- +goose down` cut the file.
    expect(resultFor(results, '00006_index_accounts_plan.sql').messages).toEqual([]);
    expect(resultFor(results, '00006_index_accounts_plan.sql#down').messages).toEqual([]);
    const [upper] = await lintFixtureText('-- +GOOSE UP\nCREATE INDEX CONCURRENTLY accounts_plan_idx ON accounts (plan);\n', 'goose/migrations/00009_x.sql');
    expect(upper?.messages.map((m) => m.ruleId)).toEqual(['run-outside-transaction']);
  });

  it('applies pgshift directives and suppressions written above `-- +goose Up` to both parts', async () => {
    const results = await lintFixtureDir('goose/migrations', { includeDown: true });
    const up = resultFor(results, '00007_add_accounts_locale.sql');
    const down = resultFor(results, '00007_add_accounts_locale.sql#down');
    expect(up.suppressedMessages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['4:1 set-lock-timeout']);
    expect(down.suppressedMessages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['7:1 set-lock-timeout']);
    // goose, not pgshift, runs this file: `-- pgshift:no-transaction` changes nothing, and the warning says so.
    for (const result of [up, down]) {
      expect(positions(result)).toEqual(['2:1 valid-directive']);
      expect(result.messages[0]?.message).toContain('goose applies this migration and does not read pgshift\'s directive');
      expect(result.messages[0]?.message).toContain('add `-- +goose NO TRANSACTION` above `-- +goose Up`');
    }
  });

  it('refuses a file without `-- +goose Up`, as goose does', async () => {
    const results = await lintFixtureText('CREATE TABLE invoices (id bigint PRIMARY KEY);\n', 'goose/migrations/00009_create_invoices.sql', { source: 'goose' });
    expect(results).toHaveLength(1);
    expect(results[0]?.messages).toEqual([
      expect.objectContaining({ ruleId: null, fatal: true, severity: 2, line: 1, column: 1, message: expect.stringContaining('`-- +goose Up`') }),
    ]);
  });

  it('refuses SQL above `-- +goose Up`, as goose does', async () => {
    const text = '-- Invoices.\nCREATE TABLE invoices (id bigint PRIMARY KEY);\n-- +goose Up\nCREATE TABLE invoice_lines (id bigint PRIMARY KEY);\n';
    const results = await lintFixtureText(text, 'goose/migrations/00009_create_invoices.sql', { includeDown: true });
    expect(results).toHaveLength(1);
    expect(results[0]?.messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, line: 2, column: 1 })]);
  });
});
