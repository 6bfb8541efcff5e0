import { testRule } from '../test/support/rule-tester.js';
import rule from './no-rename-column.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 50, messageId: 'renameColumn',
        includes: [
          'Renaming column name of users to full_name breaks every running instance of the application that still uses name',
          '`ALTER TABLE users ADD COLUMN full_name <type of name>;`',
          'BEFORE INSERT OR UPDATE trigger',
          '`UPDATE users SET full_name = name WHERE id >= :start AND id < :start + 1000 AND full_name IS DISTINCT FROM name;`',
          '(`id` stands for the primary key of users)',
          'drop name and the trigger in a later release, after that code is deployed everywhere',
          'an ACCESS EXCLUSIVE lock on users',
        ],
      },
      { line: 4, column: 1, endLine: 5, endColumn: 51, messageId: 'renameColumn', includes: ['Renaming column "Email" of app.users to email', 'SET email = "Email"'] },
    ],
  },
  {
    file: 'shipped.sql',
    after: ['history.sql'],
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 57, messageId: 'renameColumn',
        includes: [
          '`ALTER TABLE customers ADD COLUMN display_name varchar(200);`',
          '`UPDATE customers SET display_name = name WHERE id >= :start AND id < :next AND display_name IS DISTINCT FROM name;`',
          'consecutive boundaries :start and :next of id',
        ],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-column.sql', reports: [] },
]);
