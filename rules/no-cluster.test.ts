import { testRule } from '../test/support/rule-tester.js';
import rule from './no-cluster.js';

const online = 'takes ACCESS EXCLUSIVE only for a moment at the end';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 42, messageId: 'cluster',
        includes: ['an ACCESS EXCLUSIVE lock on orders (blocks every read and write)', '`ALTER TABLE orders CLUSTER ON orders_placed_at_idx;`', '`pg_repack --table=orders` outside migrations', online],
      },
      {
        line: 4, column: 1, endLine: 5, endColumn: 35, messageId: 'cluster',
        includes: [`\`pg_repack --table='app."Events"'\``, 'orders by the index CLUSTER used last'],
      },
      // The old spelling names the index first.
      { line: 8, column: 1, endLine: 8, endColumn: 46, messageId: 'cluster', includes: ['`ALTER TABLE app."Orders" CLUSTER ON "Orders_Customer_idx";`'] },
      { line: 10, column: 1, endLine: 10, endColumn: 8, messageId: 'clusterAll', includes: ['every table of the database that was clustered before', '`pg_repack --table=<table>`'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
]);
