import { testRule } from '../test/support/rule-tester.js';
import rule from './drop-dependents.js';

testRule(rule, [
  {
    // Deprecated in release 2, dropped in release 3: the drop itself is allowed, its side effects are named.
    file: 'invalid.sql',
    after: ['history.sql', 'deprecate.sql'],
    releases: ['1', '2', '3'],
    reports: [
      {
        line: 3, column: 3, endLine: 3, endColumn: 22, messageId: 'column',
        includes: ['DROP COLUMN shop_id also drops', 'unique constraint orders_shop_id_reference_key (shop_id, reference): duplicates of the remaining columns become possible'],
      },
      { line: 4, column: 3, endLine: 4, endColumn: 19, messageId: 'column', includes: ['DROP COLUMN note also drops', 'index orders_note_idx (note)'] },
    ],
    others: [],
  },
  {
    file: 'tables.sql',
    after: ['history.sql'],
    reports: [
      { line: 2, column: 12, endLine: 2, endColumn: 21, messageId: 'referencedTable', includes: ['fails while other tables reference it: orders_customer_id_fkey on orders'] },
      { line: 3, column: 12, endLine: 3, endColumn: 21, messageId: 'cascadeTable', includes: ['CASCADE also drops', 'orders_customer_id_fkey on orders'] },
    ],
    others: ['drop-after-deprecation'],
  },
  { file: 'valid.sql', after: ['history.sql'], reports: [], others: ['drop-after-deprecation'] },
]);
