import { testRule } from '../test/support/rule-tester.js';
import rule from './no-table-rewrite.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 2, column: 1, endLine: 2, endColumn: 42, messageId: 'setTablespace', includes: ['an ACCESS EXCLUSIVE lock on users', '`pg_repack --table=users --tablespace=fast_ssd --moveidx`'] },
      { line: 4, column: 1, endLine: 5, endColumn: 15, messageId: 'setPersistence', includes: ['SET UNLOGGED rewrites app."Orders"', 'a new UNLOGGED table'] },
      { line: 7, column: 1, endLine: 7, endColumn: 65, messageId: 'setAccessMethod', includes: ['SET ACCESS METHOD heap2 rewrites every row of events'] },
      { line: 7, column: 1, endLine: 7, endColumn: 65, messageId: 'setPersistence', includes: ['SET LOGGED rewrites events'] },
      {
        line: 9, column: 1, endLine: 9, endColumn: 52, messageId: 'setIndexTablespace',
        includes: ['an ACCESS EXCLUSIVE lock on index users_email_idx', '`REINDEX (TABLESPACE fast_ssd) INDEX CONCURRENTLY users_email_idx;`', '-- pgshift:no-transaction'],
      },
      { line: 11, column: 1, endLine: 11, endColumn: 61, messageId: 'setTablespace', includes: ['ALTER MATERIALIZED VIEW', 'CREATE MATERIALIZED VIEW … TABLESPACE fast_ssd'] },
      { line: 13, column: 1, endLine: 13, endColumn: 63, messageId: 'moveAll', includes: ['copies every table in slow_hdd', '--tablespace=fast_ssd'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'partitioned.sql', after: ['history.sql'], reports: [] },
]);
