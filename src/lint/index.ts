/**
 * The library function behind `pgshift lint`, the editor server and the
 * runner's gate: resolve the configuration once, find the migration sets, lint
 * them (in parallel when there is enough SQL to pay for it).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import { resolveConfig, type ConfigOverrides, type ResolvedConfig } from '../config/config.js';
import { MigrationSetLinter } from '../engine/linter.js';
import type { LintResult } from '../engine/results.js';
import { loadParser } from '../parse/parse-sql.js';
import { discoverMigrationSets } from '../sources/discover.js';
import { stripBom } from '../sources/decode.js';
import { fileJobs, jobsBySet, lintSetFiles, migrationId, sourceFromBytes } from './lint-set.js';
import { availableThreads, fileSizes, lintInParallel, plannedThreads, WorkerPool } from './parallel.js';

export interface ConfigRequest {
  /** where relative paths start and the config search begins */
  cwd: string;
  /** explicit config file; otherwise the nearest pgshift.config.json */
  configFile?: string;
  overrides?: ConfigOverrides;
}

export interface LintFilesRequest extends ConfigRequest {
  /** files, directories or globs; default: the config's `migrations` */
  patterns?: readonly string[];
}

export interface LintRun {
  config: ResolvedConfig;
  results: LintResult[];
}

export function loadProjectConfig(request: ConfigRequest): ResolvedConfig {
  return resolveConfig(allRules, { startDir: request.cwd, configFile: request.configFile, overrides: request.overrides });
}

export async function lintFiles(request: LintFilesRequest): Promise<LintRun> {
  const config = loadProjectConfig(request);
  const patterns = request.patterns && request.patterns.length > 0 ? request.patterns : config.migrations;
  const baseDir = request.patterns && request.patterns.length > 0 ? request.cwd : config.baseDir;
  // Workers boot while the files are found; they are dropped if the input turns out small.
  const pool = availableThreads() > 1 && mayBeLarge(patterns, baseDir) ? new WorkerPool(availableThreads() - 1) : undefined;
  try {
    const jobs = fileJobs(await discoverMigrationSets(patterns, baseDir), config.releases, config.baseDir);
    await loadParser();
    const sizes = fileSizes(jobs.map((job) => job.path));
    const threads = plannedThreads([...sizes.values()].reduce((a, b) => a + b, 0), jobs.length);
    const results =
      pool && threads > 1
        ? await lintInParallel(jobs, sizes, pool, allRules, config.engine)
        : jobsBySet(jobs).flatMap((set) => lintSetFiles(set, allRules, config.engine));
    return { config, results };
  } finally {
    await pool?.close();
  }
}

/** Single files are a small lint; a directory or a glob may be a whole history. */
function mayBeLarge(patterns: readonly string[], baseDir: string): boolean {
  return patterns.some((pattern) => {
    try {
      return !statSync(path.resolve(baseDir, pattern)).isFile();
    } catch {
      return true;
    }
  });
}

export interface LintTextRequest extends ConfigRequest {
  /** the file the text belongs to (for messages and config lookup); `<text>` if none */
  filePath?: string;
}

/** Lint one migration given as text (an editor buffer) or bytes (standard input). */
export async function lintText(text: string | Uint8Array, request: LintTextRequest): Promise<LintResult> {
  const config = loadProjectConfig(request);
  await loadParser();
  const filePath = request.filePath ? path.resolve(request.cwd, request.filePath) : '<text>';
  const linter = new MigrationSetLinter(allRules, config.engine);
  // Alone, the migration is a set of one: its id is its file name.
  const id = request.filePath ? migrationId(filePath, path.dirname(filePath)) : '<text>';
  const source = typeof text === 'string' ? { id, filePath, text: stripBom(text) } : sourceFromBytes(text, id, filePath);
  return 'text' in source ? linter.lint(source) : source;
}
