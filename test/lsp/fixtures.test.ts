/**
 * The server and `pgshift lint` agree: for every rule fixture, the
 * diagnostics the server publishes for the open file are the messages
 * `pgshift lint --format json <file>` prints for it (run from the fixture's
 * folder, so a pgshift.config.json there applies to both), with the same rule,
 * severity, text and range.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { LintMessage, LintResult } from '../../src/engine/results.js';
import { runCli } from '../support/cli.js';
import { fixturesDir } from '../support/paths.js';
import { TestClient, uriOf } from './client.js';

const rulesDir = path.join(fixturesDir, 'rules');

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sqlFiles(full);
    return entry.name.endsWith('.sql') ? [full] : [];
  });
}

/** What both sides must agree on, in the lint message's terms (an end only where the message has one). */
function fromMessage(m: LintMessage) {
  return { ruleId: m.ruleId, severity: m.severity, message: m.message, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn };
}

function fromDiagnostic(d: Diagnostic, hasEnd: boolean) {
  return {
    ruleId: typeof d.code === 'string' ? d.code : null,
    severity: d.severity === 1 ? 2 : 1,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: hasEnd ? d.range.end.line + 1 : undefined,
    endColumn: hasEnd ? d.range.end.character + 1 : undefined,
  };
}

describe('pgshift lsp and pgshift lint', () => {
  it('give the same findings for every rule fixture', async () => {
    const files = sqlFiles(rulesDir);
    expect(files.length).toBeGreaterThan(200);

    // pgshift lint, once per fixture folder (each file argument is a migration set of its own).
    const expected = new Map<string, LintMessage[]>();
    for (const dir of new Set(files.map((file) => path.dirname(file)))) {
      const inDir = files.filter((file) => path.dirname(file) === dir);
      const run = await runCli(['lint', '--format', 'json', ...inDir.map((file) => path.basename(file))], { cwd: dir });
      expect(run.stderr).toBe('');
      for (const result of JSON.parse(run.stdout) as LintResult[]) {
        const file = result.filePath.replace(/#.*$/, '');
        expected.set(file, [...(expected.get(file) ?? []), ...result.messages]);
      }
    }

    const client = await TestClient.start();
    try {
      const published = await Promise.all(files.map((file) => client.open(file, readFileSync(file, 'utf8'))));
      let findings = 0;
      files.forEach((file, i) => {
        const messages = expected.get(file) ?? [];
        const diagnostics = published[i] ?? [];
        findings += messages.length;
        const actual = diagnostics.map((d, k) => fromDiagnostic(d, messages[k]?.endLine !== undefined));
        expect({ file: path.relative(rulesDir, file), findings: actual }).toEqual({ file: path.relative(rulesDir, file), findings: messages.map(fromMessage) });
        for (const d of diagnostics) if (d.code !== undefined) expect(d.codeDescription?.href).toMatch(new RegExp(`/docs/rules/${String(d.code)}\\.md$`));
      });
      // The fixtures exercise every rule: a comparison of empty lists would prove nothing.
      expect(findings).toBeGreaterThan(200);
      // One lint per document: no republishing for documents that did not change.
      expect(client.published.map((p) => p.uri).sort()).toEqual(files.map(uriOf).sort());
    } finally {
      await client.stop();
    }
  }, 120_000);
});
