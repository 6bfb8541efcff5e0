/**
 * Linting a fixture project the way `pgshift lint <dir>` does, and reading the
 * outcome as compact facts: which migration got which rule ids.
 */
import path from 'node:path';
import type { LintResult } from '../../src/engine/results.js';
import { lintFiles, lintText, type LintFilesRequest } from '../../src/lint/index.js';
import type { SourceSetting } from '../../src/config/config.js';
import { fixturesDir } from './paths.js';

export const formatFixtures = path.join(fixturesDir, 'formats');

export interface FormatLintOptions {
  source?: SourceSetting;
  includeDown?: boolean;
  /** more request fields (changedSince, …) */
  request?: Partial<LintFilesRequest>;
}

/** Lint a directory (relative to fixtures/formats) as one set; results keep their order. */
export async function lintFixtureDir(dir: string, options: FormatLintOptions = {}): Promise<LintResult[]> {
  const root = path.join(formatFixtures, dir);
  const { results } = await lintFiles({
    cwd: root,
    patterns: ['.'],
    includeDown: options.includeDown ?? false,
    ...(options.source ? { overrides: { source: options.source } } : {}),
    ...options.request,
  });
  return results;
}

/** Lint text as one file, as `pgshift lint --stdin --stdin-filename <file>` does. */
export async function lintFixtureText(text: string, filePath: string, options: FormatLintOptions & { cwd?: string } = {}): Promise<LintResult[]> {
  return lintText(text, {
    cwd: options.cwd ?? formatFixtures,
    filePath,
    includeDown: options.includeDown ?? false,
    ...(options.source ? { overrides: { source: options.source } } : {}),
  });
}

/** Each result as `[path relative to base (with its #part), sorted rule ids]`; a rule-less message shows as `(none)`. */
export function ruleIdsByMigration(results: readonly LintResult[], base: string): [string, string[]][] {
  return results.map((result) => [
    path.relative(base, result.filePath).split(path.sep).join('/'),
    result.messages.map((m) => m.ruleId ?? '(none)').sort(),
  ]);
}

/** A lookup of results by path relative to `base` (with its #part); a missing one fails the test. */
export function resultFinder(base: string): (results: readonly LintResult[], name: string) => LintResult {
  return (results, name) => {
    const result = results.find((r) => path.relative(base, r.filePath) === name);
    if (!result) throw new Error(`no result for ${name}`);
    return result;
  };
}

/** `line:column ruleId` of each message, to pin where a finding points. */
export function positions(result: LintResult | undefined): string[] {
  return (result?.messages ?? []).map((m) => `${m.line}:${m.column} ${m.ruleId ?? '(none)'}`);
}
