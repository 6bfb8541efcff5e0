import { expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { suggestedTexts } from '../test/support/suggestions.js';
import rule from './reindex-concurrently.js';

const readsWait = 'so reads of the table wait too';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 3, column: 1, endLine: 3, endColumn: 30, messageId: 'reindex',
        includes: ['a SHARE lock on the table of users_email_idx', 'an ACCESS EXCLUSIVE lock on the index', readsWait, '`REINDEX INDEX CONCURRENTLY users_email_idx;` here, outside any transaction'],
      },
      {
        line: 5, column: 1, endLine: 5, endColumn: 37, messageId: 'reindex',
        includes: ['a SHARE lock on app."Orders"', 'an ACCESS EXCLUSIVE lock on each of its indexes', '`reindex (verbose) table CONCURRENTLY app."Orders";`'],
      },
      {
        line: 7, column: 1, endLine: 9, endColumn: 17, messageId: 'reindex',
        includes: ['each table of schema billing in turn', '`REINDEX\n  -- every table of the schema, one after the other\n  SCHEMA CONCURRENTLY billing;`'],
      },
      { line: 11, column: 1, endLine: 11, endColumn: 22, messageId: 'reindex', includes: ['each table of the database', '`REINDEX DATABASE CONCURRENTLY shop;`'] },
      { line: 13, column: 1, endLine: 13, endColumn: 15, messageId: 'system', includes: ['cannot be reindexed CONCURRENTLY', 'maintenance window'] },
      // CONCURRENTLY false is no CONCURRENTLY; the keyword form appended after it wins.
      { line: 15, column: 1, endLine: 15, endColumn: 50, messageId: 'reindex', includes: ['`REINDEX (CONCURRENTLY false) INDEX CONCURRENTLY users_name_idx;`'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-objects.sql', reports: [] },
  { file: 'new-schema.sql', reports: [], others: ['autocommit-only-where-required'] },
  {
    file: 'after-history.sql',
    after: ['history.sql'],
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 35, messageId: 'reindex',
        includes: ['a SHARE lock on public.payments', 'an ACCESS EXCLUSIVE lock on index payments_paid_at_idx', '`REINDEX INDEX CONCURRENTLY payments_paid_at_idx;`'],
      },
    ],
  },
  {
    file: 'pg11.sql',
    after: ['history.sql'],
    settings: { pgVersion: 11 },
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 35, messageId: 'manual',
        includes: [
          'the target is 11',
          '`CREATE INDEX CONCURRENTLY payments_paid_at_idx_new ON …`',
          '`DROP INDEX CONCURRENTLY payments_paid_at_idx;`',
          '`ALTER INDEX payments_paid_at_idx_new RENAME TO payments_paid_at_idx;`',
        ],
      },
      { line: 3, column: 1, endLine: 3, endColumn: 23, messageId: 'manual', includes: ['rebuild each index of payments by hand', '`DROP INDEX CONCURRENTLY <index>;`'] },
    ],
  },
]);

it('reindex-concurrently suggests CONCURRENTLY after the object kind', async () => {
  const texts = await suggestedTexts(rule, 'invalid.sql');
  expect(texts[1]).toContain('\nreindex (verbose) table CONCURRENTLY app."Orders";\n');
  expect(texts[4]).toBeUndefined();
});
