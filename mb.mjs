import { allRules } from '/work/main/dist/rules/index.js';
import { loadParser } from '/work/main/dist/src/parse/parse-sql.js';
import { resolveConfig } from '/work/main/dist/src/config/config.js';
import { MigrationSetLinter, prepareMigration } from '/work/main/dist/src/engine/linter.js';
await loadParser();
const cfg = resolveConfig(allRules, { startDir: '/tmp' });
const p = prepareMigration({ id: 'x', filePath: 'x', text: 'CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);' });
for (let round = 0; round < 4; round++) {
  const l = new MigrationSetLinter(allRules, cfg.engine);
  const t = performance.now();
  for (let i = 0; i < 3000; i++) l.lintPrepared({ ...p, source: { ...p.source, id: 'x' + i } });
  console.log('3000 tiny files', (performance.now() - t).toFixed(0), 'ms');
}
