/**
 * The tools' own directives, honoured on real files of ../shared/corpus: the
 * goose migration marked NO TRANSACTION and Ory's `.autocommit.` migrations run
 * their CONCURRENTLY statements outside a transaction, so pgshift does not
 * report them; read as plain SQL, the same files would fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/results.js';
import { lintFiles } from '../../src/lint/index.js';
import type { SourceSetting } from '../../src/config/config.js';
import { corpusDir, hasCorpus } from '../support/paths.js';

if (!hasCorpus) console.log(`corpus format tests skipped: ${corpusDir} is absent (it ships beside the repository in CI, not in a clone)`);

async function lintProjects(projects: string[], source: SourceSetting = 'auto'): Promise<LintResult[]> {
  return (await lintFiles({ cwd: corpusDir, patterns: projects, overrides: { source } })).results;
}

function reportedBy(results: readonly LintResult[], ruleId: string): string[] {
  return results.filter((r) => r.messages.some((m) => m.ruleId === ruleId)).map((r) => path.basename(r.filePath));
}

describe.skipIf(!hasCorpus)('tool directives on the corpus', () => {
  it('goose: the NO TRANSACTION migration of openfga builds its indexes outside a transaction', async () => {
    const goose = await lintProjects(['openfga__openfga']);
    expect(goose).toHaveLength(6);
    expect(reportedBy(goose, 'run-outside-transaction')).toEqual([]);
    const plain = await lintProjects(['openfga__openfga'], 'pgshift');
    expect(reportedBy(plain, 'run-outside-transaction')).toEqual(['assets__migrations__postgres__006_add_collate_index.sql']);
  });

  it('popx: no `.autocommit.` migration of hydra, keto or kratos is reported for running inside a transaction', async () => {
    const projects = ['ory__hydra', 'ory__keto', 'ory__kratos'];
    const autocommit = projects.flatMap((p) => readdirSync(path.join(corpusDir, p)).filter((f) => f.includes('.autocommit.')).map((f) => path.join(corpusDir, p, f)));
    expect(autocommit).toHaveLength(17);
    const concurrent = autocommit.filter((file) => /concurrently/i.test(readFileSync(file, 'utf8'))).map((file) => path.basename(file));
    expect(concurrent).toHaveLength(7);

    const popx = await lintProjects(projects);
    expect(reportedBy(popx, 'run-outside-transaction')).toEqual([]);
    // Read as plain SQL, each of them would run in a transaction and fail.
    const plain = await lintProjects(projects, 'pgshift');
    expect(reportedBy(plain, 'run-outside-transaction').sort()).toEqual([...concurrent].sort());
  });

  it('dbmate: supabase/postgres migrations are linted up to `-- migrate:down` only', async () => {
    const results = await lintProjects(['supabase__postgres']);
    expect(results).toHaveLength(30);
    for (const result of results) {
      const text = readFileSync(result.filePath, 'utf8');
      const downLine = text.split('\n').findIndex((line) => /^--\s*migrate:down/.test(line)) + 1;
      expect(downLine).toBeGreaterThan(0);
      for (const message of result.messages) expect(message.line).toBeLessThan(downLine);
    }
  });
});
