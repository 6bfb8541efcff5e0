import { testRule } from '../test/support/rule-tester.js';
import rule from './check-constraint-not-valid.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 24, endLine: 2, endColumn: 72, messageId: 'addCheck',
        includes: [
          'an ACCESS EXCLUSIVE lock on orders',
          '`ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;`',
          '`ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;`',
        ],
      },
      {
        line: 5, column: 7, endLine: 7, endColumn: 4, messageId: 'addCheck',
        includes: ['-- never more than the order\n  ) NOT VALID;`', '`ALTER TABLE "Sales".orders VALIDATE CONSTRAINT orders_check;`'],
      },
      {
        line: 9, column: 58, endLine: 9, endColumn: 111, messageId: 'addColumn',
        includes: [
          '`ALTER TABLE orders ADD COLUMN quantity integer DEFAULT 1 NOT NULL;`',
          '`ALTER TABLE orders ADD CONSTRAINT orders_quantity_check CHECK (quantity > 0) NOT VALID;`',
          '`ALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_check;`',
        ],
      },
      {
        line: 11, column: 34, endLine: 11, endColumn: 84, messageId: 'domain',
        includes: [
          'a SHARE lock on every table with a column of type positive_amount',
          '`ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0) NOT VALID;`',
          '`ALTER DOMAIN positive_amount VALIDATE CONSTRAINT positive_amount_check;`',
        ],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'validate-later.sql', after: ['valid.sql'], reports: [] },
  { file: 'new-objects.sql', reports: [] },
  { file: 'not-enforced.sql', settings: { pgVersion: 18 }, reports: [] },
]);
