/**
 * What a rule's suggestions do to a fixture: the file's text after applying
 * each report's suggestion, so tests can assert the exact result.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../../src/engine/rule.js';
import { applyEdits } from '../../src/engine/linter.js';
import { engineConfig, lintFixtureSet } from './rule-tester.js';
import { fixturesDir } from './paths.js';

/** For each report of `rule` on the fixture, in order: the whole file with its suggestion applied, or undefined. */
export async function suggestedTexts(rule: Rule, file: string, after: string[] = []): Promise<(string | undefined)[]> {
  const dir = path.join(fixturesDir, 'rules', rule.meta.id);
  const files = [...after, file].map((f) => path.join(dir, f));
  const result = await lintFixtureSet(files, engineConfig({}, { [rule.meta.id]: { severity: 'error' } }));
  const text = readFileSync(files[files.length - 1] as string, 'utf8');
  return result.messages
    .filter((m) => m.ruleId === rule.meta.id)
    .map((m) => {
      const fix = m.suggestions?.[0]?.fix;
      return fix ? applyEdits(text, [{ range: fix.range, text: fix.text }]) : undefined;
    });
}
