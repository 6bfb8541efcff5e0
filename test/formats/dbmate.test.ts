/**
 * dbmate, read the way dbmate runs it: fixtures/formats/dbmate keeps its
 * migrations in db/migrations, dbmate's default directory. A file holds
 * `-- migrate:up` and `-- migrate:down` sections; dbmate runs each section in a
 * transaction, or with `transaction:false` on its marker line as one query
 * string without one, which Postgres runs as one implicit transaction when the
 * section holds two statements or more.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixtures, lintFixtureDir, lintFixtureText, positions, resultFinder, ruleIdsByMigration } from '../support/formats.js';

const migrations = path.join(formatFixtures, 'dbmate', 'db', 'migrations');

const resultFor = resultFinder(migrations);

function fixture(name: string): string {
  return readFileSync(path.join(migrations, name), 'utf8');
}

describe('dbmate', () => {
  it('lints the up sections, one result per section, and refuses a file without `-- migrate:down`', async () => {
    const results = await lintFixtureDir('dbmate/db/migrations');
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['20240105090000_create_orders.sql', []],
      ['20240112100000_index_orders_customer.sql', []],
      ['20240115083000_index_orders_status.sql', ['run-outside-transaction']],
      ['20240116083000_index_orders_created_at.sql', ['run-outside-transaction', 'run-outside-transaction']],
      ['20240120120000_index_orders_customer_status.sql', ['run-outside-transaction']],
      ['20240125150000_add_orders_total.sql#1', []],
      ['20240125150000_add_orders_total.sql#2', []],
      ['20240201080000_index_orders_status_created_at.sql', ['run-outside-transaction']],
      ['20240210093000_add_orders_note.sql', ['(none)']],
    ]);
  });

  it('with includeDown, lints each down section right after its up section', async () => {
    const results = await lintFixtureDir('dbmate/db/migrations', { includeDown: true });
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['20240105090000_create_orders.sql', []],
      ['20240105090000_create_orders.sql#down', ['set-lock-timeout']],
      ['20240112100000_index_orders_customer.sql', []],
      ['20240112100000_index_orders_customer.sql#down', []],
      ['20240115083000_index_orders_status.sql', ['run-outside-transaction']],
      ['20240115083000_index_orders_status.sql#down', []],
      ['20240116083000_index_orders_created_at.sql', ['run-outside-transaction', 'run-outside-transaction']],
      ['20240116083000_index_orders_created_at.sql#down', ['run-outside-transaction', 'run-outside-transaction']],
      ['20240120120000_index_orders_customer_status.sql', ['run-outside-transaction']],
      ['20240120120000_index_orders_customer_status.sql#down', ['run-outside-transaction']],
      ['20240125150000_add_orders_total.sql#1', []],
      ['20240125150000_add_orders_total.sql#1.down', []],
      ['20240125150000_add_orders_total.sql#2', []],
      ['20240125150000_add_orders_total.sql#2.down', []],
      ['20240201080000_index_orders_status_created_at.sql', ['run-outside-transaction']],
      ['20240201080000_index_orders_status_created_at.sql#down', ['run-outside-transaction']],
      ['20240210093000_add_orders_note.sql', ['(none)']],
    ]);
    expect(positions(resultFor(results, '20240105090000_create_orders.sql#down'))).toEqual(['10:1 set-lock-timeout']);
  });

  it('runs a `transaction:false` section holding a single CONCURRENTLY statement outside any transaction', async () => {
    const results = await lintFixtureDir('dbmate/db/migrations', { includeDown: true });
    expect(resultFor(results, '20240112100000_index_orders_customer.sql').messages).toEqual([]);
    expect(resultFor(results, '20240112100000_index_orders_customer.sql#down').messages).toEqual([]);
  });

  it('reports a CONCURRENTLY statement in a `transaction:false` section of two statements: dbmate sends the section as one query', async () => {
    const results = await lintFixtureDir('dbmate/db/migrations', { includeDown: true });
    // dbmate issues #126 and #182: the second statement of such a section fails.
    const status = resultFor(results, '20240115083000_index_orders_status.sql');
    expect(positions(status)).toEqual(['3:1 run-outside-transaction']);
    expect(status.messages[0]?.message).toContain('runs inside the transaction Postgres opens around a query of several statements (dbmate sends the whole migration as one query)');
    expect(status.messages[0]?.message).toContain('Move it to a migration of its own whose `-- migrate:up` line ends in `transaction:false`, holding only that statement');
    expect(status.messages[0]?.suggestions).toBeUndefined();
    expect(positions(resultFor(results, '20240116083000_index_orders_created_at.sql'))).toEqual(['2:1 run-outside-transaction', '3:1 run-outside-transaction']);
    expect(positions(resultFor(results, '20240116083000_index_orders_created_at.sql#down'))).toEqual(['6:1 run-outside-transaction', '7:1 run-outside-transaction']);
  });

  it('suggests ` transaction:false` at the end of the `-- migrate:up` line for a lone CONCURRENTLY statement in a transaction', async () => {
    const name = '20240120120000_index_orders_customer_status.sql';
    const text = fixture(name);
    const [message] = resultFor(await lintFixtureDir('dbmate/db/migrations'), name).messages;
    expect(message).toMatchObject({ ruleId: 'run-outside-transaction', line: 2, column: 1 });
    expect(message?.message).toContain('runs inside the transaction dbmate opens around this migration');
    expect(message?.message).toContain('Add `transaction:false` to its `-- migrate:up` line, so dbmate runs it outside a transaction');
    const fix = message?.suggestions?.[0]?.fix;
    expect(fix).toEqual({ range: ['-- migrate:up'.length, '-- migrate:up'.length], text: ' transaction:false' });
    const fixed = text.slice(0, fix?.range[0]) + fix?.text + text.slice(fix?.range[1]);
    expect(fixed.split('\n')[0]).toBe('-- migrate:up transaction:false');
    const [relinted] = await lintFixtureText(fixed, `dbmate/db/migrations/${name}`);
    expect(relinted?.messages).toEqual([]);
  });

  it('advises a down section on its own `-- migrate:down` line', async () => {
    const name = '20240120120000_index_orders_customer_status.sql';
    const text = fixture(name);
    const [message] = resultFor(await lintFixtureDir('dbmate/db/migrations', { includeDown: true }), `${name}#down`).messages;
    expect(message).toMatchObject({ ruleId: 'run-outside-transaction', line: 5, column: 1 });
    expect(message?.message).toContain('Add `transaction:false` to its `-- migrate:down` line');
    const fix = message?.suggestions?.[0]?.fix;
    const fixed = text.slice(0, fix?.range[0]) + fix?.text + text.slice(fix?.range[1]);
    expect(fixed.split('\n')[3]).toBe('-- migrate:down transaction:false');
    const [, down] = await lintFixtureText(fixed, `dbmate/db/migrations/${name}`, { includeDown: true });
    expect(down?.messages).toEqual([]);
  });

  it('reads each up/down pair of a file as a migration of its own, with its own transaction setting', async () => {
    const results = await lintFixtureDir('dbmate/db/migrations', { includeDown: true });
    // Section 2's index build, alone in its `transaction:false` section, would fail in the transaction of section 1.
    for (const label of ['#1', '#1.down', '#2', '#2.down']) expect(resultFor(results, `20240125150000_add_orders_total.sql${label}`).messages).toEqual([]);
    const text = fixture('20240125150000_add_orders_total.sql').replace('-- migrate:up transaction:false', '-- migrate:up');
    const [first, second] = await lintFixtureText(text, 'dbmate/db/migrations/20240125150000_add_orders_total.sql');
    expect(first?.messages).toEqual([]);
    expect(positions(second)).toEqual(['10:1 run-outside-transaction']);
  });

  it('turns the transaction off only for exactly `transaction:false`', async () => {
    // dbmate's migrationOptions.Transaction() is `m["transaction"] != "false"`.
    const results = await lintFixtureDir('dbmate/db/migrations');
    expect(positions(resultFor(results, '20240201080000_index_orders_status_created_at.sql'))).toEqual(['3:1 run-outside-transaction']);
  });

  it('refuses a file without `-- migrate:down`, as dbmate does', async () => {
    const [result, ...rest] = (await lintFixtureDir('dbmate/db/migrations')).filter((r) => r.filePath.endsWith('_add_orders_note.sql'));
    expect(rest).toEqual([]);
    expect(result?.messages).toEqual([
      expect.objectContaining({ ruleId: null, fatal: true, severity: 2, line: 1, column: 1, message: expect.stringContaining('`-- migrate:down`') }),
    ]);
  });

  it('refuses what dbmate refuses: statements above the first `-- migrate:up`, two down markers for one up', async () => {
    const above = '-- Order notes.\nCREATE TYPE note_kind AS ENUM (\'internal\', \'customer\');\n-- migrate:up\nALTER TABLE orders ADD COLUMN note_kind note_kind;\n-- migrate:down\nALTER TABLE orders DROP COLUMN note_kind;\n';
    const [refused] = await lintFixtureText(above, 'dbmate/db/migrations/20240301000000_add_orders_note_kind.sql');
    expect(refused?.messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, line: 2, column: 1, message: expect.stringContaining('above the first `-- migrate:up`') })]);
    const twoDowns = '-- migrate:up\nCREATE TABLE refunds (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE refunds;\n-- migrate:down\nDROP TABLE refund_lines;\n';
    const [twice] = await lintFixtureText(twoDowns, 'dbmate/db/migrations/20240301000000_create_refunds.sql', { includeDown: true });
    expect(twice?.messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, line: 5, column: 1 })]);
  });
});
