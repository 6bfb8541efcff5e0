import { testRule } from '../test/support/rule-tester.js';
import rule from './no-drop-database.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 22, messageId: 'dropDatabase',
        includes: [
          'DROP DATABASE reports deletes the whole database',
          'it fails while any other session is connected to it',
          "`SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = 'reports';`",
          'run the DROP DATABASE yourself, outside the migrations',
        ],
      },
      { line: 4, column: 1, endLine: 5, endColumn: 15, messageId: 'dropDatabase', includes: ['DROP DATABASE "Legacy-Analytics"', 'WITH (FORCE) also terminates every session', "datname = 'Legacy-Analytics'"] },
    ],
  },
  { file: 'valid.sql', reports: [] },
]);
