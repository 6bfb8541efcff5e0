import { testRule } from '../test/support/rule-tester.js';
import rule from './validate-constraint-separately.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 4, column: 1, endLine: 4, endColumn: 58, messageId: 'sameTransaction',
        includes: ['the ADD … NOT VALID at line 2 of this migration', 'an ACCESS EXCLUSIVE lock on orders', 'move `ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;` to a later migration'],
      },
      {
        line: 7, column: 1, endLine: 8, endColumn: 48, messageId: 'sameTransaction',
        includes: ['a SHARE ROW EXCLUSIVE lock on orders', 'and the same on the referenced table', '`ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;`'],
      },
    ],
  },
  {
    file: 'explicit-transaction.sql',
    reports: [{ line: 5, column: 1, endLine: 5, endColumn: 71, messageId: 'sameTransaction', includes: ['an ACCESS EXCLUSIVE lock on public.accounts'] }],
  },
  { file: 'add.sql', reports: [] },
  { file: 'validate.sql', after: ['add.sql'], reports: [] },
  { file: 'new-table.sql', reports: [] },
]);
