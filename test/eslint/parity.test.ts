/**
 * The plugin's promise: for every rule fixture, `eslint` reports what
 * `pgshift lint` reports for that file (rule, severity, message, range,
 * suggestions), parse errors included.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/eslint/index.js';
import type { LintResult } from '../../src/engine/results.js';
import { fixturesDir, projectRoot } from '../support/paths.js';
import { cliResults, cliShape, counts, eslintShape } from './compare.js';

/** The folders under `root` that hold `.sql` files, each with its files. */
function sqlFolders(root: string): { dir: string; files: string[] }[] {
  const entries = readdirSync(root, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.sql')).map((entry) => path.join(root, entry.name));
  const below = entries.filter((entry) => entry.isDirectory()).flatMap((entry) => sqlFolders(path.join(root, entry.name)));
  return files.length > 0 ? [{ dir: root, files }, ...below] : below;
}

/** Lint every `.sql` file under `root` with `pgshift lint <file>` in the file's folder and with `eslint`, and expect the same. */
function compareTree(name: string, root: string, minimum: number): void {
  const folders = sqlFolders(root);
  const allFiles = folders.flatMap(({ files }) => files);

  describe(name, () => {
    const expected = new Map<string, LintResult[]>();
    const actual = new Map<string, ESLint.LintResult>();

    beforeAll(async () => {
      // The CLI in each file's folder: its config is the one found from there, as ESLint finds it from the file.
      for (const { dir, files } of folders) for (const [file, results] of await cliResults(dir, files)) expected.set(file, results);
      const eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
      for (const result of await eslint.lintFiles(allFiles)) actual.set(result.filePath, result);
    });

    it('covers the fixtures', () => {
      expect(allFiles.length).toBeGreaterThanOrEqual(minimum);
      expect(actual.size).toBe(allFiles.length);
    });

    for (const file of allFiles) {
      it(path.relative(root, file), () => {
        const cli = expected.get(file) ?? [];
        const all = cli.flatMap((result) => result.messages);
        // A warning without a rule says pgshift did not lint the file (a down migration, a file its tool skips): ESLint shows nothing then.
        const notLinted = all.filter((m) => m.ruleId === null && !m.fatal);
        const messages = all.filter((m) => !notLinted.includes(m));
        const result = actual.get(file) as ESLint.LintResult;
        expect(eslintShape(result.messages)).toEqual(cliShape(messages));
        const sum = (key: 'errorCount' | 'warningCount' | 'fatalErrorCount') => cli.reduce((n, r) => n + r[key], 0);
        expect(counts(result)).toEqual([sum('errorCount'), sum('warningCount') - notLinted.length, sum('fatalErrorCount')]);
      });
    }
  });
}

compareTree('eslint with pgshift.configs.recommended, on every rule fixture', path.join(fixturesDir, 'rules'), 250);
compareTree('eslint with pgshift.configs.recommended, on every file of the format fixtures, each linted alone', path.join(fixturesDir, 'formats'), 50);
