import { testRule } from '../test/support/rule-tester.js';
import rule from './no-exclusion-constraint.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 1, column: 30, endLine: 1, endColumn: 116, messageId: 'addExclusion', includes: ['an ACCESS EXCLUSIVE lock on reservations', 'no USING INDEX form', 'maintenance window'] },
      { line: 4, column: 7, endLine: 7, endColumn: 26, messageId: 'addExclusion', includes: ['an ACCESS EXCLUSIVE lock on "Ops".shifts'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
]);
