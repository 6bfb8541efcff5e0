/**
 * The `eslint` command in a project that lints its migrations with the
 * plugin (fixtures/eslint-project: its own eslint.config.js imports
 * `pgshift/eslint`, its own pgshift.config.json changes three severities).
 * Migrations are linted in their place in the history, the way `pgshift lint`
 * lints the project; a file outside the migrations is linted alone.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from '../support/paths.js';
import { cliResults, cliShape, eslintShape } from './compare.js';
import type { LintResult } from '../../src/engine/results.js';

const project = path.join(fixturesDir, 'eslint-project');
const eslintBin = path.join(projectRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

describe('eslint in a project with pgshift.configs.recommended', () => {
  let status: number | null;
  let stderr: string;
  let results: Map<string, ESLint.LintResult>;

  beforeAll(() => {
    const run = spawnSync(process.execPath, [eslintBin, '--format', 'json'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    status = run.status;
    stderr = run.stderr;
    const parsed = run.stdout ? (JSON.parse(run.stdout) as ESLint.LintResult[]) : [];
    results = new Map(parsed.filter((result) => result.filePath.endsWith('.sql')).map((result) => [path.relative(project, result.filePath), result]));
  });

  it('exits 1: there are errors', () => {
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });

  it('reports the findings of every SQL file, with the severities of the project\'s pgshift.config.json', () => {
    const found = Object.fromEntries([...results].map(([file, result]) => [file, result.messages.map((m) => `${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId ?? (m.fatal ? 'fatal' : '')}`)]));
    expect(found).toEqual({
      // prefer-text is off by default; the project's config turns it on as a warning.
      'migrations/2025.01-accounts/001_create_accounts.sql': ['3:8 warn pgshift/prefer-text'],
      // A down migration is linted only with includeDown.
      'migrations/2025.01-accounts/001_create_accounts.down.sql': [],
      // The table is new in this release, so no running code uses it yet: linted in place, the index is fine.
      'migrations/2025.01-accounts/002_index_accounts_name.sql': [],
      'migrations/2025.01-accounts/003_stop_using_legacy_code.sql': [],
      // legacy_code was deprecated a release earlier, notes was not.
      'migrations/2025.02-cleanup/001_drop_old_columns.sql': ['2:22 error pgshift/drop-after-deprecation'],
      // The suppressed index is not reported; the suppression that suppresses nothing is; no-truncate is a warning here.
      'migrations/2025.02-cleanup/002_suppressed.sql': ['3:1 warn pgshift/unused-suppression', '5:10 warn pgshift/no-truncate'],
      'migrations/2025.02-cleanup/003_typo.sql': ['1:39 error fatal'],
      // Outside the configured migrations: linted alone, so the table is not known to be new.
      'scratch/try.sql': ['1:1 error pgshift/create-index-concurrently'],
    });
  });

  it('reports what `pgshift lint` reports for the project, and `pgshift lint <file>` for a file outside its migrations', async () => {
    const expected = new Map<string, LintResult[]>([...(await cliResults(project, [])), ...(await cliResults(project, [path.join(project, 'scratch', 'try.sql')]))]);
    for (const [file, result] of results) {
      const cli = expected.get(path.join(project, file)) ?? [];
      expect(eslintShape(result.messages), file).toEqual(cliShape(cli.flatMap((r) => r.messages)));
    }
  });
});
