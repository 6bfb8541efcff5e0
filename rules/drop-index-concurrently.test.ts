import { expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { suggestedTexts } from '../test/support/suggestions.js';
import rule from './drop-index-concurrently.js';

const placement = 'in a migration of its own whose first line is `-- pgshift:no-transaction`';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 27, messageId: 'dropIndex',
        includes: ['an ACCESS EXCLUSIVE lock on the table of users_email_idx (blocks every read and write)', '`DROP INDEX CONCURRENTLY users_email_idx;`', placement],
      },
      {
        line: 4, column: 1, endLine: 4, endColumn: 48, messageId: 'dropIndex',
        includes: ['`drop index CONCURRENTLY if exists app.orders_ref_key;`', 'does not support CASCADE'],
      },
      {
        line: 6, column: 1, endLine: 8, endColumn: 11, messageId: 'dropIndex',
        includes: ['the table of "Accounts_created_at_idx"', '`DROP INDEX CONCURRENTLY\n  "Accounts_created_at_idx" -- kept until the report is rewritten\n  RESTRICT;`'],
      },
      {
        line: 10, column: 1, endLine: 10, endColumn: 50, messageId: 'dropIndexes',
        includes: ['the table of users_name_idx and the table of app."Orders_Total_idx"', '`DROP INDEX CONCURRENTLY users_name_idx;` `DROP INDEX CONCURRENTLY app."Orders_Total_idx";`', placement],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-index.sql', reports: [] },
  {
    file: 'after-history.sql',
    after: ['history.sql'],
    reports: [
      { line: 1, column: 1, endLine: 1, endColumn: 32, messageId: 'dropIndex', includes: ['an ACCESS EXCLUSIVE lock on public.payments', '`DROP INDEX CONCURRENTLY payments_paid_at_idx;`'] },
      {
        line: 4, column: 1, endLine: 4, endColumn: 38, messageId: 'partitioned',
        includes: ['partitioned table public.measurements', 'and the same on every partition', 'cannot be dropped CONCURRENTLY', "SET lock_timeout = '2s';"],
      },
    ],
  },
  { file: 'partitioned-timeout.sql', after: ['history.sql'], reports: [] },
  { file: 'alone.sql', reports: [{ line: 1, column: 1, endLine: 1, endColumn: 27, messageId: 'dropIndex' }] },
]);

it('drop-index-concurrently suggests CONCURRENTLY, with the directive when the drop is alone in its file', async () => {
  const invalid = await suggestedTexts(rule, 'invalid.sql');
  expect(invalid[0]).toContain('\nDROP INDEX CONCURRENTLY users_email_idx;\n');
  // Dropping CASCADE changes what the statement does, and several indexes need several statements.
  expect([invalid[1], invalid[3]]).toEqual([undefined, undefined]);
  expect(await suggestedTexts(rule, 'alone.sql')).toEqual(['-- pgshift:no-transaction\nDROP INDEX CONCURRENTLY users_email_idx;\n']);
});
