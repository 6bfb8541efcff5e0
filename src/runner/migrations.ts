/**
 * The migrations the runner applies: the same files, order, ids and releases
 * the linter sees (one set in pgshift's own format), each with what applying
 * it needs: its checksum, whether it runs in a transaction, its statements,
 * and its down migration when it has one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/config.js';
import { pgshiftTransactionPlan } from '../engine/linter.js';
import { asNode } from '../parse/ast.js';
import { fileJobs } from '../lint/lint-set.js';
import { readDirectives } from '../parse/directives.js';
import { loadParser, parseStatements } from '../parse/parse-sql.js';
import { SourceText } from '../parse/source-text.js';
import { decodeMigration } from '../sources/decode.js';
import { discoverMigrationSets } from '../sources/discover.js';
import { detectFileFormat, formatById } from '../sources/formats/index.js';
import { RunnerError } from './errors.js';

export interface MigrationScript {
  path: string;
  /** sha256 of the file's bytes */
  checksum: string;
  /** runs in one transaction, unless `-- pgshift:no-transaction` leads the file */
  transactional: boolean;
  /** the text sent for a transactional migration: the whole file */
  text: string;
  /** the statements sent one by one for a no-transaction migration; empty when the file does not parse (the gate stops it) */
  statements: string[];
  /** the indexes its statements build, by name: a failed concurrent build leaves one INVALID */
  indexes: { name: string; schema: string | undefined }[];
}

export interface RunnerMigration extends MigrationScript {
  /** its path relative to the migrations folder, as the linter and the ledger name it */
  id: string;
  release: string | undefined;
  down: MigrationScript | undefined;
}

/** Read the project's migrations in apply order. */
export async function readMigrations(config: ResolvedConfig): Promise<{ root: string; migrations: RunnerMigration[] }> {
  const sets = await discoverMigrationSets(config.migrations, config.baseDir);
  await loadParser();
  if (sets.length !== 1) {
    throw new RunnerError(`the runner applies one migration set, but "migrations" names ${sets.length}: ${sets.map((s) => s.root).join(', ')}`);
  }
  const set = sets[0] as (typeof sets)[number];
  const jobs = fileJobs(sets, { releases: config.releases, baseDir: config.baseDir, source: config.source, includeDown: true });
  const migrations: RunnerMigration[] = [];
  for (const job of jobs) {
    if (job.format !== 'pgshift') throw new RunnerError(notOurs(formatById(job.format).tool));
    if (job.ignored !== undefined) continue;
    const script = readScript(job.path);
    if (job.direction === 'down') {
      const up = migrations.find((m) => m.id === job.undoes);
      if (up) up.down = script;
      continue;
    }
    migrations.push({ ...script, id: job.id, release: job.release?.name, down: undefined });
  }
  return { root: set.root, migrations };
}

function notOurs(tool: string): string {
  return `these migrations are ${tool}'s (see docs/formats.md); pgshift upgrade applies plain SQL migrations in pgshift's own format. Apply them with ${tool}, and gate them with pgshift lint.`;
}

export function readScript(file: string): MigrationScript {
  const bytes = readFileSync(file);
  const checksum = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeMigration(bytes);
  if (!decoded.ok) return { path: file, checksum, transactional: true, text: '', statements: [], indexes: [] };
  const format = detectFileFormat(decoded.text, 'pgshift');
  if (format !== 'pgshift') throw new RunnerError(`${file}: ${notOurs(formatById(format).tool)}`);
  const source = new SourceText(decoded.text);
  const parsed = parseStatements(source);
  const statements = parsed.ok ? parsed.statements : [];
  const plan = pgshiftTransactionPlan({ directives: readDirectives(source), statements });
  return {
    path: file,
    checksum,
    transactional: plan.mode !== 'none',
    text: decoded.text,
    statements: statements.map((s) => decoded.text.slice(s.range[0], s.range[1])),
    indexes: statements.flatMap((s) => {
      const index = asNode(s.node, 'IndexStmt');
      return index?.idxname ? [{ name: index.idxname, schema: index.relation?.schemaname }] : [];
    }),
  };
}
