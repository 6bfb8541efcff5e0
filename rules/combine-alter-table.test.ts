import { testRule } from '../test/support/rule-tester.js';
import rule from './combine-alter-table.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 5, column: 1, endLine: 6, endColumn: 41, messageId: 'secondPass',
        includes: ['users was already altered on line 4', 'another pass over it (a rewrite)', 'an ACCESS EXCLUSIVE lock on users', '`ALTER TABLE users ALTER COLUMN age TYPE bigint, ALTER COLUMN score TYPE numeric(12, 2);`'],
      },
      {
        line: 11, column: 1, endLine: 11, endColumn: 78, messageId: 'secondPass',
        includes: ['app."Orders" was already altered on line 9', '(a full scan to check a new constraint)', '`alter table app."Orders"\n  alter column total set not null,\n  ADD CONSTRAINT orders_total_check CHECK (total >= 0);`'],
      },
      {
        line: 12, column: 1, endLine: 12, endColumn: 84, messageId: 'secondPass',
        includes: ['line 9', '(a rewrite)', 'CHECK (total >= 0),\n  ADD COLUMN placed_at timestamptz DEFAULT clock_timestamp();`'],
      },
      {
        line: 16, column: 1, endLine: 16, endColumn: 42, messageId: 'waitsAgain',
        includes: ['line 15', 'a stronger lock than the SHARE ROW EXCLUSIVE lock its transaction holds', 'an ACCESS EXCLUSIVE lock on payments', 'NOT VALID, ADD COLUMN note text;`'],
      },
    ],
  },
  {
    file: 'no-transaction.sql',
    reports: [
      { line: 5, column: 1, endLine: 5, endColumn: 38, messageId: 'waitsAgain', includes: ['line 3', 'runs in another transaction', '`ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN bio text;`'] },
      { line: 6, column: 1, endLine: 6, endColumn: 42, messageId: 'waitsAgain', includes: ['line 3', '`ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN bio text, DROP COLUMN legacy_flag;`'] },
    ],
  },
  {
    file: 'explicit-transactions.sql',
    reports: [{ line: 7, column: 1, endLine: 7, endColumn: 55, messageId: 'waitsAgain', includes: ["`ALTER TABLE users ADD COLUMN nickname text, ALTER COLUMN nickname SET DEFAULT '';`"] }],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'catalog-only.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
  // These quiet cases run in autocommit, where combine-alter-table would otherwise speak; nothing there needs autocommit.
  { file: 'depends-on-earlier.sql', reports: [], others: ['autocommit-only-where-required'] },
  { file: 'separated.sql', reports: [], others: ['autocommit-only-where-required', 'backfill-outside-migration'] },
  { file: 'validate.sql', reports: [], others: ['autocommit-only-where-required'] },
  { file: 'partitions.sql', reports: [], others: ['autocommit-only-where-required', 'attach-partition-with-check'] },
  { file: 'other-tables.sql', reports: [], others: ['autocommit-only-where-required'] },
]);
