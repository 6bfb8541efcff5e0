import { testRule } from '../test/support/rule-tester.js';
import rule from './add-column-not-null-without-default.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 55, messageId: 'notNull',
        includes: [
          '`column "tenant_id" of relation "users" contains null values`',
          '`ALTER TABLE users ADD COLUMN tenant_id bigint;`',
          'CHECK (tenant_id IS NOT NULL) NOT VALID',
          'constant default',
        ],
      },
      {
        line: 4, column: 1, endLine: 7, endColumn: 30, messageId: 'notNull',
        includes: ['`column "Region" of relation "Orders" contains null values`', 'add column "Region" text -- no default\n    references regions (code);`', 'ADD CONSTRAINT orders_region_nn CHECK ("Region" IS NOT NULL) NOT VALID'],
      },
      { line: 9, column: 1, endLine: 9, endColumn: 65, messageId: 'notNull', includes: ['PRIMARY KEY without a DEFAULT', '`ALTER TABLE events ADD COLUMN code text DEFAULT NULL;`', 'ADD PRIMARY KEY USING INDEX'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'filled.sql', reports: [] },
]);
