import { testRule } from '../test/support/rule-tester.js';
import rule from './attach-partition-with-check.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    after: ['partitioned-tables.sql'],
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 97, messageId: 'attach',
        includes: [
          'an ACCESS EXCLUSIVE lock on events_2024',
          'a SHARE UPDATE EXCLUSIVE lock on events',
          "`ALTER TABLE events_2024 ADD CONSTRAINT events_2024_partition_check CHECK (created_at IS NOT NULL AND created_at >= '2024-01-01' AND created_at < '2025-01-01') NOT VALID;`",
          '`ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_partition_check;`',
          '`ALTER TABLE events_2024 DROP CONSTRAINT events_2024_partition_check;`',
        ],
      },
      {
        line: 3, column: 1, endLine: 4, endColumn: 85, messageId: 'attach',
        includes: ['ADD CONSTRAINT "Events_Old_partition_check" CHECK (created_at IS NOT NULL AND created_at < \'2020-01-01\') NOT VALID;`'],
      },
      {
        line: 6, column: 1, endLine: 6, endColumn: 77, messageId: 'attach',
        includes: ["CHECK (region IS NOT NULL AND region IN ('de', 'fr')) NOT VALID;`"],
      },
      { line: 8, column: 1, endLine: 8, endColumn: 56, messageId: 'attachDescribed', includes: ['that excludes the bound of every other partition of events'] },
    ],
  },
  { file: 'valid.sql', after: ['partitioned-tables.sql', 'add-check.sql', 'validate-check.sql'], reports: [] },
  { file: 'new-partition.sql', after: ['partitioned-tables.sql'], reports: [] },
  {
    file: 'unknown-parent.sql',
    settings: { pgVersion: 11 },
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 77, messageId: 'attachDescribed',
        includes: ['an ACCESS EXCLUSIVE lock on metrics (blocks every read and write) meanwhile', 'on the partition key of metrics'],
      },
    ],
  },
]);
