/**
 * ESLint's own RuleTester on a few of the plugin's rules, the way a plugin
 * author checks rules: valid and invalid SQL, message ids, positions,
 * suggestions and their output.
 */
import path from 'node:path';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import plugin from '../../src/eslint/index.js';
import type { RuleDefinition } from '../../src/eslint/types.js';
import { projectRoot } from '../support/paths.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ plugins: { pgshift: plugin }, language: 'pgshift/sql' });
// Outside the repository's configured migrations: each case is linted alone, as `pgshift lint <file>` lints it.
const filename = path.join(projectRoot, 'scratch', 'rule-tester.sql');
const rule = (id: string) => plugin.rules[id] as RuleDefinition;

tester.run('create-index-concurrently', rule('create-index-concurrently'), {
  valid: [
    { filename, code: '-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n' },
    { filename, code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a_idx ON t (a);\n' },
  ],
  invalid: [
    {
      filename,
      code: 'SET lock_timeout = \'2s\';\nCREATE INDEX users_email_idx ON users (email);\n',
      errors: [
        {
          messageId: 'createIndex',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 46,
          suggestions: [{ desc: 'Build the index concurrently', output: 'SET lock_timeout = \'2s\';\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n' }],
        },
      ],
    },
  ],
});

tester.run('no-truncate', rule('no-truncate'), {
  valid: [{ filename, code: 'CREATE TABLE import_staging (id bigint PRIMARY KEY);\nTRUNCATE import_staging;\n' }],
  invalid: [{ filename, code: 'SELECT 1;\nTRUNCATE   users;\n', errors: [{ messageId: 'truncate', line: 2, column: 12, endLine: 2, endColumn: 17 }] }],
});

tester.run('unused-suppression', rule('unused-suppression'), {
  valid: [{ filename, code: '-- pgshift-disable-next-line no-truncate -- staging data only\nTRUNCATE users;\n' }],
  invalid: [
    {
      filename,
      code: '-- pgshift-disable-next-line no-truncate -- staging data only\nSELECT 1;\n',
      errors: [{ messageId: 'unused', line: 1, column: 1, suggestions: [{ desc: 'Remove the comment', output: '\nSELECT 1;\n' }] }],
    },
  ],
});

tester.run('prefer-text', rule('prefer-text'), {
  // Off by default: pgshift does not run it unless pgshift.config.json turns it on, whatever ESLint's configuration says.
  valid: [{ filename, code: 'CREATE TABLE t (a varchar(10));\n' }],
  invalid: [],
});
