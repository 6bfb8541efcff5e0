import { testRule } from '../test/support/rule-tester.js';
import rule from './autocommit-only-where-required.js';

const kept = 'keep only CREATE INDEX CONCURRENTLY (line 3), VACUUM (line 9) here';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 4, column: 1, endLine: 5, endColumn: 23, messageId: 'needsTransaction', includes: ['`-- pgshift:no-transaction`', 'half applied', kept] },
      { line: 6, column: 1, endLine: 6, endColumn: 47, messageId: 'needsTransaction', includes: [kept] },
      { line: 8, column: 1, endLine: 8, endColumn: 47, messageId: 'needsTransaction', includes: [kept] },
    ],
  },
  {
    file: 'explicit-transaction.sql',
    reports: [{ line: 3, column: 1, endLine: 3, endColumn: 72, messageId: 'needsTransaction', includes: ['keep only CREATE INDEX CONCURRENTLY (line 5) here'] }],
  },
  {
    file: 'nothing-required.sql',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 26, messageId: 'nothingRequired', includes: ['Remove `-- pgshift:no-transaction` and let the runner wrap'] }],
  },
  { file: 'enum-before-12.sql', settings: { pgVersion: 11 }, reports: [] },
  {
    file: 'enum-before-12.sql',
    settings: { pgVersion: 12 },
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 26, messageId: 'nothingRequired' }],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'wrapped.sql', reports: [] },
  {
    // Flyway runs a migration holding CREATE INDEX CONCURRENTLY without a transaction, and refuses one that also holds anything else, even a SET.
    file: 'flyway-mixed.sql',
    source: 'flyway',
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 24, messageId: 'runnerRefuses',
        includes: ['unless `mixed` is on, and this statement can run in one, so Flyway will not run this migration', 'keep only CREATE INDEX CONCURRENTLY (line 2) here'],
      },
    ],
  },
]);
