import { testRule } from '../test/support/rule-tester.js';
import rule from './foreign-key-not-valid.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 24, endLine: 2, endColumn: 110, messageId: 'addForeignKey',
        includes: [
          'a SHARE ROW EXCLUSIVE lock on orders',
          'a SHARE ROW EXCLUSIVE lock on customers',
          '`ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;`',
          '`ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;`',
        ],
      },
      {
        line: 5, column: 7, endLine: 6, endColumn: 20, messageId: 'addForeignKey',
        includes: ['-- the parent\n  on delete cascade NOT VALID;`', '`ALTER TABLE app."Invoices" VALIDATE CONSTRAINT "Invoices_order_id_fkey";`'],
      },
      {
        line: 9, column: 63, endLine: 9, endColumn: 106, messageId: 'addColumn',
        includes: [
          'an ACCESS EXCLUSIVE lock on line_items',
          '`ALTER TABLE line_items ADD COLUMN product_id bigint DEFAULT 0 NOT NULL;`',
          '`ALTER TABLE line_items ADD CONSTRAINT line_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT NOT VALID;`',
          '`ALTER TABLE line_items VALIDATE CONSTRAINT line_items_product_id_fkey;`',
        ],
      },
      {
        line: 12, column: 88, endLine: 12, endColumn: 107, messageId: 'addColumn',
        includes: [
          'gives every existing row a value',
          'against payments while holding an ACCESS EXCLUSIVE lock on payments (blocks every read and write); and a column',
          '`ALTER TABLE payments ADD COLUMN order_ref bigint GENERATED ALWAYS AS (order_id) STORED;`',
          'FOREIGN KEY (order_ref) REFERENCES payments NOT VALID;`',
        ],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  // Since PostgreSQL 13 each subcommand is transformed on its own: the other foreign key no longer matters.
  { file: 'shared-statement.sql', reports: [] },
  {
    file: 'shared-statement.sql',
    settings: { pgVersion: 12 },
    reports: [
      {
        line: 3, column: 50, endLine: 3, endColumn: 69, messageId: 'addColumn',
        includes: ['before PostgreSQL 13', '`ALTER TABLE payments ADD COLUMN refund_of bigint, ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders NOT VALID;`'],
      },
    ],
  },
  { file: 'validate-later.sql', after: ['valid.sql'], reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'not-enforced.sql', settings: { pgVersion: 18 }, reports: [] },
  {
    file: 'partitioned.sql',
    after: ['partitioned-table.sql'],
    settings: { pgVersion: 17 },
    reports: [
      {
        line: 1, column: 30, endLine: 1, endColumn: 116, messageId: 'partitioned',
        includes: ['before PostgreSQL 18', '`ALTER TABLE <partition> ADD CONSTRAINT <partition>_measurements_sensor_id_fkey FOREIGN KEY (sensor_id) REFERENCES sensors (id) NOT VALID;`'],
      },
    ],
  },
  {
    file: 'partitioned.sql',
    after: ['partitioned-table.sql'],
    settings: { pgVersion: 18 },
    reports: [{ line: 1, column: 30, endLine: 1, endColumn: 116, messageId: 'addForeignKey', includes: ['REFERENCES sensors (id) NOT VALID;`'] }],
  },
]);
