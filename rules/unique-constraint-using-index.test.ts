import { testRule } from '../test/support/rule-tester.js';
import rule from './unique-constraint-using-index.js';

const NO_TRANSACTION = 'in a migration of its own whose first line is `-- pgshift:no-transaction`';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 23, endLine: 2, endColumn: 64, messageId: 'addConstraint',
        includes: [
          'an ACCESS EXCLUSIVE lock on users',
          '`CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);`',
          NO_TRANSACTION,
          '`ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;`',
        ],
      },
      {
        line: 5, column: 7, endLine: 5, endColumn: 23, messageId: 'addConstraint',
        includes: [
          '`CREATE UNIQUE INDEX CONCURRENTLY "Accounts_pkey" ON billing."Accounts" (id);`',
          '`ALTER TABLE billing."Accounts" ADD CONSTRAINT "Accounts_pkey" PRIMARY KEY USING INDEX "Accounts_pkey";`',
          'also sets NOT NULL on id',
          '`ALTER TABLE billing."Accounts" ADD CONSTRAINT "Accounts_id_not_null" CHECK (id IS NOT NULL) NOT VALID;`',
          '`ALTER TABLE billing."Accounts" VALIDATE CONSTRAINT "Accounts_id_not_null";`',
          '`ALTER TABLE billing."Accounts" DROP CONSTRAINT "Accounts_id_not_null";`',
        ],
      },
      {
        line: 7, column: 24, endLine: 7, endColumn: 120, messageId: 'addConstraint',
        includes: [
          '`CREATE UNIQUE INDEX CONCURRENTLY orders_reference_key ON orders (reference) INCLUDE (total);`',
          '`ALTER TABLE orders ADD CONSTRAINT orders_reference_key UNIQUE USING INDEX orders_reference_key DEFERRABLE INITIALLY DEFERRED;`',
        ],
      },
      {
        line: 9, column: 42, endLine: 9, endColumn: 48, messageId: 'addColumn',
        includes: [
          '`ALTER TABLE users ADD COLUMN handle text;`',
          '`CREATE UNIQUE INDEX CONCURRENTLY users_handle_key ON users (handle);`',
          '`ALTER TABLE users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key;`',
        ],
      },
    ],
  },
  { file: 'build-index.sql', reports: [] },
  { file: 'valid.sql', after: ['build-index.sql'], reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'schema-elements.sql', reports: [] },
  { file: 'pk-attach.sql', after: ['pk-check.sql', 'pk-validate.sql', 'pk-index.sql'], reports: [] },
  {
    // The validated CHECK already proves id NOT NULL: the recipe needs no NOT NULL steps.
    file: 'primary-key.sql',
    after: ['pk-check.sql', 'pk-validate.sql'],
    reports: [{ line: 1, column: 26, endLine: 1, endColumn: 42, messageId: 'addConstraint', includes: ['PRIMARY KEY USING INDEX accounts_pkey;`, which only attaches it.'] }],
  },
  {
    file: 'primary-key.sql',
    settings: { pgVersion: 11 },
    reports: [{ line: 1, column: 26, endLine: 1, endColumn: 42, messageId: 'addConstraint', includes: ['before PostgreSQL 12 no constraint lets it skip that scan'] }],
  },
  {
    // The migrations created accounts, so its indexes are all known: this one does not exist.
    file: 'missing-index-attach.sql',
    after: ['created-table.sql', 'missing-index.sql'],
    reports: [
      {
        line: 2, column: 26, endLine: 2, endColumn: 99, messageId: 'missingIndex',
        includes: ['The migrations created accounts without an index accounts_handle_uniq (its unique indexes: accounts_pkey, accounts_handle_key)', 'index does not exist'],
      },
    ],
  },
  {
    file: 'not-unique.sql',
    after: ['plain-index.sql'],
    reports: [
      {
        line: 2, column: 23, endLine: 2, endColumn: 82, messageId: 'notUnique',
        includes: ['Index users_name_idx is not unique', '`CREATE UNIQUE INDEX CONCURRENTLY users_name_key ON users (name);`'],
      },
    ],
  },
  {
    file: 'partitioned.sql',
    after: ['partitioned-table.sql'],
    reports: [
      {
        line: 1, column: 30, endLine: 1, endColumn: 82, messageId: 'partitioned',
        includes: [
          '`CREATE UNIQUE INDEX CONCURRENTLY <partition>_measurements_id_key ON <partition> (id, taken_at);`',
          '`ALTER TABLE <partition> ADD CONSTRAINT <partition>_measurements_id_key UNIQUE USING INDEX <partition>_measurements_id_key;`',
        ],
      },
    ],
  },
  {
    file: 'without-overlaps.sql',
    settings: { pgVersion: 18 },
    reports: [{ line: 1, column: 26, endLine: 1, endColumn: 103, messageId: 'withoutOverlaps', includes: ['an ACCESS EXCLUSIVE lock on bookings'] }],
  },
]);
