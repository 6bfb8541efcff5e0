import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { CONFIG_KEYS, durationMs, ConfigError, DEFAULT_PG_VERSION, findConfigFile, resolveConfig } from '../src/config/config.js';

function project(config: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-config-'));
  writeFileSync(path.join(dir, 'pgshift.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

describe('config file', () => {
  it('is found by walking up from a nested directory', () => {
    const dir = project({ pgVersion: 16 });
    const nested = path.join(dir, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    expect(findConfigFile(nested)).toBe(path.join(dir, 'pgshift.config.json'));
    const config = resolveConfig(allRules, { startDir: nested });
    expect(config.engine.settings.pgVersion).toBe(16);
    expect(config.baseDir).toBe(dir);
  });

  it('defaults without a file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-noconfig-'));
    const config = resolveConfig(allRules, { startDir: dir });
    expect(config.filePath).toBeUndefined();
    expect(config.engine.settings).toEqual({ pgVersion: DEFAULT_PG_VERSION, appliedBy: 'other' });
    expect(config.migrations).toEqual(['migrations']);
    for (const rule of allRules) expect(config.engine.rules.get(rule.meta.id)?.severity).toBe(rule.meta.defaultSeverity);
  });

  it('applies rule severities (names and numbers) and command-line overrides last', () => {
    const dir = project({ rules: { 'create-index-concurrently': 'warn' } });
    expect(resolveConfig(allRules, { startDir: dir }).engine.rules.get('create-index-concurrently')?.severity).toBe('warn');
    const overridden = resolveConfig(allRules, { startDir: dir, overrides: { rules: { 'create-index-concurrently': 'off' }, pgVersion: 17 } });
    expect(overridden.engine.rules.get('create-index-concurrently')?.severity).toBe('off');
    expect(overridden.engine.settings.pgVersion).toBe(17);
    const numeric = project({ rules: { 'create-index-concurrently': [1] } });
    expect(resolveConfig(allRules, { startDir: numeric }).engine.rules.get('create-index-concurrently')?.severity).toBe('warn');
  });

  it.each([
    [{ pgVersionn: 15 }, 'unknown key "pgVersionn"'],
    [{ rules: { 'no-such-rule': 'error' } }, 'unknown rule "no-such-rule"'],
    [{ rules: { 'create-index-concurrently': 'fatal' } }, 'severity must be'],
    [{ rules: { 'create-index-concurrently': ['error', { x: 1 }] } }, 'takes no options'],
    [{ pgVersion: 9 }, '"pgVersion" must be a major version from 10 to 18'],
    [{ pgVersion: 15.5 }, '"pgVersion" must be'],
    [{ pgVersion: '15' }, '"pgVersion" must be a number'],
    [{ appliedBy: 'flyway' }, '"appliedBy" must be "pgshift" or "other"'],
    [{ migrations: [] }, '"migrations" must be'],
    [{ releases: 'folders' }, '"releases" must be "directories" or a list'],
    [{ releases: [{ name: 'a' }] }, 'release "a" needs "migrations"'],
    [{ releases: [{ name: 'a', migrations: 'x/*.sql' }, { name: 'a', migrations: 'y/*.sql' }] }, 'release "a" is listed twice'],
    [{ releases: [{ name: 'a', migrations: 'x/*.sql', when: 'now' }] }, 'entry 1: unknown key "when"'],
    [{ source: 'liquibase' }, '"source" must be one of "auto", "pgshift", "alembic", "goose"'],
    [{ runner: 'fast' }, '"runner" must be an object'],
    [{ runner: { ledgerTable: 'my table' } }, '"runner.ledgerTable" must be a table name'],
    [{ runner: { lockTimeout: 'soon' } }, '"runner.lockTimeout" must be a duration such as "5s"'],
    [{ runner: { lockRetries: -1 } }, '"runner.lockRetries" must be an integer from 0 to 100'],
    [{ runner: { retries: 3 } }, 'unknown key "runner.retries"'],
    [[1, 2], 'must be a JSON object'],
    ['{ "pgVersion": 15,, }', 'is not valid JSON'],
  ])('rejects %j naming the problem', (config, reason) => {
    const dir = project(config);
    expect(() => resolveConfig(allRules, { startDir: dir })).toThrow(ConfigError);
    expect(() => resolveConfig(allRules, { startDir: dir })).toThrow(reason);
  });

  it('documents every key it accepts', () => {
    const dir = project({ $schema: './schema.json', pgVersion: 15, migrations: 'db', appliedBy: 'pgshift', releases: 'directories', source: 'goose', rules: {} });
    const config = resolveConfig(allRules, { startDir: dir });
    expect(config.migrations).toEqual(['db']);
    expect(config.source).toBe('goose');
    expect(resolveConfig(allRules, { startDir: dir, overrides: { source: 'dbmate' } }).source).toBe('dbmate');
    expect(resolveConfig(allRules, { startDir: project({}) }).source).toBe('auto');
    expect(config.releases).toBe('directories');
    const listed = resolveConfig(allRules, { startDir: project({ releases: [{ name: '1.0', migrations: 'db/1_*.sql' }] }) });
    expect(listed.releases).toEqual([{ name: '1.0', migrations: ['db/1_*.sql'] }]);
    expect(config.engine.settings.appliedBy).toBe('pgshift');
    expect(Object.keys(CONFIG_KEYS).sort()).toEqual(['$schema', 'appliedBy', 'migrations', 'pgVersion', 'releases', 'rules', 'runner', 'source']);
  });

  it('reads the runner settings over their defaults', () => {
    expect(resolveConfig(allRules, { startDir: project({}) }).runner).toEqual({ ledgerTable: 'pgshift_migrations', lockTimeout: '5s', statementTimeout: '1h', lockRetries: 3, retryDelay: '2s' });
    const set = resolveConfig(allRules, { startDir: project({ runner: { ledgerTable: 'ops.migrations', lockTimeout: '500ms', statementTimeout: 0, lockRetries: 0 } }) });
    expect(set.runner).toEqual({ ledgerTable: 'ops.migrations', lockTimeout: '500ms', statementTimeout: '0', lockRetries: 0, retryDelay: '2s' });
    expect([durationMs('5s'), durationMs('500ms'), durationMs('2min'), durationMs('1h'), durationMs('0'), durationMs('250'), durationMs('5 s'), durationMs('soon')]).toEqual([5000, 500, 120_000, 3_600_000, 0, 250, 5000, undefined]);
  });

  it('reports a missing explicit config file', () => {
    expect(() => resolveConfig(allRules, { startDir: os.tmpdir(), configFile: 'nope/pgshift.json' })).toThrow('does not exist');
  });
});
