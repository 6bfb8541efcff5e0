import { testRule } from '../test/support/rule-tester.js';
import rule from './no-truncate.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 10, endLine: 2, endColumn: 15, messageId: 'truncate',
        includes: [
          'TRUNCATE users deletes every row while running code still reads and writes the table',
          'an ACCESS EXCLUSIVE lock on users (blocks every read and write)',
          'not MVCC-safe',
          '`DELETE FROM users WHERE id IN (SELECT id FROM users LIMIT 1000);`, repeated until it deletes nothing (`id` stands for the primary key of users)',
          'ship the code that stops using users in one release; drop it in a later release',
        ],
      },
      { line: 4, column: 21, endLine: 4, endColumn: 33, messageId: 'truncate', includes: ['TRUNCATE app.sessions', 'CASCADE also empties every table with a foreign key to app.sessions'] },
      { line: 4, column: 35, endLine: 4, endColumn: 45, messageId: 'truncate', includes: ['TRUNCATE "AuditLog"', '`DELETE FROM "AuditLog" WHERE id IN (SELECT id FROM "AuditLog" LIMIT 1000);`'] },
    ],
  },
  {
    file: 'shipped.sql',
    after: ['history.sql'],
    reports: [
      {
        line: 1, column: 10, endLine: 1, endColumn: 19, messageId: 'truncate',
        includes: ['(known here: orders_customer_id_fkey on orders)', '`DELETE FROM customers WHERE id IN (SELECT id FROM customers LIMIT 1000);`, repeated until it deletes nothing.'],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
]);
