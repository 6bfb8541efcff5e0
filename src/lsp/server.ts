/**
 * `pgshift lsp`: the language server. The same engine and configuration as
 * `pgshift lint`, one document at a time, through DocumentLinter: the config
 * is found from the document's folder, the migrations before it are replayed
 * once and kept, and every open document stands in for its file, saved or not.
 *
 * Scheduling: a change is linted after a short debounce (10 ms by default),
 * and only the changed document; a queue lints one document at a time and
 * always the newest text, so keystrokes that arrive during a lint collapse
 * into the next one. Other open documents may depend on the changed one (an
 * earlier migration's unsaved deprecation): they are relinted once the
 * editing pauses (300 ms). A save or a watched-file change (a migration
 * added, pgshift.config.json edited) forgets every kept history and relints
 * every open document.
 *
 * Memory: libpg-query's WASM heap never shrinks, but it only grows to the
 * largest single parse; relinting the same document does not grow it
 * (bench/lsp.ts measures this over 1,000 edits, docs/editors.md has the
 * figures), so parsing stays in this thread.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import lsp from 'vscode-languageserver/node';
import type { Connection, Diagnostic, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigError, findConfigFile } from '../config/config.js';
import type { LintMessage } from '../engine/results.js';
import { DocumentLinter } from '../lint/document.js';
import { packageVersion } from '../package-root.js';
import { parseStatements } from '../parse/parse-sql.js';
import { SourceText, type Range } from '../parse/source-text.js';
import { codeActions, QUICK_FIX } from './code-actions.js';
import { configErrorDiagnostic, documentMessages, indexOf, toDiagnostic, DIAGNOSTIC_SOURCE } from './diagnostics.js';
import { LockInspector } from './hover.js';

const { createConnection, ProposedFeatures, TextDocumentSyncKind, DidChangeWatchedFilesNotification } = lsp;

export const DEFAULT_DEBOUNCE_MS = 10;
export const DEFAULT_DEPENDENTS_DELAY_MS = 300;
/** A save and the watched-file events it causes arrive together: one relint for all of them. */
const INVALIDATE_DELAY_MS = 30;

/** Settings a client may pass as `initializationOptions`. */
export interface InitializationOptions {
  /** wait this long after a change before linting (default 10) */
  debounceMs?: number;
  /** wait this long after the last change before relinting the other open documents (default 300) */
  dependentsDelayMs?: number;
}

/** The answer to the `pgshift/stats` request: what the server costs, for benchmarks and bug reports. */
export interface ServerStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** libpg-query's WASM linear memory, approximated by V8's external memory outside ArrayBuffers (WASM memory is counted there) */
  wasmBytes: number;
  lints: number;
  /** the last lint's duration, in ms */
  lastLintMs: number;
}

export const STATS_REQUEST = 'pgshift/stats';

export interface ServerOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** send console output to the client's log instead of the output stream (which carries the protocol) */
  redirectConsole?: boolean;
}

interface Linted {
  version: number;
  generation: number;
  source: SourceText;
  messages: LintMessage[];
  diagnostics: Diagnostic[];
  statements?: readonly Range[];
}

export function startServer(options: ServerOptions): Connection {
  const connection = createConnection(ProposedFeatures.all, options.input, options.output);
  if (options.redirectConsole) {
    console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
    console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
    console.error = (...args: unknown[]) => connection.console.error(format(...args));
  }

  const documents = new Map<string, TextDocument>();
  const linted = new Map<string, Linted>();
  const inflight = new Map<string, { version: number; generation: number; token: object; promise: Promise<Linted | undefined> }>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** open documents to lint again even at the same version: their history changed */
  const stale = new Set<string>();
  const linter = new DocumentLinter();
  const inspector = new LockInspector(linter);
  let generation = 0;
  let invalidateTimer: NodeJS.Timeout | undefined;
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let dependentsDelayMs = DEFAULT_DEPENDENTS_DELAY_MS;
  let snippets = false;
  let documentChanges = false;
  let watchFiles = false;
  let lints = 0;
  let lastLintMs = 0;

  /** The absolute path of a `.sql` file document; other documents are not pgshift's. */
  const pathOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    return /\.sql$/i.test(file) ? file : undefined;
  };

  /** Every open document by path: unsaved text counts as written for the migrations after it. */
  const openDocuments = (): Map<string, string> => {
    const open = new Map<string, string>();
    for (const [uri, document] of documents) {
      const file = pathOf(uri);
      if (file !== undefined) open.set(file, document.getText());
    }
    return open;
  };

  /** Lint the document's current text (or return the result already there for it) and publish the diagnostics. */
  const lint = (uri: string): Promise<Linted | undefined> => {
    const document = documents.get(uri);
    const filePath = pathOf(uri);
    if (!document || filePath === undefined) return Promise.resolve(undefined);
    const { version } = document;
    const at = generation;
    // A document whose history changed (an earlier one was edited) is linted again at the same version.
    const fresh = !stale.delete(uri);
    const done = linted.get(uri);
    if (fresh && done && done.version === version && done.generation === at) return Promise.resolve(done);
    const running = inflight.get(uri);
    if (fresh && running && running.version === version && running.generation === at) return running.promise;
    const text = document.getText();
    const token = {};
    const promise = (async (): Promise<Linted | undefined> => {
      const source = new SourceText(text);
      let result: Linted;
      const started = performance.now();
      try {
        const messages = documentMessages(await linter.lint({ filePath, text, openDocuments: openDocuments() }));
        result = { version, generation: at, source, messages, diagnostics: messages.map((m) => toDiagnostic(m, source)) };
      } catch (error) {
        const reason = error instanceof ConfigError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
        if (!(error instanceof ConfigError)) connection.console.error(`pgshift: linting ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        result = { version, generation: at, source, messages: [], diagnostics: [configErrorDiagnostic(reason)] };
      } finally {
        if (inflight.get(uri)?.token === token) inflight.delete(uri);
      }
      lints++;
      lastLintMs = performance.now() - started;
      if (!documents.has(uri)) return undefined;
      // A lint of a newer version may have finished first (a code action asked for it): keep that one.
      const current = linted.get(uri);
      if (current && (current.generation > at || (current.generation === at && current.version > version))) return result;
      linted.set(uri, result);
      void connection.sendDiagnostics({ uri, version, diagnostics: result.diagnostics });
      return result;
    })();
    inflight.set(uri, { version, generation: at, token, promise });
    return promise;
  };

  // One lint at a time, urgent documents (the one being edited) first.
  const queue: string[] = [];
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      for (let uri = queue.shift(); uri !== undefined; uri = queue.shift()) {
        try {
          await lint(uri);
        } catch (error) {
          connection.console.error(`pgshift: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      }
    } finally {
      draining = false;
    }
  };
  const enqueue = (uri: string, urgent: boolean) => {
    const at = queue.indexOf(uri);
    if (at >= 0) queue.splice(at, 1);
    if (urgent) queue.unshift(uri);
    else queue.push(uri);
    void drain();
  };
  const schedule = (uri: string, delay: number, urgent: boolean) => {
    clearTimeout(timers.get(uri));
    if (delay <= 0) {
      timers.delete(uri);
      enqueue(uri, urgent);
      return;
    }
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        enqueue(uri, urgent);
      }, delay),
    );
  };

  /** The documents that may read this one as history: the other open documents under the same config file. */
  const scheduleDependents = (uri: string) => {
    const file = pathOf(uri);
    if (file === undefined) return;
    const config = findConfigFile(path.dirname(file));
    for (const other of documents.keys()) {
      const otherFile = pathOf(other);
      if (other === uri || otherFile === undefined || findConfigFile(path.dirname(otherFile)) !== config) continue;
      stale.add(other);
      schedule(other, dependentsDelayMs, false);
    }
  };

  /** Files or config changed: forget every kept history, relint every open document. */
  const invalidateSoon = (first?: string) => {
    clearTimeout(invalidateTimer);
    invalidateTimer = setTimeout(() => {
      invalidateTimer = undefined;
      generation++;
      linter.invalidate();
      inspector.invalidate();
      for (const uri of documents.keys()) if (uri !== first) schedule(uri, 0, false);
      if (first !== undefined && documents.has(first)) schedule(first, 0, true);
    }, INVALIDATE_DELAY_MS);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    if (typeof init.dependentsDelayMs === 'number' && init.dependentsDelayMs >= 0) dependentsDelayMs = init.dependentsDelayMs;
    const workspace = params.capabilities.workspace;
    snippets = workspace?.workspaceEdit?.snippetEditSupport === true;
    documentChanges = workspace?.workspaceEdit?.documentChanges === true;
    watchFiles = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [QUICK_FIX] },
        hoverProvider: true,
      },
      serverInfo: { name: DIAGNOSTIC_SOURCE, version: packageVersion },
    };
  });

  connection.onInitialized(() => {
    if (!watchFiles) return;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.sql' }, { globPattern: '**/pgshift.config.json' }] })
      .catch((error: unknown) => connection.console.warn(`pgshift: could not watch files: ${String(error)}`));
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    documents.set(textDocument.uri, TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
    schedule(textDocument.uri, 0, true);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return;
    documents.set(textDocument.uri, TextDocument.update(document, contentChanges, textDocument.version));
    // An unsaved edit changes the history of the documents after it: their hovers are read again.
    inspector.invalidate();
    schedule(textDocument.uri, debounceMs, true);
    scheduleDependents(textDocument.uri);
  });

  connection.onDidSaveTextDocument(({ textDocument }) => invalidateSoon(textDocument.uri));

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const { uri } = textDocument;
    if (!documents.has(uri)) return;
    // The file on disk stands for it again in the others' history.
    scheduleDependents(uri);
    documents.delete(uri);
    linted.delete(uri);
    stale.delete(uri);
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const queued = queue.indexOf(uri);
    if (queued >= 0) queue.splice(queued, 1);
    const file = pathOf(uri);
    if (file !== undefined) inspector.forget(file);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(() => invalidateSoon());

  connection.onCodeAction(async (params) => {
    const result = await lint(params.textDocument.uri);
    if (!result) return [];
    return codeActions({
      uri: params.textDocument.uri,
      version: result.version,
      text: result.source,
      messages: result.messages,
      statements: () => (result.statements ??= statementRanges(result.source)),
      range: params.range,
      only: params.context.only,
      documentChanges,
      snippets,
    });
  });

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    const filePath = pathOf(params.textDocument.uri);
    if (!document || filePath === undefined) return null;
    const text = document.getText();
    try {
      return await inspector.hover({ filePath, text, version: document.version, openDocuments: openDocuments() }, indexOf(new SourceText(text), params.position));
    } catch (error) {
      // A broken config is already on the document's first line; a hover has nothing to add.
      if (!(error instanceof ConfigError)) connection.console.error(`pgshift: hover failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return null;
    }
  });

  connection.onRequest(STATS_REQUEST, (): ServerStats => {
    const memory = process.memoryUsage();
    return { rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers, wasmBytes: memory.external - memory.arrayBuffers, lints, lastLintMs };
  });

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    clearTimeout(invalidateTimer);
    queue.length = 0;
  });

  connection.listen();
  return connection;
}

/** Statement ranges of a text, or none when it does not parse. */
function statementRanges(source: SourceText): Range[] {
  const parsed = parseStatements(source);
  return parsed.ok ? parsed.statements.map((s) => s.range) : [];
}
