import { testRule } from '../test/support/rule-tester.js';
import rule from './no-drop-schema.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 13, endLine: 2, endColumn: 19, messageId: 'dropSchema',
        includes: [
          'DROP SCHEMA legacy breaks every running instance of the application that still uses anything in it',
          'CASCADE drops everything in it, tables with their rows',
          'an ACCESS EXCLUSIVE lock (blocks every read and write) on every table it drops',
          'ship the code that stops using legacy and everything in it in one release; drop the schema in a later release, after that code is deployed everywhere',
        ],
      },
      { line: 4, column: 23, endLine: 4, endColumn: 30, messageId: 'dropSchema', includes: ['DROP SCHEMA reports', 'Without CASCADE it fails unless the schema is already empty'] },
      { line: 4, column: 32, endLine: 4, endColumn: 41, messageId: 'dropSchema', includes: ['DROP SCHEMA "Staging"'] },
    ],
  },
  { file: 'shipped.sql', after: ['history.sql'], reports: [{ line: 1, column: 13, endLine: 1, endColumn: 20, messageId: 'dropSchema', includes: ['known here: events'] }] },
  { file: 'valid.sql', reports: [] },
  { file: 'new-schema.sql', reports: [] },
]);
