/**
 * npm run bench:lsp: how quickly `pgshift lsp` answers an edit, and what it
 * costs in memory over many edits.
 *
 * A project of two releases: the first creates 40 tables, the second is one
 * generated migration of 5,000 lines (ALTER TABLE, CREATE INDEX, UPDATE with a
 * subquery, CREATE TABLE, foreign keys, INSERT … ON CONFLICT, COMMENT, with
 * comments and non-ASCII text), so the rules find hundreds of problems in it.
 * The server is the built binary over stdio, driven by a JSON-RPC client as
 * an editor drives it.
 *
 * - Latency: one-character edits in the middle of the file (a column name
 *   gains a letter, then loses it), each sent as an incremental didChange
 *   after the previous one's diagnostics arrived and a short pause; the time
 *   from sending the change to receiving publishDiagnostics for that version.
 * - Memory: 1,000 such edits of the same document back to back, each waited
 *   for, with the server's RSS and libpg-query's WASM memory (V8 external
 *   memory outside ArrayBuffers) asked every 100 edits through the
 *   `pgshift/stats` request. Then edits that paste 5,000 more lines and take
 *   them out again, to show that the WASM heap follows the largest text, not
 *   the number of edits.
 *
 * BENCH_LINES (5000), BENCH_LATENCY_EDITS (40), BENCH_EDITS (1000) and
 * BENCH_PASTE_EDITS (200) change the sizes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import proto from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import type { ServerStats } from '../src/lsp/server.js';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsNotification, ShutdownRequest, ExitNotification } =
  proto;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cli = path.join(root, 'bin', 'pgshift.js');
const LINES = Number(process.env.BENCH_LINES ?? 5000);
const LATENCY_EDITS = Number(process.env.BENCH_LATENCY_EDITS ?? 40);
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const PASTE_EDITS = Number(process.env.BENCH_PASTE_EDITS ?? 200);
const TABLES = 40;

/** A realistic, large migration: `lines` lines of the statements a data-heavy release carries. */
export function generateMigration(lines: number, offset = 0): string {
  const out = ['-- Release 2024.09: reporting columns and backfills (café ☕, naïve données 😀)', "SET lock_timeout = '2s';", ''];
  for (let i = offset; out.length < lines; i++) {
    const t = `t${i % TABLES}`;
    switch (i % 8) {
      case 0:
        out.push(`CREATE TABLE report_${i} (`, '  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,', '  name text NOT NULL,', "  created_at timestamptz NOT NULL DEFAULT now()", ');');
        break;
      case 1:
        out.push(`ALTER TABLE ${t} ADD COLUMN c${i} integer;`);
        break;
      case 2:
        out.push(`CREATE INDEX ${t}_c${i - 1}_idx ON ${t} (c${i - 1});`);
        break;
      case 3:
        out.push(`UPDATE ${t}`, `   SET c${i - 2} = 0`, ` WHERE id IN (SELECT id FROM ${t} WHERE c${i - 2} IS NULL LIMIT 1000);`);
        break;
      case 4:
        out.push(`COMMENT ON TABLE ${t} IS 'reporting table ${i} — données';`);
        break;
      case 5:
        out.push(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_c${i - 4}_fk FOREIGN KEY (c${i - 4}) REFERENCES t${(i + 1) % TABLES} (id) NOT VALID;`);
        break;
      case 6:
        out.push(`INSERT INTO report_${i - 6} (name) VALUES ('row ${i}') ON CONFLICT DO NOTHING;`);
        break;
      default:
        out.push(`-- step ${i}: defaults for the new column`, `ALTER TABLE ${t} ALTER COLUMN c${i - 6} SET DEFAULT 0;`, '');
    }
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

function project(): { dir: string; big: string; text: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgshift-bench-lsp-'));
  mkdirSync(path.join(dir, 'migrations', '2024.08-tables'), { recursive: true });
  mkdirSync(path.join(dir, 'migrations', '2024.09-reports'), { recursive: true });
  writeFileSync(path.join(dir, 'pgshift.config.json'), '{ "migrations": "migrations", "releases": "directories" }\n');
  const tables = Array.from({ length: TABLES }, (_, i) => `CREATE TABLE t${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);`).join('\n');
  writeFileSync(path.join(dir, 'migrations', '2024.08-tables', '001_tables.sql'), `${tables}\n`);
  const big = path.join(dir, 'migrations', '2024.09-reports', '001_reports.sql');
  const text = generateMigration(LINES);
  writeFileSync(big, text);
  return { dir, big, text };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

async function main(): Promise<void> {
  const { dir, big, text } = project();
  const uri = pathToFileURL(big).href;
  const lines = text.split('\n');
  // The lines whose column name the edits change, spread over the file.
  const editable = lines.flatMap((line, index) => (/^ALTER TABLE t\d+ ADD COLUMN c\d+ integer;$/.test(line) ? [index] : []));
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<number, (params: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.uri !== uri || params.version === undefined) return;
    waiting.get(params.version)?.(params);
    waiting.delete(params.version);
  });
  connection.listen();
  const published = (version: number) => new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));
  const stats = () => connection.sendRequest<ServerStats>('pgshift/stats');

  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification(InitializedNotification.type, {});
  const before = await stats();

  let version = 1;
  let started = performance.now();
  const first = published(version);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version, text } });
  const opened = await first;
  const openMs = performance.now() - started;

  /** One edit: a letter added to (even) or removed from (odd) a column name; resolves with the ms until its diagnostics. */
  let editNumber = 0;
  const edit = async (): Promise<{ latency: number; diagnostics: number }> => {
    const line = editable[Math.floor(editNumber / 2) % editable.length] as number;
    const at = (lines[line] as string).indexOf(' integer;');
    const change: TextDocumentContentChangeEvent =
      editNumber % 2 === 0 ? { range: { start: { line, character: at }, end: { line, character: at } }, text: 'x' } : { range: { start: { line, character: at }, end: { line, character: at + 1 } }, text: '' };
    editNumber++;
    version++;
    const arrived = published(version);
    const start = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    const params = await arrived;
    return { latency: performance.now() - start, diagnostics: params.diagnostics.length };
  };

  for (let i = 0; i < 6; i++) await edit();
  const latencies: number[] = [];
  const lintTimes: number[] = [];
  for (let i = 0; i < LATENCY_EDITS; i++) {
    await sleep(150);
    latencies.push((await edit()).latency);
    lintTimes.push((await stats()).lastLintMs);
  }

  const samples: { edits: number; rss: number; wasm: number; heap: number }[] = [];
  const sample = async (edits: number) => {
    const s = await stats();
    samples.push({ edits, rss: s.rss, wasm: s.wasmBytes, heap: s.heapUsed });
  };
  await sample(0);
  started = performance.now();
  for (let i = 1; i <= EDITS; i++) {
    await edit();
    if (i % 100 === 0 || i === EDITS) await sample(i);
  }
  const memoryLoopMs = performance.now() - started;

  // Paste 5,000 more lines at the end, take them out again, and so on.
  const pasted = generateMigration(LINES, 100_000).split('\n').slice(2).join('\n');
  const pasteSamples: { edits: number; rss: number; wasm: number }[] = [];
  for (let i = 1; i <= PASTE_EDITS; i++) {
    const lineCount = lines.length - 1;
    const change: TextDocumentContentChangeEvent =
      i % 2 === 1 ? { range: { start: { line: lineCount, character: 0 }, end: { line: lineCount, character: 0 } }, text: pasted } : { range: { start: { line: lineCount, character: 0 }, end: { line: lineCount + pasted.split('\n').length - 1, character: 0 } }, text: '' };
    version++;
    const arrived = published(version);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await arrived;
    if (i % 50 === 0 || i === PASTE_EDITS) {
      const s = await stats();
      pasteSamples.push({ edits: i, rss: s.rss, wasm: s.wasmBytes });
    }
  }

  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
  rmSync(dir, { recursive: true, force: true });

  const rssValues = samples.map((s) => s.rss);
  const wasmValues = samples.map((s) => s.wasm);
  console.log(`pgshift lsp: ${LINES}-line migration (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB, ${opened.diagnostics.length} diagnostics), Node ${process.version}`);
  console.log(`open (history replay + first lint):   ${ms(openMs)}`);
  console.log(`didChange -> publishDiagnostics, ${LATENCY_EDITS} edits: median ${ms(percentile(latencies, 0.5))}, p90 ${ms(percentile(latencies, 0.9))}, min ${ms(Math.min(...latencies))}, max ${ms(Math.max(...latencies))}`);
  console.log(`  of which the lint (server side):    median ${ms(percentile(lintTimes, 0.5))}, p90 ${ms(percentile(lintTimes, 0.9))}`);
  console.log(`memory before open: RSS ${mb(before.rss)}, WASM ${mb(before.wasmBytes)}`);
  console.log(`${EDITS} edits of the same document (${ms(memoryLoopMs / EDITS)} per edit):`);
  for (const s of samples) console.log(`  after ${String(s.edits).padStart(4)} edits: RSS ${mb(s.rss)}, WASM ${mb(s.wasm)}, JS heap ${mb(s.heap)}`);
  console.log(`  RSS min ${mb(Math.min(...rssValues))}, max ${mb(Math.max(...rssValues))}; WASM grew by ${mb(Math.max(...wasmValues) - (wasmValues[0] as number))}`);
  console.log(`${PASTE_EDITS} edits pasting and removing ${LINES} more lines:`);
  for (const s of pasteSamples) console.log(`  after ${String(s.edits).padStart(4)} edits: RSS ${mb(s.rss)}, WASM ${mb(s.wasm)}`);
  console.log(
    JSON.stringify({
      lines: LINES,
      latencyMs: { median: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), min: Math.min(...latencies), max: Math.max(...latencies) },
      lintMs: { median: percentile(lintTimes, 0.5) },
      openMs,
      rss: { before: before.rss, afterOpen: rssValues[0], max: Math.max(...rssValues), end: rssValues[rssValues.length - 1] },
      wasm: { before: before.wasmBytes, afterOpen: wasmValues[0], end: wasmValues[wasmValues.length - 1], afterPaste: pasteSamples[pasteSamples.length - 1]?.wasm },
    }),
  );
}

await main();
