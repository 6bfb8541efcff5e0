import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './support/cli.js';
import { fixturesDir, projectRoot } from './support/paths.js';

const mixed = path.join(fixturesDir, 'cli', 'mixed');

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('pgshift lint (fresh process)', () => {
  it('reads a migration from stdin and prints one error at 1:1 with the CONCURRENTLY recipe, exit 1', () => {
    const run = spawnCli(['lint', '--stdin'], { cwd: os.tmpdir(), stdin: 'CREATE INDEX idx ON users (email);\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<stdin>');
    expect(run.stdout).toMatch(/^ {2}1:1 {2}error {4}CREATE INDEX holds a SHARE lock on users/m);
    expect(run.stdout).toContain('`CREATE INDEX CONCURRENTLY idx ON users (email);`');
    expect(run.stdout).toContain('create-index-concurrently');
    // The other finding is the warning that the statement would queue with no lock_timeout.
    expect(run.stdout).toMatch(/^ {2}1:1 {2}warning {2}.*set-lock-timeout$/m);
    expect(run.stdout).toContain('2 problems (1 error, 1 warning)');
  });

  it('prints the version and help', () => {
    expect(spawnCli(['--version'], { cwd: projectRoot }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(spawnCli(['lint', '--help'], { cwd: projectRoot }).stdout).toContain('--max-warnings');
  });
});

describe('pgshift lint', () => {
  it('lints a directory in natural order, reports a parse error as one fatal message and still lints the rest', async () => {
    const run = await runCli(['lint', mixed, '--format', 'json'], { cwd: projectRoot });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; fatal?: boolean }[] }[];
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['1_clean.sql', '2_broken.sql', '10_index.sql']);
    expect(results[1]?.messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, line: 2, column: 19 })]);
    expect(results[2]?.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['create-index-concurrently', 3, 1]]);
  });

  it('writes exactly ESLint\'s JSON result shape', async () => {
    const run = await runCli(['lint', path.join(mixed, '10_index.sql'), '-f', 'json'], { cwd: projectRoot });
    const [result] = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(Object.keys(result ?? {}).sort()).toEqual(
      ['errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'suppressedMessages', 'usedDeprecatedRules', 'warningCount'].sort(),
    );
    expect(result?.filePath).toBe(path.join(mixed, '10_index.sql'));
    const [message] = result?.messages as Record<string, unknown>[];
    expect(message).toMatchObject({ ruleId: 'create-index-concurrently', severity: 2, line: 3, column: 1, endLine: 3, endColumn: 53, messageId: 'createIndex', nodeType: 'IndexStmt' });
    expect(message?.suggestions).toEqual([{ desc: 'Build the index concurrently', fix: { range: [69, 69], text: ' CONCURRENTLY' } }]);
  });

  it('exits 0 on clean input and prints nothing in stylish', async () => {
    const run = await runCli(['lint', path.join(mixed, '1_clean.sql')], { cwd: projectRoot });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints paths relative to the working directory, colours only on a terminal', async () => {
    const plain = await runCli(['lint', 'fixtures/cli/mixed/10_index.sql'], { cwd: projectRoot });
    expect(plain.stdout).toContain('\nfixtures/cli/mixed/10_index.sql\n');
    expect(plain.stdout).not.toContain('\u001b[');
    const tty = await runCli(['lint', 'fixtures/cli/mixed/10_index.sql'], { cwd: projectRoot, tty: true });
    expect(tty.stdout).toContain('\u001b[31merror');
    const noColor = await runCli(['lint', 'fixtures/cli/mixed/10_index.sql'], { cwd: projectRoot, tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
  });

  it('--rule changes a severity; warnings count against --max-warnings; --quiet drops them', async () => {
    const file = path.join(mixed, '10_index.sql');
    const warn = await runCli(['lint', file, '--rule', 'create-index-concurrently:warn'], { cwd: projectRoot });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('1 problem (0 errors, 1 warning)');
    const strict = await runCli(['lint', file, '--rule', 'create-index-concurrently:warn', '--max-warnings', '0'], { cwd: projectRoot });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('too many warnings (maximum: 0)');
    const quiet = await runCli(['lint', file, '--rule', 'create-index-concurrently:warn', '--max-warnings', '0', '--quiet'], { cwd: projectRoot });
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    const off = await runCli(['lint', file, '--rule', 'create-index-concurrently:off'], { cwd: projectRoot });
    expect(off.code).toBe(0);
  });

  it('lints the config\'s migrations when given no path, with the config\'s rules and pgVersion', async () => {
    const dir = tempProject({
      'pgshift.config.json': JSON.stringify({ migrations: ['db/*.sql'], rules: { 'create-index-concurrently': 'warn' } }),
      'db/1_a.sql': "SET LOCAL lock_timeout = '2s';\nCREATE INDEX i ON t (a);",
      'other/2_b.sql': 'CREATE INDEX j ON t (b);',
    });
    const run = await runCli(['lint', '-f', 'json'], { cwd: path.join(dir, 'other') });
    const results = JSON.parse(run.stdout) as { filePath: string; warningCount: number }[];
    expect(results.map((r) => [path.relative(dir, r.filePath), r.warningCount])).toEqual([['db/1_a.sql', 1]]);
    expect(run.code).toBe(0);
  });

  it('prints the configuration in effect', async () => {
    const dir = tempProject({ 'pgshift.config.json': JSON.stringify({ pgVersion: 17 }) });
    const run = await runCli(['lint', '--print-config', '--rule', 'create-index-concurrently:warn'], { cwd: dir });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { pgVersion: number; configFile: string; rules: Record<string, unknown> };
    expect(printed.pgVersion).toBe(17);
    expect(printed.configFile).toBe(path.join(dir, 'pgshift.config.json'));
    expect(printed.rules['create-index-concurrently']).toBe('warn');
    const withSource = await runCli(['lint', '--print-config', '--source', 'goose'], { cwd: dir });
    expect((JSON.parse(withSource.stdout) as { source: string }).source).toBe('goose');
  });

  it('--source and --include-down: a goose file read as goose, its down part as a second result', async () => {
    const dir = tempProject({
      'pgshift.config.json': '{}',
      'db/001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint);\n-- +goose Down\nDROP INDEX orders_id_idx;\n',
    });
    const up = JSON.parse((await runCli(['lint', 'db', '-f', 'json'], { cwd: dir })).stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(up.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.ruleId)])).toEqual([['db/001_orders.sql', []]]);
    const both = JSON.parse((await runCli(['lint', 'db', '-f', 'json', '--include-down'], { cwd: dir })).stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(both.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.ruleId)])).toEqual([
      ['db/001_orders.sql', []],
      ['db/001_orders.sql#down', ['drop-index-concurrently', 'set-lock-timeout']],
    ]);
    // Read as plain SQL, the whole file is one migration: its DROP INDEX is linted with the rest.
    const plain = JSON.parse((await runCli(['lint', 'db', '-f', 'json', '--source', 'pgshift'], { cwd: dir })).stdout) as { messages: { ruleId: string }[] }[];
    expect(plain[0]?.messages.map((m) => m.ruleId)).toEqual(['drop-index-concurrently', 'set-lock-timeout']);
  });

  it('uses --stdin-filename for the result and for the config lookup', async () => {
    const dir = tempProject({ 'pgshift.config.json': JSON.stringify({ rules: { 'create-index-concurrently': 'off' } }) });
    const run = await runCli(['lint', '--stdin', '--stdin-filename', 'm/1.sql', '-f', 'json'], { cwd: dir, stdin: 'CREATE INDEX i ON t (a);' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)[0].filePath).toBe(path.join(dir, 'm', '1.sql'));
  });

  it('reports invalid UTF-8 on stdin as a fatal message', async () => {
    const run = await runCli(['lint', '--stdin', '-f', 'json'], { cwd: os.tmpdir(), stdin: Buffer.from([0x53, 0x45, 0xff]) });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)[0].messages[0]).toMatchObject({ fatal: true, line: 1, column: 3 });
  });

  it.each([
    [['lint', '--format', 'xml'], 'unknown format "xml"'],
    [['lint', '--bogus'], "Unknown option '--bogus'"],
    [['lint', '--rule', 'nope:error'], 'unknown rule "nope"'],
    [['lint', '--rule', 'create-index-concurrently'], '--rule needs <rule-id>:<off|warn|error>'],
    [['lint', '--max-warnings', 'many'], '--max-warnings needs a non-negative integer'],
    [['lint', '--pg-version', '8'], '--pg-version must be a major version'],
    [['lint', 'does/not/exist.sql'], "No files matching 'does/not/exist.sql' were found."],
    [['lint', '--stdin', 'x.sql'], '--stdin lints standard input'],
    [['lint', '--source', 'liquibase'], '--source must be one of "auto", "pgshift", "alembic"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('exits 2 with a one-line reason for %j', async (args, reason) => {
    const run = await runCli(args, { cwd: projectRoot });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming an unknown config key', async () => {
    const dir = tempProject({ 'pgshift.config.json': JSON.stringify({ rulez: {} }) });
    const run = await runCli(['lint'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`pgshift: ${path.join(dir, 'pgshift.config.json')}: unknown key "rulez" (known keys: $schema, pgVersion, migrations, releases, source, runner, appliedBy, rules)\n`);
  });
});
