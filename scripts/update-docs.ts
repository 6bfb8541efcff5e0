/** npm run docs: regenerate the README's rule table and config reference. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../rules/index.js';
import { configJsonSchema, configTable, replaceSection, ruleTable } from '../src/docs/rule-table.js';
import { packageRoot } from '../src/package-root.js';

const readme = path.join(packageRoot, 'README.md');
let text = readFileSync(readme, 'utf8');
text = replaceSection(text, 'rules', ruleTable(allRules));
text = replaceSection(text, 'config', configTable());
writeFileSync(readme, text);
const schema = path.join(packageRoot, 'docs', 'pgshift.config.schema.json');
writeFileSync(schema, `${JSON.stringify(configJsonSchema(allRules), null, 2)}\n`);
console.log(`updated ${readme} and ${schema}`);
