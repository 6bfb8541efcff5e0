import { testRule } from '../test/support/rule-tester.js';
import rule from './create-index-concurrently.js';

const history = ['partitioned-history.sql'];

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
  {
    file: 'partitioned.sql',
    after: history,
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 58, messageId: 'partitioned',
        includes: [
          'partitioned table measurements',
          'a SHARE lock on measurements',
          '`CREATE INDEX measurements_peak_idx ON ONLY measurements (peak);`',
          '`CREATE INDEX CONCURRENTLY <partition>_measurements_peak_idx ON <partition> (peak);`',
          '`ALTER INDEX measurements_peak_idx ATTACH PARTITION <partition>_measurements_peak_idx;`',
        ],
      },
      {
        // Unnamed: the recipe names both indexes so that ATTACH PARTITION can name them.
        line: 4, column: 1, endLine: 4, endColumn: 50, messageId: 'partitioned',
        includes: [
          '`create index measurements_city_id_logged_at_idx on ONLY Measurements (city_id, logged_at);`',
          '`create index CONCURRENTLY <partition>_measurements_city_id_logged_at_idx on <partition> (city_id, logged_at);`',
          '`ALTER INDEX measurements_city_id_logged_at_idx ATTACH PARTITION <partition>_measurements_city_id_logged_at_idx;`',
        ],
      },
      {
        line: 7, column: 1, endLine: 7, endColumn: 63, messageId: 'createIndex',
        includes: ['a SHARE lock on readings', '`CREATE INDEX CONCURRENTLY readings_taken_at_idx ON ONLY readings (taken_at);`'],
      },
    ],
  },
  // The per-partition recipe, one migration per step, is clean.
  { file: 'partitioned-only.sql', after: history, reports: [] },
  { file: 'partitioned-per-partition.sql', after: [...history, 'partitioned-only.sql'], reports: [] },
  { file: 'partitioned-attach.sql', after: [...history, 'partitioned-only.sql', 'partitioned-per-partition.sql'], reports: [] },
  { file: 'on-only-unknown.sql', reports: [] },
]);
