/**
 * A language client for the tests, speaking JSON-RPC over stdio to the built
 * `node bin/pgshift.js lsp --stdio` the way an editor does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import proto from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, CodeAction, Diagnostic, Hover, ProtocolConnection, PublishDiagnosticsParams, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cliPath } from '../support/paths.js';

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  CodeActionRequest,
  HoverRequest,
  ShutdownRequest,
  ExitNotification,
} = proto;

export const uriOf = (file: string): string => pathToFileURL(file).href;

interface Waiter {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export interface ClientOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: Record<string, unknown>;
  rootDir?: string;
}

export class TestClient {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  /** every publishDiagnostics, in arrival order */
  readonly published: PublishDiagnosticsParams[] = [];
  /** registrations the server asked for (client/registerCapability) */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly stderr: string[] = [];
  readonly #documents = new Map<string, TextDocument>();
  #waiters: Waiter[] = [];

  constructor() {
    this.child = spawn(process.execPath, [cliPath, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout as NodeJS.ReadableStream), new StreamMessageWriter(this.child.stdin as NodeJS.WritableStream));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      const ready = this.#waiters.filter((w) => w.uri === params.uri && w.accept(params));
      this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(params);
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    this.connection.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const client = new TestClient();
    const capabilities: ClientCapabilities = options.capabilities ?? {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
      textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true }, hover: { contentFormat: ['markdown'] } },
    };
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootDir ? uriOf(options.rootDir) : null,
      capabilities,
      workspaceFolders: null,
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  text(uri: string): string {
    const document = this.#documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document.getText();
  }

  version(uri: string): number {
    return this.#documents.get(uri)?.version ?? -1;
  }

  /** The next publishDiagnostics for the document that satisfies `accept` (by default: for its current version). */
  nextDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = (p) => p.version === this.version(uri), timeoutMs = 15_000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.#waiters.push({
        uri,
        accept,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params.diagnostics);
        },
      });
    });
  }

  /** Open a document and wait for its first diagnostics (unless told not to). */
  async open(file: string, text: string, options: { wait?: boolean } = {}): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    this.#documents.set(uri, TextDocument.create(uri, 'sql', 1, text));
    const diagnostics = options.wait === false ? Promise.resolve([]) : this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
    return diagnostics;
  }

  /** Send changes (the whole text when given a string) and wait for the diagnostics of the new version. */
  async change(file: string, changes: string | TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const document = this.#documents.get(uri);
    if (!document) throw new Error(`${file} is not open`);
    const events: TextDocumentContentChangeEvent[] = typeof changes === 'string' ? [{ text: changes }] : changes;
    const version = document.version + 1;
    this.#documents.set(uri, TextDocument.update(document, events, version));
    const diagnostics = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: events });
    return diagnostics;
  }

  async close(file: string): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    this.#documents.delete(uri);
    const cleared = this.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return cleared;
  }

  async save(file: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  async filesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })) });
  }

  async codeActions(file: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(file) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    return (result ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  async hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(file) }, position: { line, character } });
  }

  /** Apply a code action's edit to the open document as the editor would, and wait for the new diagnostics. */
  async apply(file: string, edit: WorkspaceEdit): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const edits: TextEdit[] = [];
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
      if (change.textDocument.version !== null && change.textDocument.version !== this.version(uri)) throw new Error('the edit is for another version of the document');
      for (const e of change.edits) edits.push('newText' in e ? e : { range: e.range, newText: e.snippet.value.replace(/\$0|\$\{0\}/g, '') });
    }
    edits.push(...(edit.changes?.[uri] ?? []));
    const document = this.#documents.get(uri);
    if (!document) throw new Error(`${file} is not open`);
    return this.change(file, TextDocument.applyEdits(document, edits));
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
