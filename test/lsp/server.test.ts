/**
 * `pgshift lsp` driven as an editor drives it: the built binary over stdio,
 * JSON-RPC through vscode-languageserver-protocol.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { ServerStats } from '../../src/lsp/server.js';
import { runCli } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';
import { TestClient, uriOf } from './client.js';

const ERROR = 1;
const WARNING = 2;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'pgshift-lsp-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder of its own with a config, so the repository's config plays no part. */
function project(name: string, config: object = {}): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pgshift.config.json'), JSON.stringify(config));
  return dir;
}

const byRule = (diagnostics: Diagnostic[], rule: string) => diagnostics.filter((d) => d.code === rule);
const rules = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code ?? null).sort();

describe('pgshift lsp', () => {
  it('takes --stdio (the default), explains itself, and refuses other transports', async () => {
    const help = await runCli(['lsp', '--help'], { cwd: projectRoot });
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: pgshift lsp [--stdio]') });
    expect((await runCli(['--help'], { cwd: projectRoot })).stdout).toContain('lsp [--stdio]');
    expect(await runCli(['lsp', '--node-ipc'], { cwd: projectRoot })).toMatchObject({ code: 2, stderr: 'pgshift: pgshift lsp speaks only over standard input and output (--stdio)\n' });
    expect(await runCli(['lsp', 'file.sql'], { cwd: projectRoot })).toMatchObject({ code: 2 });
  });

  it('initializes, watches files when the client can, and exits cleanly', async () => {
    const client = await TestClient.start();
    try {
      // The registration arrives right after `initialized`.
      for (let waited = 0; client.registrations.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(client.registrations).toEqual([
        expect.objectContaining({ method: 'workspace/didChangeWatchedFiles', registerOptions: { watchers: [{ globPattern: '**/*.sql' }, { globPattern: '**/pgshift.config.json' }] } }),
      ]);
    } finally {
      expect(await client.stop()).toBe(0);
    }
    // A client without dynamic registration is not asked to watch anything.
    const plain = await TestClient.start({ capabilities: {} });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(plain.registrations).toEqual([]);
    expect(await plain.stop()).toBe(0);
  });

  it('publishes diagnostics in UTF-16 positions after multibyte text, with code, docs link and severity', async () => {
    const dir = project('utf16');
    const file = path.join(dir, 'a.sql');
    const client = await TestClient.start();
    try {
      const line1 = "UPDATE t SET a = 'é😀'; CREATE INDEX idx_email ON users (email);";
      const diagnostics = await client.open(file, `-- café 😀\n${line1}\n`);
      const [index] = byRule(diagnostics, 'create-index-concurrently');
      const start = line1.indexOf('CREATE');
      expect(index).toEqual({
        range: { start: { line: 1, character: start }, end: { line: 1, character: line1.lastIndexOf(';') } },
        severity: ERROR,
        code: 'create-index-concurrently',
        codeDescription: { href: pathToFileURL(path.join(projectRoot, 'docs', 'rules', 'create-index-concurrently.md')).href },
        source: 'pgshift',
        message: expect.stringContaining('CREATE INDEX holds a SHARE lock on users'),
      });
      // The column counts UTF-16 code units: 😀 is two, é one (bytes would give 26, code points 23).
      expect(start).toBe(24);
      expect(byRule(diagnostics, 'set-lock-timeout')[0]?.severity).toBe(WARNING);
      expect(byRule(diagnostics, 'backfill-outside-migration')[0]?.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: line1.indexOf(';') } });

      // A file that does not parse: one error with no code, at Postgres' error position in UTF-16.
      const broken = await client.change(file, "-- ☕\nSELECT '😀é' FROM WHERE x;\n");
      expect(broken).toEqual([
        { range: { start: { line: 1, character: 18 }, end: { line: 1, character: 23 } }, severity: ERROR, source: 'pgshift', message: 'syntax error at or near "WHERE"' },
      ]);

      // An incremental edit: insert CONCURRENTLY where the index is built.
      await client.change(file, `-- café 😀\n${line1}\n`);
      const fixed = await client.change(file, [{ range: { start: { line: 1, character: start + 'CREATE INDEX'.length }, end: { line: 1, character: start + 'CREATE INDEX'.length } }, text: ' CONCURRENTLY' }]);
      expect(client.text(uriOf(file))).toContain('CREATE INDEX CONCURRENTLY idx_email');
      expect(byRule(fixed, 'create-index-concurrently')).toEqual([]);

      expect(await client.close(file)).toEqual([]);
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });

  it('keeps the WASM heap of the parser flat over repeated edits of a document', async () => {
    const dir = project('memory');
    const file = path.join(dir, 'big.sql');
    const statements = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? `ALTER TABLE t${i % 7} ADD COLUMN c${i} integer;` : `CREATE INDEX t_${i}_idx ON t${i % 7} (c${i - 1});`));
    const client = await TestClient.start();
    try {
      await client.open(file, `${statements.join('\n')}\n`);
      const stats = () => client.connection.sendRequest<ServerStats>('pgshift/stats');
      const before = await stats();
      for (let i = 0; i < 40; i++) {
        const at = { line: 200, character: 'ALTER TABLE t4 ADD COLUMN c200'.length };
        await client.change(file, [i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { ...at, character: at.character + 1 } }, text: '' }]);
      }
      const after = await stats();
      expect(after.lints).toBeGreaterThanOrEqual(before.lints + 40);
      // WASM memory grows by 64 KiB pages; the estimate also holds a few bytes of other external memory.
      expect(Math.abs(after.wasmBytes - before.wasmBytes)).toBeLessThan(64 * 1024);
    } finally {
      await client.stop();
    }
  });

  it('lints only .sql files', async () => {
    const dir = project('other-files');
    const client = await TestClient.start();
    try {
      const sql = path.join(dir, 'b.sql');
      await client.open(path.join(dir, 'notes.txt'), 'CREATE INDEX i ON users (email);', { wait: false });
      const diagnostics = await client.open(sql, 'CREATE INDEX i ON users (email);\n');
      expect(rules(diagnostics)).toEqual(['create-index-concurrently', 'set-lock-timeout']);
      expect(client.published.filter((p) => p.uri.endsWith('notes.txt'))).toEqual([]);
    } finally {
      await client.stop();
    }
  }, 30_000);

  it('offers the rules\' suggestions as quick fixes, the first preferred, and they apply cleanly', async () => {
    const dir = project('quick-fix');
    const file = path.join(dir, '001_index.sql');
    const client = await TestClient.start();
    try {
      const diagnostics = await client.open(file, 'CREATE INDEX users_email_idx ON users (email);\n');
      const [finding] = byRule(diagnostics, 'create-index-concurrently');
      expect(finding).toBeDefined();
      const actions = await client.codeActions(file, finding as Diagnostic);
      // Both findings on the statement: each rule's suggestion (its first preferred), then the suppressions.
      expect(actions.map((a) => [a.title, a.kind, a.isPreferred, a.diagnostics?.[0]?.code])).toEqual([
        ['Build the index concurrently', 'quickfix', true, 'create-index-concurrently'],
        ['Set lock_timeout at the top of the migration', 'quickfix', true, 'set-lock-timeout'],
        ['Disable create-index-concurrently for this line', 'quickfix', false, 'create-index-concurrently'],
        ['Disable set-lock-timeout for this line', 'quickfix', false, 'set-lock-timeout'],
      ]);
      expect(actions[0]?.diagnostics).toEqual([finding]);
      const after = await client.apply(file, actions[0]?.edit ?? {});
      expect(client.text(uriOf(file))).toBe('-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n');
      expect(after).toEqual([]);
    } finally {
      await client.stop();
    }
  });

  it('disables a rule for a statement\'s line with an empty reason that valid-directive asks to fill in', async () => {
    const dir = project('disable');
    const file = path.join(dir, '001_index.sql');
    const client = await TestClient.start();
    try {
      const text = 'SELECT 1;\n  CREATE INDEX users_email_idx\n    ON users (email);\n';
      const diagnostics = await client.open(file, text);
      expect(rules(diagnostics)).toEqual(['create-index-concurrently', 'set-lock-timeout']);
      const index = byRule(diagnostics, 'create-index-concurrently')[0] as Diagnostic;
      // Asked on the statement's second line: the comment still goes above its first.
      const actions = await client.codeActions(file, { ...index, range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 } } });
      const disable = actions.find((a) => a.title === 'Disable create-index-concurrently for this line');
      expect(disable?.edit?.documentChanges).toEqual([
        { textDocument: { uri: uriOf(file), version: 1 }, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  -- pgshift-disable-next-line create-index-concurrently -- \n' }] },
      ]);
      const disabled = await client.apply(file, disable?.edit ?? {});
      expect(client.text(uriOf(file))).toBe('SELECT 1;\n  -- pgshift-disable-next-line create-index-concurrently -- \n  CREATE INDEX users_email_idx\n    ON users (email);\n');
      // The finding is suppressed; the comment itself is reported until it says why.
      expect(rules(disabled)).toEqual(['set-lock-timeout', 'valid-directive']);
      const reason = byRule(disabled, 'valid-directive')[0];
      expect(reason?.range.start).toEqual({ line: 1, character: 2 });
      expect(reason?.message).toContain('gives no reason');
      // Valid-directive's own finding offers no "disable": nothing can suppress it.
      expect((await client.codeActions(file, reason as Diagnostic)).map((a) => a.title)).toEqual([]);

      // A second rule on the same statement joins the comment's list instead of pushing it off its line.
      const timeout = byRule(disabled, 'set-lock-timeout')[0] as Diagnostic;
      const second = (await client.codeActions(file, timeout)).find((a) => a.title === 'Disable set-lock-timeout for this line');
      const both = await client.apply(file, second?.edit ?? {});
      expect(client.text(uriOf(file))).toContain('  -- pgshift-disable-next-line create-index-concurrently, set-lock-timeout -- \n  CREATE INDEX');
      expect(rules(both)).toEqual(['valid-directive']);

      // Writing the reason makes the file clean.
      const withReason = client.text(uriOf(file)).replace('set-lock-timeout -- ', 'set-lock-timeout -- users holds 40 rows');
      expect(await client.change(file, withReason)).toEqual([]);
    } finally {
      await client.stop();
    }
  });

  it('gives snippet-capable clients a tab stop where the reason goes', async () => {
    const dir = project('snippets');
    const file = path.join(dir, '001_index.sql');
    const client = await TestClient.start({ capabilities: { workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } } });
    try {
      const diagnostics = await client.open(file, 'CREATE INDEX i ON users (email);\n');
      const actions = await client.codeActions(file, byRule(diagnostics, 'create-index-concurrently')[0] as Diagnostic);
      const disable = actions.find((a) => a.title.startsWith('Disable'));
      expect(disable?.edit?.documentChanges?.[0]).toEqual({
        textDocument: { uri: uriOf(file), version: 1 },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, snippet: { kind: 'snippet', value: '-- pgshift-disable-next-line create-index-concurrently -- $0\n' } }],
      });
      // Without documentChanges support the edit comes as plain `changes`.
      const plain = await TestClient.start({ capabilities: {} });
      try {
        const d = await plain.open(file, 'CREATE INDEX i ON users (email);\n');
        const fix = (await plain.codeActions(file, byRule(d, 'create-index-concurrently')[0] as Diagnostic))[0];
        expect(fix?.edit).toEqual({ changes: { [uriOf(file)]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, newText: '-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY' }] } });
      } finally {
        await plain.stop();
      }
    } finally {
      await client.stop();
    }
  });

  it('shows on hover the locks a statement takes and what they block', async () => {
    const dir = project('hover');
    const file = path.join(dir, '001_orders.sql');
    const client = await TestClient.start();
    try {
      await client.open(file, '-- orders\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX orders_user_idx ON orders (user_id);\nALTER TABLE users ADD COLUMN nickname text;\n');
      const alter = await client.hover(file, 3, 5);
      expect(alter?.contents).toEqual({ kind: 'markdown', value: expect.stringContaining('- `ACCESS EXCLUSIVE` on `users`: blocks every read and write') });
      expect(alter?.contents).toEqual(expect.objectContaining({ value: expect.stringContaining('Held until the transaction commits.') }));
      expect(alter?.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 42 } });
      // The table was created above: no running code uses it yet.
      const index = await client.hover(file, 2, 0);
      expect(index?.contents).toEqual(expect.objectContaining({ value: expect.stringContaining('- `SHARE` on `orders` (new in this release: no running code uses it yet): blocks INSERT, UPDATE and DELETE; reads continue') }));
      // A comment is no statement.
      expect(await client.hover(file, 0, 3)).toBeNull();
    } finally {
      await client.stop();
    }
  });

  it('follows config changes reported as watched files', async () => {
    const dir = project('config');
    const file = path.join(dir, '001_index.sql');
    const client = await TestClient.start();
    try {
      expect(rules(await client.open(file, 'CREATE INDEX i ON users (email);\n'))).toEqual(['create-index-concurrently', 'set-lock-timeout']);
      const uri = uriOf(file);
      writeFileSync(path.join(dir, 'pgshift.config.json'), JSON.stringify({ rules: { 'create-index-concurrently': 'off', 'set-lock-timeout': 'error' } }));
      let next = client.nextDiagnostics(uri, (p) => p.version === 1 && client.published.filter((q) => q.uri === uri).length > 1);
      await client.filesChanged([{ file: path.join(dir, 'pgshift.config.json'), type: 2 }]);
      const after = await next;
      expect(after.map((d) => [d.code, d.severity])).toEqual([['set-lock-timeout', ERROR]]);

      // A config that does not load is reported on the document's first line.
      writeFileSync(path.join(dir, 'pgshift.config.json'), '{ "rules": { "no-such-rule": "error" } }');
      next = client.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => JSON.stringify(d.message).includes('no-such-rule')));
      await client.filesChanged([{ file: path.join(dir, 'pgshift.config.json'), type: 2 }]);
      const broken = await next;
      expect(broken).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: ERROR, source: 'pgshift', message: expect.stringMatching(/^pgshift cannot lint this file: .*no-such-rule/) }]);
    } finally {
      await client.stop();
    }
  });

  describe('project history', () => {
    let root: string;
    beforeAll(() => {
      root = path.join(scratch, 'history');
      cpSync(path.join(projectRoot, 'migrations'), path.join(root, 'migrations'), { recursive: true });
      cpSync(path.join(projectRoot, 'pgshift.config.json'), path.join(root, 'pgshift.config.json'));
    });
    const deprecate = () => path.join(root, 'migrations', '2024.04-cleanup', '003_stop_using_api_token.sql');
    const drop = () => path.join(root, 'migrations', '2024.05-contract', '001_drop_api_token.sql');

    it('allows a drop deprecated a release earlier, and follows an unsaved edit of the earlier migration', async () => {
      const client = await TestClient.start({ rootDir: root });
      try {
        // Deprecated in 2024.04, dropped in 2024.05: allowed.
        expect(await client.open(drop(), readFileSync(drop(), 'utf8'))).toEqual([]);
        const saved = readFileSync(deprecate(), 'utf8');
        expect(await client.open(deprecate(), saved)).toEqual([]);
        // Take the deprecation out of the earlier migration without saving: the later drop is no longer covered.
        const dropUri = uriOf(drop());
        const relinted = client.nextDiagnostics(dropUri, (p) => p.diagnostics.length > 0);
        await client.change(deprecate(), saved.replace('-- pgshift:deprecate sources.api_token\n', ''));
        const diagnostics = await relinted;
        expect(diagnostics.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([['drop-after-deprecation', ERROR, 3]]);
        expect(diagnostics[0]?.message).toContain('sources.api_token');
        // Undo: clean again.
        const clean = client.nextDiagnostics(dropUri, (p) => p.diagnostics.length === 0);
        await client.change(deprecate(), saved);
        expect(await clean).toEqual([]);
        // Closing the earlier document without saving: the file on disk (with the deprecation) counts again.
        await client.change(deprecate(), saved.replace('-- pgshift:deprecate sources.api_token\n', ''));
        await client.nextDiagnostics(dropUri, (p) => p.diagnostics.length > 0);
        const reverted = client.nextDiagnostics(dropUri, (p) => p.diagnostics.length === 0);
        await client.close(deprecate());
        expect(await reverted).toEqual([]);
      } finally {
        await client.stop();
      }
    });

    it('relints open documents when a migration changes on disk or is saved', async () => {
      const client = await TestClient.start({ rootDir: root });
      try {
        expect(await client.open(drop(), readFileSync(drop(), 'utf8'))).toEqual([]);
        const dropUri = uriOf(drop());
        // The earlier migration loses its deprecation on disk: the watched-file event brings the drop's error.
        const saved = readFileSync(deprecate(), 'utf8');
        writeFileSync(deprecate(), saved.replace('-- pgshift:deprecate sources.api_token\n', ''));
        const relinted = client.nextDiagnostics(dropUri, (p) => p.diagnostics.length > 0);
        await client.filesChanged([{ file: deprecate(), type: 2 }]);
        expect((await relinted).map((d) => d.code)).toEqual(['drop-after-deprecation']);
        // Saving an open document relints the others too (for clients that watch no files).
        writeFileSync(deprecate(), saved);
        const clean = client.nextDiagnostics(dropUri, (p) => p.diagnostics.length === 0);
        await client.open(deprecate(), saved);
        await client.save(deprecate());
        expect(await clean).toEqual([]);
      } finally {
        await client.stop();
        writeFileSync(deprecate(), readFileSync(path.join(projectRoot, 'migrations', '2024.04-cleanup', '003_stop_using_api_token.sql')));
      }
    });
  });
});
