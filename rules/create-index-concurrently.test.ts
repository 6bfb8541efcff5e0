import { testRule } from '../test/support/rule-tester.js';
import rule from './create-index-concurrently.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 46, messageId: 'createIndex',
        includes: ['a SHARE lock on users', '`CREATE INDEX CONCURRENTLY users_email_idx ON users (email);`', '-- pgshift:no-transaction'],
      },
      { line: 4, column: 1, endLine: 5, endColumn: 72, messageId: 'createIndex', includes: ['create unique index CONCURRENTLY if not exists'] },
      { line: 7, column: 1, endLine: 7, endColumn: 40, messageId: 'createIndex', includes: ['"Accounts"'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
]);
