/**
 * Linting one migration as it is being edited, in its place in the project:
 * the config found from the file's folder, the migrations before it replayed
 * into the schema model, its release. The editor server and the ESLint
 * plugin call this; the CLI's `lintFiles` gives the same results for a saved
 * file. The schema state before each document is kept, so an edit relints
 * one file, not the whole history.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/config.js';
import { MigrationSetLinter, type SetState } from '../engine/linter.js';
import type { LintResult } from '../engine/results.js';
import { loadParser } from '../parse/parse-sql.js';
import { discoverMigrationSets, NoFilesError } from '../sources/discover.js';
import type { FileJob } from './chunk.js';
import { lintText, loadProjectConfig, type ConfigRequest } from './index.js';
import { fileJobs, lintPreparedFile, prepareFile, prepareText } from './lint-set.js';

export interface LintDocumentRequest extends Omit<ConfigRequest, 'cwd'> {
  /** absolute path of the document */
  filePath: string;
  /** its text as the editor holds it */
  text: string;
  /** other documents the editor holds with unsaved changes, by absolute path: they count as written */
  openDocuments?: ReadonlyMap<string, string>;
}

interface CachedState {
  key: string;
  state: SetState;
}

/** Keeps, per document, the schema state the migrations before it leave. */
export class DocumentLinter {
  readonly #states = new Map<string, CachedState>();

  /** Forget every kept state (the config changed, or files were added or removed). */
  invalidate(): void {
    this.#states.clear();
  }

  async lint(request: LintDocumentRequest): Promise<LintResult[]> {
    const filePath = path.resolve(request.filePath);
    const cwd = path.dirname(filePath);
    const { text, openDocuments, filePath: _, ...options } = request;
    const config = loadProjectConfig({ ...options, cwd });
    const place = await this.#place(config, filePath, request.includeDown ?? false);
    // Not one of the project's migrations: linted alone, as `pgshift lint <file>` would.
    if (!place) return lintText(text, { ...options, cwd, filePath });
    await loadParser();
    const { job, before } = place;
    const state = this.#stateBefore(config, filePath, before, openDocuments);
    const linter = new MigrationSetLinter(allRules, config.engine, structuredClone(state));
    return lintPreparedFile(linter, prepareText(text, job, filePath), allRules, config.engine);
  }

  /** The document's job, and the jobs of its set before it; undefined when no set of the config holds it. */
  async #place(config: ResolvedConfig, filePath: string, includeDown: boolean): Promise<{ job: FileJob; before: FileJob[] } | undefined> {
    let sets;
    try {
      sets = await discoverMigrationSets(config.migrations, config.baseDir);
    } catch (error) {
      if (error instanceof NoFilesError) return undefined;
      throw error;
    }
    const jobs = fileJobs(sets, { releases: config.releases, baseDir: config.baseDir, source: config.source, includeDown });
    const index = jobs.findIndex((job) => path.resolve(job.path) === filePath);
    const job = jobs[index];
    if (!job) return undefined;
    return { job, before: jobs.slice(0, index).filter((other) => other.set === job.set) };
  }

  #stateBefore(config: ResolvedConfig, filePath: string, before: readonly FileJob[], open: ReadonlyMap<string, string> | undefined): SetState {
    const key = [config.filePath ?? '', stamp(config.filePath), JSON.stringify([...config.engine.rules].map(([id, s]) => [id, s.severity, s.options])), JSON.stringify(config.engine.settings), ...before.map((job) => `${job.path}:${job.direction}:${job.release?.name ?? ''}:${open?.has(job.path) ? hash(open.get(job.path) as string) : stamp(job.path)}`)].join('\n');
    const cached = this.#states.get(filePath);
    if (cached?.key === key) return cached.state;
    const linter = new MigrationSetLinter(allRules, config.engine);
    for (const job of before) {
      const text = open?.get(job.path);
      lintPreparedFile(linter, text === undefined ? prepareFile(job) : prepareText(text, job), allRules, config.engine);
    }
    const state = structuredClone(linter.exportState());
    this.#states.set(filePath, { key, state });
    return state;
  }
}

/** A file's modification time and size: what tells the cache it changed on disk. */
function stamp(file: string | undefined): string {
  if (file === undefined) return '';
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}

/** FNV-1a of an unsaved buffer, to tell its versions apart. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length}:${(h >>> 0).toString(16)}`;
}
