/**
 * Linting one migration as it is being edited, in its place in the project:
 * the config found from the file's folder, the migrations before it replayed
 * into the schema model, its release. The editor server and the ESLint
 * plugin call this; the CLI's `lintFiles` gives the same results for a saved
 * file. The schema state before each document is kept, so an edit relints
 * one file, not the whole history.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/config.js';
import { MigrationSetLinter, type EngineConfig, type SetState } from '../engine/linter.js';
import type { Rule } from '../engine/rule.js';
import { skippedResult, type LintResult } from '../engine/results.js';
import { loadParser } from '../parse/parse-sql.js';
import { discoverMigrationSetsSnapshot, NoFilesError, type DiscoverySnapshot, type MigrationSet } from '../sources/discover.js';
import type { FileJob } from './chunk.js';
import { lintText, loadProjectConfig, type ConfigRequest } from './index.js';
import { fileJobs, lintPreparedFile, prepareFile, prepareText } from './lint-set.js';

export interface LintDocumentRequest extends Omit<ConfigRequest, 'cwd'> {
  /** absolute path of the document */
  filePath: string;
  /** its text as the editor holds it, or its bytes (which pgshift decodes, reporting bytes that are not UTF-8 as `pgshift lint` does) */
  text: string | Uint8Array;
  /** other documents the editor holds with unsaved changes, by absolute path: they count as written */
  openDocuments?: ReadonlyMap<string, string>;
}

/** A request with its path resolved and its configuration loaded. */
interface Document {
  filePath: string;
  text: string | Uint8Array;
  openDocuments: ReadonlyMap<string, string> | undefined;
  /** the request's config options, with `cwd` the document's folder */
  request: ConfigRequest;
  config: ResolvedConfig;
}

/** The jobs of the configured migrations, and the index of each by absolute path. */
interface Jobs {
  list: FileJob[];
  indexOf: Map<string, number>;
}

/** Where the document stands in its set: its job, the jobs of the set before it, and the one after it. */
interface Place {
  job: FileJob;
  before: FileJob[];
  next: FileJob | undefined;
}

interface CachedState {
  /** identifies the configuration and every migration before the document, as they were when the state was built */
  key: string;
  state: SetState;
  /** left by linting the migration before, not built for this document: the document's first lint may take it */
  handedOn?: boolean;
}

/** Set once the WASM parser has loaded: `lintSync` cannot wait for it. */
let parserReady = false;

/** Keeps, per document, the schema state the migrations before it leave. */
export class DocumentLinter {
  readonly #states = new Map<string, CachedState>();
  /** for lintSync: the configured migrations, by folder and patterns, and their jobs by the options that order them */
  readonly #discoveries = new Map<string, { snapshot: DiscoverySnapshot; jobs: Map<string, Jobs> }>();

  /** Load the WASM parser; `lintSync` needs it loaded (`lint` loads it itself). */
  static async loadParser(): Promise<void> {
    await loadParser();
    parserReady = true;
  }

  /** Forget every kept state (the config changed, or files were added or removed). */
  invalidate(): void {
    this.#states.clear();
    this.#discoveries.clear();
  }

  async lint(request: LintDocumentRequest): Promise<LintResult[]> {
    const document = openDocument(request);
    const place = this.#place(document);
    // Not one of the project's migrations: linted alone, as `pgshift lint <file>` would.
    if (!place) return lintText(document.text, { ...document.request, filePath: document.filePath });
    await DocumentLinter.loadParser();
    return this.#lintInPlace(document, place);
  }

  /**
   * Run other rules on the document, in its place in the project, on the same
   * kept history as `lint`: how the editor's hover reads each statement's
   * locks from the engine. Their reports are discarded; rules that record
   * what they see are the point.
   */
  async inspect(request: LintDocumentRequest, rules: readonly Rule[]): Promise<void> {
    const document = openDocument(request);
    const { config, filePath, text } = document;
    await DocumentLinter.loadParser();
    const engine: EngineConfig = { settings: config.engine.settings, rules: new Map(rules.map((rule) => [rule.meta.id, { severity: 'warn', options: {} }])) };
    const place = this.#place(document);
    const job = place?.job ?? aloneJob(document);
    if (!job || job.ignored !== undefined) return;
    const state = place ? this.#startState(document, place.before, this.#historyKeys(config, place.before, document.openDocuments)) : undefined;
    lintPreparedFile(new MigrationSetLinter(rules, engine, state), prepareText(text, job, filePath), rules, engine);
  }

  /**
   * `lint` for callers that cannot wait (ESLint's parser): the same findings
   * for a migration of the project. A file outside the configured migrations
   * is linted alone, the way `pgshift lint <file>` lints it: a file its tool
   * does not run gives no result. Call `DocumentLinter.loadParser()` first.
   */
  lintSync(request: LintDocumentRequest): LintResult[] {
    if (!parserReady) throw new Error('DocumentLinter.lintSync needs the SQL parser: await DocumentLinter.loadParser() first.');
    const document = openDocument(request);
    const place = this.#place(document);
    return place ? this.#lintInPlace(document, place) : lintAlone(document);
  }

  /** The document's place among the configured migrations (found again only when a file was added, removed or renamed); undefined outside them. */
  #place(document: Document): Place | undefined {
    const jobs = this.#jobs(document);
    return jobs && placeIn(jobs.list, document.filePath, jobs.indexOf.get(document.filePath) ?? -1);
  }

  /**
   * The jobs of the configured migrations: found again only when a file was
   * added, removed or renamed since, so neither a project linted file by file
   * nor an editor's keystrokes walk the folders each time.
   */
  #jobs(document: Document): Jobs | undefined {
    const { config, request } = document;
    const where = JSON.stringify([config.baseDir, config.migrations]);
    const how = JSON.stringify([config.releases, config.source, request.includeDown ?? false]);
    let found = this.#discoveries.get(where);
    if (!found?.snapshot.holds()) {
      let snapshot: DiscoverySnapshot;
      try {
        snapshot = discoverMigrationSetsSnapshot(config.migrations, config.baseDir);
      } catch (error) {
        this.#discoveries.delete(where);
        return noSets(error);
      }
      found = { snapshot, jobs: new Map() };
    }
    // Most recently used last; a few projects at most.
    this.#discoveries.delete(where);
    this.#discoveries.set(where, found);
    for (const oldest of this.#discoveries.keys()) if (this.#discoveries.size > KEPT_DISCOVERIES) this.#discoveries.delete(oldest);
    let jobs = found.jobs.get(how);
    if (!jobs) {
      const list = jobsOf(document, found.snapshot.sets);
      jobs = { list, indexOf: new Map(list.map((job, index) => [path.resolve(job.path), index])) };
      found.jobs.set(how, jobs);
    }
    return jobs;
  }

  #lintInPlace(document: Document, { job, before, next }: Place): LintResult[] {
    const { config, filePath, text, openDocuments: open } = document;
    if (job.ignored !== undefined) return [skippedResult(filePath, `${job.ignored}.`)];
    const history = this.#historyKeys(config, before, open);
    const linter = new MigrationSetLinter(allRules, config.engine, this.#startState(document, before, history));
    const results = lintPreparedFile(linter, prepareText(text, job, filePath), allRules, config.engine);
    // A document as saved leaves the state the next migration starts from: kept, a project linted in order replays nothing.
    if (next && !open?.has(job.path) && isSaved(job.path, text)) {
      const key = chain(history[before.length] as string, historyEntry(job, stamp(job.path)));
      if (this.#states.get(next.path)?.key !== key) this.#keep(next.path, { key, state: linter.exportState(), handedOn: true });
    }
    return results;
  }

  /** keys[i] identifies the configuration and the migrations before before[i]; keys[before.length], those before the document. */
  #historyKeys(config: ResolvedConfig, before: readonly FileJob[], open: ReadonlyMap<string, string> | undefined): string[] {
    const keys = [historyRoot(config)];
    for (const job of before) keys.push(chain(keys[keys.length - 1] as string, historyEntry(job, open?.has(job.path) ? hash(open.get(job.path) as string) : stamp(job.path))));
    return keys;
  }

  /**
   * The schema state the migrations before the document leave, for the
   * document's linter to change. It comes from the state kept for this
   * document, or else from the nearest earlier one whose history is unchanged,
   * replaying the migrations in between (and kept for the next edit).
   */
  #startState({ config, filePath, openDocuments: open }: Document, before: readonly FileJob[], keys: readonly string[]): SetState {
    const key = keys[before.length] as string;
    const own = this.#kept(filePath);
    if (own?.key === key) {
      if (!own.handedOn) return structuredClone(own.state);
      // Left by the lint of the migration before and not used yet: taken rather than copied, so a project linted in order copies no schema.
      this.#states.delete(filePath);
      return own.state;
    }

    let from = 0;
    let kept: SetState | undefined;
    for (let i = before.length - 1; i > 0 && !kept; i--) {
      const earlier = this.#kept((before[i] as FileJob).path);
      if (earlier && earlier.key === keys[i]) {
        from = i;
        kept = earlier.state;
      }
    }
    const linter = new MigrationSetLinter(allRules, config.engine, kept && structuredClone(kept));
    for (const job of before.slice(from)) {
      const text = open?.get(job.path);
      lintPreparedFile(linter, text === undefined ? prepareFile(job) : prepareText(text, job), allRules, config.engine);
    }
    const state = linter.exportState();
    this.#keep(filePath, { key, state });
    return structuredClone(state);
  }

  #kept(filePath: string): CachedState | undefined {
    const cached = this.#states.get(filePath);
    if (cached) {
      // Most recently used last.
      this.#states.delete(filePath);
      this.#states.set(filePath, cached);
    }
    return cached;
  }

  #keep(filePath: string, cached: CachedState): void {
    this.#states.delete(filePath);
    this.#states.set(filePath, cached);
    for (const oldest of this.#states.keys()) {
      if (this.#states.size <= KEPT_STATES) break;
      this.#states.delete(oldest);
    }
  }
}

/** States kept at most: enough for the documents an editor holds open; each may hold a large schema. */
const KEPT_STATES = 16;
/** Discoveries kept at most: one per project (pgshift.config.json) being linted. */
const KEPT_DISCOVERIES = 8;

/** What the state after a migration depends on besides the ones before it: which file, how it runs, and its version. */
function historyEntry(job: FileJob, version: string): string {
  return `${job.path}:${job.direction}:${job.release?.name ?? ''}:${version}`;
}

/** The text is the file's content on disk, byte for byte. */
function isSaved(file: string, text: string | Uint8Array): boolean {
  try {
    return readFileSync(file).equals(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  } catch {
    return false;
  }
}

function openDocument(request: LintDocumentRequest): Document {
  const filePath = path.resolve(request.filePath);
  const { text, openDocuments, filePath: _, ...options } = request;
  const configRequest: ConfigRequest = { ...options, cwd: path.dirname(filePath) };
  return { filePath, text, openDocuments, request: configRequest, config: loadProjectConfig(configRequest) };
}

/** No configured migrations exist: every document is then linted alone. */
function noSets(error: unknown): undefined {
  if (error instanceof NoFilesError) return undefined;
  throw error;
}

/** The jobs of the sets in apply order, as the document's configuration orders them. */
function jobsOf({ config, request }: Document, sets: readonly MigrationSet[]): FileJob[] {
  return fileJobs(sets, { releases: config.releases, baseDir: config.baseDir, source: config.source, includeDown: request.includeDown ?? false });
}

/** The document's place in its set; undefined when no set holds it. */
function placeIn(jobs: readonly FileJob[], filePath: string, index = jobs.findIndex((job) => path.resolve(job.path) === filePath)): Place | undefined {
  const job = jobs[index];
  if (!job) return undefined;
  const following = jobs[index + 1];
  return { job, before: jobs.slice(0, index).filter((other) => other.set === job.set), next: following?.set === job.set ? following : undefined };
}

/** A file outside the configured migrations, as `pgshift lint <file>` reads it: a set of one in its folder. */
function aloneJob({ config, filePath, request }: Document): FileJob | undefined {
  const set: MigrationSet = { root: path.dirname(filePath), files: [filePath] };
  return fileJobs([set], { releases: config.releases, baseDir: config.baseDir, source: config.source, includeDown: request.includeDown ?? false })[0];
}

/** A file outside the configured migrations, linted as `pgshift lint <file>` lints it. */
function lintAlone(document: Document): LintResult[] {
  const { config, filePath, text } = document;
  const job = aloneJob(document);
  if (!job) return [];
  if (job.ignored !== undefined) return [skippedResult(filePath, `${job.ignored}.`)];
  return lintPreparedFile(new MigrationSetLinter(allRules, config.engine), prepareText(text, job, filePath), allRules, config.engine);
}

/** What every kept state depends on besides the migrations: the config file and the rules and settings it resolves to. */
function historyRoot(config: ResolvedConfig): string {
  return [config.filePath ?? '', stamp(config.filePath), JSON.stringify([...config.engine.rules].map(([id, s]) => [id, s.severity, s.options])), JSON.stringify(config.engine.settings)].join('\n');
}

/** The key of a history one migration longer: a digest, so keys stay short however long the history. */
function chain(key: string, migration: string): string {
  return createHash('sha1').update(key).update('\n').update(migration).digest('hex');
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
