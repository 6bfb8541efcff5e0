/** The README's generated tables match the code (run `npm run docs` to regenerate them). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { configJsonSchema, configTable, replaceSection, ruleTable } from '../src/docs/rule-table.js';
import { projectRoot } from './support/paths.js';

describe('README', () => {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');

  it('lists every rule with its default severity and page', () => {
    expect(replaceSection(readme, 'rules', ruleTable(allRules))).toBe(readme);
    for (const rule of allRules) expect(readme).toContain(`(docs/rules/${rule.meta.id}.md)`);
  });

  it('documents every config key', () => {
    expect(replaceSection(readme, 'config', configTable())).toBe(readme);
  });

  it('ships the JSON Schema of the config file, current', () => {
    const schema = readFileSync(path.join(projectRoot, 'docs', 'pgshift.config.schema.json'), 'utf8');
    expect(JSON.parse(schema)).toEqual(configJsonSchema(allRules));
  });
});
