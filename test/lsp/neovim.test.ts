/**
 * End to end with a real editor: Neovim, headless, as the language client.
 * CI installs Neovim (.ci/run); a machine without it fails this test with the
 * command that installs it, rather than skipping it silently.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../support/paths.js';

const luaScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'neovim.lua');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pgshift-nvim-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface NvimDiagnostic {
  source: string;
  code?: string;
  severity: number;
  message: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
}

describe('pgshift lsp in Neovim', () => {
  it('publishes diagnostics and answers hovers', () => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error(`Neovim is required for this test and was not found (${version.error?.message ?? `exit ${version.status}`}). Install it: apt-get install -y --no-install-recommends neovim`);
    }

    writeFileSync(path.join(scratch, 'pgshift.config.json'), '{}');
    const file = path.join(scratch, '001_index.sql');
    writeFileSync(file, "-- café 😀 index for the login lookup\nSELECT 'é😀'; CREATE INDEX users_email_idx ON users (email);\n");
    const out = path.join(scratch, 'result.json');
    const run = spawnSync('nvim', ['--headless', '--clean', file, '-c', `luafile ${luaScript}`], {
      cwd: scratch,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PGSHIFT_NVIM_OUT: out, PGSHIFT_LSP_CMD: JSON.stringify([process.execPath, cliPath, 'lsp', '--stdio']) },
    });
    expect(run.error).toBeUndefined();
    const result = JSON.parse(readFileSync(out, 'utf8')) as { arrived: boolean; diagnostics: NvimDiagnostic[]; hover: { contents: { kind: string; value: string } | null }; errors: string[] };
    expect(result.errors).toEqual([]);
    expect(result.arrived).toBe(true);
    const index = result.diagnostics.find((d) => d.message.startsWith('CREATE INDEX holds a SHARE lock on users'));
    // Neovim counts columns in bytes: it converted the server's UTF-16 positions (14 and 59 here) through the negotiated encoding.
    expect(index).toMatchObject({ source: 'pgshift', code: 'create-index-concurrently', severity: 1, lnum: 1, col: Buffer.byteLength("SELECT 'é😀'; "), end_lnum: 1, end_col: Buffer.byteLength("SELECT 'é😀'; CREATE INDEX users_email_idx ON users (email)") });
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual(['create-index-concurrently', 'set-lock-timeout']);
    expect(result.hover.contents).toEqual({ kind: 'markdown', value: expect.stringContaining('`SHARE` on `users`: blocks INSERT, UPDATE and DELETE; reads continue') });
  }, 90_000);
});
