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
import { skippedResult, type LintResult } from '../engine/results.js';
import { loadParser } from '../parse/parse-sql.js';
import { changedFiles } from '../sources/changed.js';
import { discoverMigrationSets } from '../sources/discover.js';
import { detectSetFormat, formatById } from '../sources/formats/index.js';
import type { ReleaseFinder } from '../sources/releases.js';
import type { FileJob } from './chunk.js';
import { fileJobs, jobsBySet, lintPreparedFile, lintSetFiles, migrationId, prepareText } from './lint-set.js';
import { availableThreads, fileSizes, lintInParallel, plannedThreads, WorkerPool } from './parallel.js';

export interface ConfigRequest {
  /** where relative paths start and the config search begins */
  cwd: string;
  /** explicit config file; otherwise the nearest pgshift.config.json */
  configFile?: string;
  overrides?: ConfigOverrides;
  /** lint the down parts of migrations too (goose `Down`, `.down.sql`, Alembic downgrades) */
  includeDown?: boolean;
}

export interface LintFilesRequest extends ConfigRequest {
  /** files, directories or globs; default: the config's `migrations` */
  patterns?: readonly string[];
  /**
   * A git revision: report only migrations added or changed since the branch
   * left it (committed, staged, unstaged or untracked). Every migration still
   * feeds the schema model.
   */
  changedSince?: string;
  /** the release of each migration, when the caller knows better than the configuration (the runner's pending set) */
  releaseOf?: ReleaseFinder;
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
  // Asked before any work, so a bad revision fails fast.
  const changed = request.changedSince === undefined ? undefined : changedFiles(request.changedSince, request.cwd);
  // Workers boot while the files are found; they are dropped if the input turns out small.
  const pool = availableThreads() > 1 && mayBeLarge(patterns, baseDir) ? new WorkerPool(availableThreads() - 1) : undefined;
  try {
    const sets = await discoverMigrationSets(patterns, baseDir);
    const jobs = fileJobs(sets, { releases: config.releases, baseDir: config.baseDir, source: config.source, includeDown: request.includeDown ?? false, releaseOf: request.releaseOf });
    await loadParser();
    const sizes = fileSizes(jobs.map((job) => job.path));
    const threads = plannedThreads([...sizes.values()].reduce((a, b) => a + b, 0), jobs.length);
    const perJob =
      pool && threads > 1
        ? await lintInParallel(jobs, sizes, pool, allRules, config.engine)
        : jobsBySet(jobs).flatMap((set) => lintSetFiles(set, allRules, config.engine));
    const reported = changed ? perJob.filter((_, i) => isChanged(jobs[i] as FileJob, changed)) : perJob;
    return { config, results: reported.flat() };
  } finally {
    await pool?.close();
  }
}

/** A migration changed when its file did, or a file beside it that changes how it runs (diesel's metadata.toml, Flyway's .sql.conf). */
function isChanged(job: FileJob, changed: ReadonlySet<string>): boolean {
  return changed.has(job.path) || (formatById(job.format).companions?.(job.path) ?? []).some((file) => changed.has(file));
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
  /** the file the text belongs to (for messages, format detection and config lookup); `<text>` if none */
  filePath?: string;
}

/**
 * Lint one file given as text (an editor buffer) or bytes (standard input).
 * Most files are one migration; Alembic's offline SQL holds one per revision,
 * and a file with a down part gives a second result with `--include-down`.
 */
export async function lintText(text: string | Uint8Array, request: LintTextRequest): Promise<LintResult[]> {
  const config = loadProjectConfig(request);
  await loadParser();
  const filePath = request.filePath ? path.resolve(request.cwd, request.filePath) : '<text>';
  // Alone, the file is a set of one in its folder: its id is its file name.
  const setRoot = request.filePath ? path.dirname(filePath) : request.cwd;
  const explicitFormat = config.source !== 'auto';
  const format = config.source !== 'auto' ? config.source : request.filePath ? detectSetFormat([filePath], setRoot) : 'pgshift';
  const includeDown = request.includeDown ?? false;
  // The format says whether the file is a down migration; one given on its own is linted as such only when asked.
  const role = request.filePath ? formatById(format).select([filePath], { includeDown: true })[0] : undefined;
  if (request.filePath && role === undefined) return [skippedResult(filePath, `${formatById(format).tool} does not run a file with this name, so pgshift does not lint it.`)];
  if (role?.ignored !== undefined) return [skippedResult(filePath, `${role.ignored}.`)];
  const direction = role?.direction ?? 'up';
  if (direction === 'down' && !includeDown) return [skippedResult(filePath, 'This is a down migration; pgshift lints down migrations only with --include-down.')];
  const job: FileJob = { path: filePath, id: request.filePath ? migrationId(filePath, setRoot) : '<text>', set: 0, setRoot, format, explicitFormat, direction, includeDown };
  const prepared = prepareText(text, job, filePath);
  return lintPreparedFile(new MigrationSetLinter(allRules, config.engine), prepared, allRules, config.engine);
}
