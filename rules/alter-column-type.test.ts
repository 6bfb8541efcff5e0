import { testRule } from '../test/support/rule-tester.js';
import rule from './alter-column-type.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    after: ['history.sql'],
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 46, messageId: 'rewrite',
        includes: ['changes integer to bigint', 'an ACCESS EXCLUSIVE lock on users', 'rebuilds all its indexes', '`ALTER TABLE users ADD COLUMN id_new bigint;`', 'drop id in a later release'],
      },
      { line: 4, column: 1, endLine: 6, endColumn: 48, messageId: 'rewrite', includes: ['changes char(5) to character(10)', 'padded again'] },
      { line: 4, column: 1, endLine: 6, endColumn: 48, messageId: 'rewrite', includes: ['changes varchar(100) to varchar(50)', 'lowers the length limit'] },
      {
        line: 8, column: 1, endLine: 8, endColumn: 72, messageId: 'timezone',
        includes: ['changes timestamp to timestamp with time zone', 'pgshift cannot see the TimeZone', 'rebuilds every index on created_at'],
      },
      { line: 10, column: 1, endLine: 10, endColumn: 78, messageId: 'using', includes: ['USING round(price, 2)', '`ALTER TABLE users ADD COLUMN price_new numeric(12,2);`'] },
      {
        line: 12, column: 1, endLine: 12, endColumn: 59, messageId: 'unknown',
        includes: ['pgshift cannot see the current type', 'varchar(n) to varchar(m) with m >= n', 'pgshift-disable-next-line alter-column-type', '`ALTER TABLE app."Legacy" ADD COLUMN "Amount_new" bigint;`'],
      },
      { line: 14, column: 1, endLine: 14, endColumn: 58, messageId: 'collation', includes: ['COLLATE "C"', 'rebuilds every index on name'] },
      { line: 16, column: 1, endLine: 16, endColumn: 55, messageId: 'unknown', includes: ['pgshift does not know how cidr converts to geo.point(4326)'] },
    ],
  },
  {
    file: 'utc.sql',
    after: ['history.sql'],
    reports: [{ line: 2, column: 1, endLine: 2, endColumn: 59, messageId: 'timezone', includes: ['The migration sets TimeZone to UTC', 'keeps the table as it is', 'rebuilds every index on created_at'] }],
  },
  {
    file: 'utc-before-12.sql',
    after: ['history.sql'],
    settings: { pgVersion: 11 },
    reports: [{ line: 2, column: 1, endLine: 2, endColumn: 59, messageId: 'timezone', includes: ['Before PostgreSQL 12 (pgVersion is 11) this rewrites users'] }],
  },
  { file: 'valid.sql', after: ['history.sql'], reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'suppressed.sql', reports: [] },
]);
