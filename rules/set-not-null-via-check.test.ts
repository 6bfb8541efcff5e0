import { testRule } from '../test/support/rule-tester.js';
import rule from './set-not-null-via-check.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 50, messageId: 'setNotNull',
        includes: [
          'an ACCESS EXCLUSIVE lock on users',
          '`ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;`',
          '`ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;`',
          '`ALTER TABLE users ALTER COLUMN email SET NOT NULL;`',
          '`ALTER TABLE users DROP CONSTRAINT users_email_not_null;`',
        ],
      },
      {
        line: 3, column: 1, endLine: 4, endColumn: 29, messageId: 'setNotNull',
        includes: ['`ALTER TABLE app."Users" ADD CONSTRAINT "Users_Email_not_null" CHECK ("Email" IS NOT NULL) NOT VALID;`'],
      },
      { line: 8, column: 1, endLine: 8, endColumn: 49, messageId: 'setNotNull', includes: ['CHECK (plan IS NOT NULL) NOT VALID;`'] },
    ],
  },
  { file: 'valid.sql', after: ['add-check.sql', 'validate-check.sql'], reports: [] },
  {
    file: 'pending-check.sql',
    after: ['add-check.sql'],
    reports: [{ line: 2, column: 1, endLine: 2, endColumn: 50, messageId: 'pendingProof', includes: ['constraint users_email_not_null proves it but is not validated yet'] }],
  },
  {
    file: 'pg11.sql',
    after: ['add-check.sql', 'validate-check.sql'],
    settings: { pgVersion: 11 },
    reports: [{ line: 2, column: 1, endLine: 2, endColumn: 50, messageId: 'before12', includes: ['before PostgreSQL 12 there is no shortcut'] }],
  },
  {
    file: 'pg18.sql',
    settings: { pgVersion: 18 },
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 50, messageId: 'setNotNull18',
        includes: ['`ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;`', '`ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;`'],
      },
      {
        line: 3, column: 23, endLine: 3, endColumn: 67, messageId: 'addNotNull',
        includes: ['`ALTER TABLE users ADD CONSTRAINT users_name_not_null NOT NULL name NOT VALID;`'],
      },
    ],
  },
  { file: 'validate-not-null.sql', after: ['add-not-null.sql'], settings: { pgVersion: 18 }, reports: [] },
  { file: 'new-table.sql', reports: [] },
]);
