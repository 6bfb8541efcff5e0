/**
 * Reading migrations and linting them in set order. A set (the migrations of
 * one history) is linted by one linter so the schema model carries across
 * files; chunks of a set may be parsed on other threads ahead of time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MigrationSetLinter, prepareMigration, type EngineConfig, type PreparedMigration } from '../engine/linter.js';
import { fatalResult, skippedResult, type LintResult } from '../engine/results.js';
import type { Rule } from '../engine/rule.js';
import { SourceText } from '../parse/source-text.js';
import { decodeMigration, stripBom } from '../sources/decode.js';
import type { ReleasesConfig, SourceSetting } from '../config/config.js';
import type { MigrationSet } from '../sources/discover.js';
import { detectFileFormat, detectSetFormat, formatById, type FileToRead, type FormatId, type MigrationUnit } from '../sources/formats/index.js';
import { releaseFinder, type ReleaseFinder } from '../sources/releases.js';
import type { FileJob } from './chunk.js';

/** A migration's id: its path relative to its set's folder, with forward slashes. */
export function migrationId(filePath: string, setRoot: string): string {
  return path.relative(setRoot, filePath).split(path.sep).join('/');
}

export interface JobOptions {
  releases?: ReleasesConfig | undefined;
  /** where release globs are relative to */
  baseDir?: string;
  source?: SourceSetting;
  includeDown?: boolean;
  /** releases decided by the caller instead of the configuration (the runner: applied, then pending) */
  releaseOf?: ReleaseFinder | undefined;
}

/**
 * The files of the sets in apply order, each with its set's index, its id, its
 * release and its format: the format picks and orders a set's files, then
 * releases reorder them (a down file stays right after the up file it undoes).
 */
export function fileJobs(sets: readonly MigrationSet[], options: JobOptions = {}): FileJob[] {
  const releaseOf = options.releaseOf ?? releaseFinder(options.releases, options.baseDir ?? '');
  const includeDown = options.includeDown ?? false;
  return sets.flatMap((set, index) => {
    const format: FormatId = options.source && options.source !== 'auto' ? options.source : detectSetFormat(set.files, set.root);
    const explicit = options.source !== undefined && options.source !== 'auto';
    const groups: FileJob[][] = [];
    for (const file of formatById(format).select(set.files, { includeDown })) {
      const id = migrationId(file.path, set.root);
      const undoes = file.undoes === undefined ? undefined : migrationId(file.undoes, set.root);
      const job: FileJob = { path: file.path, id, set: index, setRoot: set.root, format, explicitFormat: explicit, direction: file.direction, includeDown };
      if (undoes !== undefined) job.undoes = undoes;
      if (file.ignored !== undefined) job.ignored = file.ignored;
      const up = undoes === undefined ? undefined : groups.findLast((group) => group[0]?.id === undoes);
      if (up) {
        // A down file ships with the up file it undoes.
        if (up[0]?.release) job.release = up[0].release;
        up.push(job);
      } else {
        const release = releaseOf(file.path, set.root);
        if (release) job.release = release;
        groups.push([job]);
      }
    }
    // Releases in order, then the format's order; migrations no release claims are the newest.
    return groups
      .map((group, position) => ({ group, position }))
      .sort((a, b) => (a.group[0]?.release?.index ?? Infinity) - (b.group[0]?.release?.index ?? Infinity) || a.position - b.position)
      .flatMap(({ group }) => group);
  });
}

/** A file ready to lint: its migrations parsed, or the result that says why there are none. */
export type PreparedFile = { units: { prepared: PreparedMigration; reverts: boolean }[] } | LintResult;

/** Decode, cut into migrations the way the file's tool runs it, and parse. */
export function prepareText(bytes: Uint8Array | string, job: FileJob, filePath = job.path): PreparedFile {
  let text: string;
  const bom = typeof bytes === 'string' ? bytes.charCodeAt(0) === 0xfeff : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (typeof bytes === 'string') text = stripBom(bytes);
  else {
    const decoded = decodeMigration(bytes);
    if (!decoded.ok) {
      const before = new SourceText(new TextDecoder().decode(bytes.subarray(0, decoded.byteOffset)));
      return fatalResult(filePath, decoded.message, before.positionAt(before.text.length));
    }
    text = decoded.text;
  }
  const format = formatById(job.explicitFormat ? job.format : detectFileFormat(text, job.format));
  const file: FileToRead = { path: job.path, id: job.id, filePath, text, bom, release: job.release, direction: job.direction, undoes: job.undoes, setRoot: job.setRoot };
  const outcome = format.read(file, { includeDown: job.includeDown });
  if ('skipped' in outcome) return skippedResult(filePath, outcome.skipped);
  if ('fatal' in outcome) return fatalResult(filePath, outcome.fatal, new SourceText(text).positionAt(outcome.index));
  return { units: outcome.units.map((unit: MigrationUnit) => ({ prepared: prepareMigration(unit), reverts: unit.reverts })) };
}

/** Read and prepare one file; what cannot be read is a fatal result. */
export function prepareFile(job: FileJob): PreparedFile {
  if (job.ignored !== undefined) return skippedResult(job.path, `${job.ignored}.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.path);
  } catch (error) {
    return fatalResult(job.path, `cannot read the file: ${(error as Error).message}`, { line: 1, column: 1 });
  }
  return prepareText(bytes, job);
}

export function isResult(value: PreparedFile): value is LintResult {
  return 'messages' in value;
}

/**
 * Lint a prepared file's migrations with the set's linter. A down migration
 * that reverts an up migration is linted on a copy of the schema as that
 * migration left it, and the set goes on as if the down migration never ran.
 */
export function lintPreparedFile(linter: MigrationSetLinter, prepared: PreparedFile, rules: readonly Rule[], config: EngineConfig): LintResult[] {
  if (isResult(prepared)) return [prepared];
  return prepared.units.map(({ prepared: unit, reverts }) =>
    reverts ? new MigrationSetLinter(rules, config, structuredClone(linter.exportState())).lintPrepared(unit) : linter.lintPrepared(unit),
  );
}

/** The jobs grouped by set, in order. */
export function jobsBySet(jobs: readonly FileJob[]): FileJob[][] {
  const sets: FileJob[][] = [];
  for (const job of jobs) (sets[job.set] ??= []).push(job);
  return sets.filter((set) => set !== undefined);
}

/** Lint the jobs of one set in order, in this thread: the results of each job. */
export function lintSetFiles(jobs: readonly FileJob[], rules: readonly Rule[], config: EngineConfig): LintResult[][] {
  const linter = new MigrationSetLinter(rules, config);
  return jobs.map((job) => lintPreparedFile(linter, prepareFile(job), rules, config));
}
