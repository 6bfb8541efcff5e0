/**
 * The same pgshift.config.json, suppression comments and parse errors as the
 * CLI: each case writes a small project, lints one file with `eslint` and with
 * `pgshift lint`, and expects the same messages. Also what ESLint's own
 * configuration can still change, and the language's options.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/eslint/index.js';
import { cliResults, cliShape, eslintShape, type Shape } from './compare.js';

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-eslint-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function eslintMessages(dir: string, file: string, configs: Linter.Config[] = [plugin.configs.recommended], options: ESLint.Options = {}): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs, ...options });
  const [result] = await eslint.lintFiles([path.join(dir, file)]);
  return result?.messages ?? [];
}

/** `pgshift lint` as a user runs it on the project (no path: the configured migrations) or on one file. */
async function cliMessages(dir: string, file: string, args: string[] = [], onItsOwn = false): Promise<Shape[]> {
  const results = await cliResults(dir, onItsOwn ? [path.join(dir, file)] : [], args);
  return cliShape((results.get(path.join(dir, file)) ?? []).flatMap((result) => result.messages));
}

const brief = (messages: readonly { ruleId: string | null; severity: number; line: number }[]) => messages.map((m) => `${m.line} ${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId}`);

const INDEX_AND_VARCHAR = 'CREATE TABLE t (a varchar(10));\nCREATE INDEX i ON users (email);\n';

describe('severities from pgshift.config.json', () => {
  const config = { migrations: 'db', rules: { 'create-index-concurrently': 'warn', 'set-lock-timeout': 'off', 'prefer-text': 'error' } };

  it('match the CLI: a rule turned to warn, one turned off, one off by default turned on', async () => {
    const dir = project({ 'pgshift.config.json': JSON.stringify(config), 'db/1.sql': INDEX_AND_VARCHAR });
    const messages = await eslintMessages(dir, 'db/1.sql');
    expect(eslintShape(messages)).toEqual(await cliMessages(dir, 'db/1.sql'));
    expect(brief(messages)).toEqual(['1 error pgshift/prefer-text', '2 warn pgshift/create-index-concurrently']);
  });

  it('apply from the nearest pgshift.config.json above each file, as `pgshift lint` run there finds it', async () => {
    const dir = project({ 'pgshift.config.json': JSON.stringify(config), 'db/1.sql': INDEX_AND_VARCHAR, 'other/pgshift.config.json': '{ "migrations": "db" }', 'other/db/1.sql': INDEX_AND_VARCHAR });
    const messages = await eslintMessages(dir, 'other/db/1.sql');
    expect(eslintShape(messages)).toEqual(await cliMessages(path.join(dir, 'other'), 'db/1.sql'));
    expect(brief(messages)).toEqual(['2 error pgshift/create-index-concurrently', '2 warn pgshift/set-lock-timeout']);
  });

  it('come from ESLint\'s configuration for rules pgshift.config.json leaves at their default', async () => {
    const dir = project({ 'pgshift.config.json': JSON.stringify({ ...config, rules: {} }), 'db/1.sql': INDEX_AND_VARCHAR });
    const configs = [plugin.configs.recommended, { files: ['**/*.sql'], rules: { 'pgshift/create-index-concurrently': 'off' as const, 'pgshift/set-lock-timeout': 'error' as const } }];
    expect(brief(await eslintMessages(dir, 'db/1.sql', configs))).toEqual(['2 error pgshift/set-lock-timeout']);
  });

  it('win over ESLint\'s configuration for the rules pgshift.config.json sets', async () => {
    const dir = project({ 'pgshift.config.json': JSON.stringify(config), 'db/1.sql': INDEX_AND_VARCHAR });
    const configs = [plugin.configs.recommended, { files: ['**/*.sql'], rules: { 'pgshift/create-index-concurrently': 'off' as const } }];
    expect(brief(await eslintMessages(dir, 'db/1.sql', configs))).toEqual(['1 error pgshift/prefer-text', '2 warn pgshift/create-index-concurrently']);
  });

  it('are ESLint\'s alone with inline configuration turned off; only rules pgshift runs can report', async () => {
    const dir = project({ 'pgshift.config.json': JSON.stringify(config), 'db/1.sql': INDEX_AND_VARCHAR });
    // prefer-text is off in the recommended config, set-lock-timeout off in pgshift's: neither reports.
    expect(brief(await eslintMessages(dir, 'db/1.sql', undefined, { allowInlineConfig: false }))).toEqual(['2 error pgshift/create-index-concurrently']);
  });

  it('are not applied with linterOptions.noInlineConfig, and reportUnusedInlineConfigs names one eslint.config.js already gives', async () => {
    const dir = project({ 'pgshift.config.json': JSON.stringify(config), 'db/1.sql': INDEX_AND_VARCHAR });
    const noInline = [plugin.configs.recommended, { files: ['**/*.sql'], linterOptions: { noInlineConfig: true } }];
    expect(brief(await eslintMessages(dir, 'db/1.sql', noInline))).toEqual(['2 error pgshift/create-index-concurrently']);
    const sameAsPgshift = [plugin.configs.recommended, { files: ['**/*.sql'], linterOptions: { reportUnusedInlineConfigs: 'warn' as const }, rules: { 'pgshift/create-index-concurrently': 'warn' as const } }];
    const messages = await eslintMessages(dir, 'db/1.sql', sameAsPgshift);
    expect(messages[0]).toMatchObject({ ruleId: null, line: 1, message: "Unused inline config ('pgshift/create-index-concurrently' is already configured to 'warn')." });
    expect(brief(messages.slice(1))).toEqual(['1 error pgshift/prefer-text', '2 warn pgshift/create-index-concurrently']);
  });

  it('make a bad pgshift.config.json a parse error of each file it governs, with the CLI\'s message', async () => {
    const dir = project({ 'pgshift.config.json': '{ "rules": { "no-such-rule": "error" } }', 'db/1.sql': 'SELECT 1;\n' });
    const messages = await eslintMessages(dir, 'db/1.sql');
    expect(messages).toEqual([{ ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${path.join(dir, 'pgshift.config.json')}: unknown rule "no-such-rule" in "rules"`, line: 1, column: 1 }]);
    const cli = await cliResults(dir, []).catch((error: Error) => error.message);
    expect(cli).toContain('unknown rule "no-such-rule" in "rules"');
  });
});

describe('suppression comments', () => {
  it('suppress, report unused or invalid suppressions, and end at pgshift-enable, as in the CLI', async () => {
    const text = [
      '-- pgshift-disable-next-line create-index-concurrently -- lookup table, 40 rows',
      'CREATE INDEX countries_code_idx ON countries (code);',
      '-- pgshift-disable-next-line no-truncate -- nothing here to suppress',
      'SELECT 1;',
      '-- pgshift-disable backfill-outside-migration -- one-off fix agreed in INC-231',
      "UPDATE orders SET status = 'void' WHERE id = 981;",
      '-- pgshift-enable backfill-outside-migration',
      "UPDATE orders SET status = 'void' WHERE id = 982;",
      '-- pgshift-disable-next-line no-such-rule -- typo',
      'SELECT 2;',
      '-- pgshift-disable-next-line create-index-concurrently',
      'CREATE INDEX users_email_idx ON users (email);',
      '',
    ].join('\n');
    const dir = project({ 'pgshift.config.json': '{ "migrations": "db" }', 'db/1.sql': text });
    const messages = await eslintMessages(dir, 'db/1.sql');
    expect(eslintShape(messages)).toEqual(await cliMessages(dir, 'db/1.sql'));
    expect(brief(messages)).toEqual([
      '2 warn pgshift/set-lock-timeout',
      '3 warn pgshift/unused-suppression',
      '8 error pgshift/backfill-outside-migration',
      '9 warn pgshift/valid-directive',
      '11 warn pgshift/valid-directive',
    ]);
  });
});

describe('positions and texts', () => {
  const cases: Record<string, string> = {
    'a byte-order mark': '\uFEFFCREATE INDEX i ON users (email);\n',
    'CRLF line ends': 'SELECT 1;\r\n\r\nCREATE INDEX i ON users (email);\r\nALTER TABLE users ADD COLUMN n int NOT NULL;\r\n',
    'characters outside ASCII and the BMP': "-- Größe 😀\nCREATE INDEX \"idx_😀\" ON \"tablé\" (\"naïve\");\nUPDATE \"tablé\" SET a = '日本語';\n",
    'a syntax error': 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUM b int;\n',
    'a syntax error after wide characters': "SELECT '😀😀';\nSELEC 1;\n",
    'a NUL character': 'SELECT 1;\nSELECT \u0000;\n',
    'an empty file': '',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`are the CLI's with ${name}`, async () => {
      const dir = project({ 'pgshift.config.json': '{ "migrations": "db" }', 'db/1.sql': text });
      const messages = await eslintMessages(dir, 'db/1.sql');
      expect(eslintShape(messages)).toEqual(await cliMessages(dir, 'db/1.sql'));
      expect(messages.some((m) => m.fatal)).toBe(/syntax error|NUL/.test(name));
    });
  }

  it('are the CLI\'s with bytes that are not UTF-8: the first one is a fatal error', async () => {
    const bytes = Buffer.concat([Buffer.from("SELECT 'caf"), Buffer.from([0xe9]), Buffer.from("';\nCREATE INDEX i ON users (email);\n")]);
    const dir = project({ 'pgshift.config.json': '{ "migrations": "db" }', 'db/1.sql': bytes });
    const messages = await eslintMessages(dir, 'db/1.sql');
    expect(eslintShape(messages)).toEqual(await cliMessages(dir, 'db/1.sql'));
    expect(messages).toMatchObject([{ fatal: true, line: 1, column: 12, message: expect.stringContaining('invalid UTF-8 byte 0xe9') }]);
  });

  it('keep a suggestion\'s range in the text ESLint holds: applying it gives the CLI\'s suggested text', async () => {
    const dir = project({ 'pgshift.config.json': '{ "migrations": "db" }', 'db/1.sql': '\uFEFF-- 😀\nCREATE INDEX i ON users (email);\n' });
    const [finding] = (await eslintMessages(dir, 'db/1.sql')).filter((m) => m.ruleId === 'pgshift/create-index-concurrently');
    const fix = finding?.suggestions?.[0]?.fix;
    const text = '-- 😀\nCREATE INDEX i ON users (email);\n';
    expect(fix && text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1])).toBe('-- pgshift:no-transaction\n-- 😀\nCREATE INDEX CONCURRENTLY i ON users (email);\n');
  });
});

describe('language options', () => {
  const down = { 'pgshift.config.json': '{ "migrations": "db" }', 'db/1_create.sql': 'CREATE TABLE t (a int);\n', 'db/1_create.down.sql': 'DROP TABLE t;\nCREATE INDEX i ON users (email);\n' };

  it('includeDown lints down migrations, as `pgshift lint --include-down`', async () => {
    const dir = project(down);
    expect(await eslintMessages(dir, 'db/1_create.down.sql')).toEqual([]);
    const configs = [plugin.configs.recommended, { files: ['**/*.sql'], languageOptions: { includeDown: true } }];
    const messages = await eslintMessages(dir, 'db/1_create.down.sql', configs);
    expect(eslintShape(messages)).toEqual(await cliMessages(dir, 'db/1_create.down.sql', ['--include-down']));
    expect(brief(messages)).toContain('2 error pgshift/create-index-concurrently');
  });

  it('configFile uses that pgshift.config.json, as `pgshift lint --config`', async () => {
    const dir = project({ ...down, 'strict.json': JSON.stringify({ migrations: 'db', rules: { 'prefer-text': 'error' } }), 'db/2_add.sql': 'ALTER TABLE t ADD COLUMN b varchar(5);\n' });
    const configs = [plugin.configs.recommended, { files: ['**/*.sql'], languageOptions: { configFile: path.join(dir, 'strict.json') } }];
    const messages = await eslintMessages(dir, 'db/2_add.sql', configs);
    expect(eslintShape(messages)).toEqual(await cliMessages(dir, 'db/2_add.sql', ['--config', 'strict.json']));
    expect(brief(messages)).toContain('1 error pgshift/prefer-text');
  });

  it('are checked: an unknown key or a wrong type is a configuration error', async () => {
    const dir = project(down);
    const lint = (languageOptions: Record<string, unknown>) => eslintMessages(dir, 'db/1_create.sql', [plugin.configs.recommended, { files: ['**/*.sql'], languageOptions }]);
    await expect(lint({ includeDwon: true })).rejects.toThrow('Unknown languageOptions key "includeDwon" for pgshift/sql');
    await expect(lint({ includeDown: 'yes' })).rejects.toThrow('languageOptions.includeDown must be a boolean');
  });
});
