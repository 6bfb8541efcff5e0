/**
 * Session settings as Postgres keeps them (checked against a PostgreSQL 18
 * server): SET and set_config() scoping, SET LOCAL and ROLLBACK, RESET, and
 * how search_path values are read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FuncCall, VariableSetStmt } from 'libpg-query';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { defineRule } from '../src/engine/rule.js';
import { asNode } from '../src/parse/ast.js';
import { loadParser, parseStatements } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';
import { SessionState } from '../src/model/session.js';
import { engineConfig } from './support/rule-tester.js';

beforeAll(loadParser);

function parseOne(sql: string) {
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok || !parsed.statements[0]) throw new Error(`cannot parse ${sql}`);
  return parsed.statements[0].node;
}

function setStatement(sql: string): VariableSetStmt {
  const node = asNode(parseOne(sql), 'VariableSetStmt');
  if (!node) throw new Error(`${sql} is not SET`);
  return node;
}

function setConfigCall(sql: string): FuncCall {
  const target = asNode(parseOne(sql), 'SelectStmt')?.targetList?.[0];
  const call = asNode(asNode(target, 'ResTarget')?.val, 'FuncCall');
  if (!call) throw new Error(`${sql} is not SELECT set_config(…)`);
  return call;
}

/** A session after applying SET statements, all in one transaction or all in autocommit. */
function sessionAfter(statements: string[], where: number | 'autocommit' = 1): SessionState {
  const transaction = where === 'autocommit' ? undefined : where;
  const session = new SessionState();
  for (const sql of statements) {
    if (/^\s*select/i.test(sql)) session.applySetConfig(setConfigCall(sql), transaction);
    else session.applySet(setStatement(sql), transaction);
  }
  return session;
}

describe('SessionState', () => {
  it('records SET values as SHOW gives them', () => {
    const session = sessionAfter(["SET lock_timeout = '2s'", 'SET statement_timeout TO 5000', 'SET idle_in_transaction_session_timeout = 1.5', "SET SESSION work_mem = '64MB'", "SET TIME ZONE 'UTC'"]);
    expect(session.get('lock_timeout')).toBe('2s');
    expect(session.get('statement_timeout')).toBe('5000');
    expect(session.get('idle_in_transaction_session_timeout')).toBe('1.5');
    expect(session.get('work_mem')).toBe('64MB');
    expect(session.get('timezone')).toBe('UTC');
    expect(session.get('search_path')).toBeUndefined();
  });

  it('folds setting names to lower case', () => {
    expect(sessionAfter(["SET Lock_Timeout = '2s'"]).get('lock_timeout')).toBe('2s');
    expect(sessionAfter(["SELECT set_config('LOCK_TIMEOUT', '2s', false)"]).get('lock_timeout')).toBe('2s');
  });

  it('treats zero as no timeout, in any spelling', () => {
    for (const value of ['0', "'0'", "'0s'", "'0ms'", "'0 min'", '0.0', "'0.4'", "'00'", "'500us'"]) {
      expect(sessionAfter([`SET lock_timeout = ${value}`]).hasTimeout('lock_timeout'), value).toBe(false);
    }
    for (const value of ['1', "'2s'", "'1min'", '1.5', "'600us'", "'1e3'"]) {
      expect(sessionAfter([`SET lock_timeout = ${value}`]).hasTimeout('lock_timeout'), value).toBe(true);
    }
    expect(new SessionState().hasTimeout('lock_timeout')).toBe(false);
    expect(sessionAfter(["SET statement_timeout = '30s'"]).hasTimeout('lock_timeout')).toBe(false);
  });

  it('returns to the server default on RESET, SET … TO DEFAULT and RESET ALL', () => {
    expect(sessionAfter(["SET lock_timeout = '2s'", 'RESET lock_timeout']).hasTimeout('lock_timeout')).toBe(false);
    expect(sessionAfter(["SET lock_timeout = '2s'", 'SET lock_timeout TO DEFAULT']).hasTimeout('lock_timeout')).toBe(false);
    const all = sessionAfter(["SET lock_timeout = '2s'", 'SET search_path = app', 'RESET ALL']);
    expect(all.hasTimeout('lock_timeout')).toBe(false);
    expect(all.searchPath).toEqual(['public']);
  });

  it('ignores SET LOCAL and local set_config outside a transaction block, where they have no effect', () => {
    expect(sessionAfter(["SET LOCAL lock_timeout = '2s'"], 'autocommit').hasTimeout('lock_timeout')).toBe(false);
    expect(sessionAfter(["SELECT set_config('lock_timeout', '2s', true)"], 'autocommit').hasTimeout('lock_timeout')).toBe(false);
    expect(sessionAfter(["SELECT set_config('lock_timeout', '2s', false)"], 'autocommit').hasTimeout('lock_timeout')).toBe(true);
    expect(sessionAfter(["SET lock_timeout = '2s'"], 'autocommit').hasTimeout('lock_timeout')).toBe(true);
  });

  it('ends SET LOCAL with its transaction and uncovers the session value', () => {
    const local = sessionAfter(["SET LOCAL lock_timeout = '2s'"], 7);
    expect(local.get('lock_timeout')).toBe('2s');
    local.endTransaction(7);
    expect(local.get('lock_timeout')).toBeUndefined();

    const covering = sessionAfter(["SET lock_timeout = '2s'", "SET LOCAL lock_timeout = '9s'", "SET LOCAL lock_timeout = '8s'"], 7);
    expect(covering.get('lock_timeout')).toBe('8s');
    covering.endTransaction(7);
    expect(covering.get('lock_timeout')).toBe('2s');

    const toDefault = sessionAfter(["SET lock_timeout = '2s'", 'SET LOCAL lock_timeout TO DEFAULT'], 7);
    expect(toDefault.hasTimeout('lock_timeout')).toBe(false);
    toDefault.endTransaction(7);
    expect(toDefault.get('lock_timeout')).toBe('2s');
  });

  it('keeps a session SET made after SET LOCAL in the same transaction', () => {
    const session = sessionAfter(["SET LOCAL lock_timeout = '9s'", "SET lock_timeout = '3s'"], 7);
    session.endTransaction(7);
    expect(session.get('lock_timeout')).toBe('3s');
  });

  it('leaves settings of other transactions alone when one ends', () => {
    const session = sessionAfter(["SET LOCAL lock_timeout = '2s'"], 7);
    session.endTransaction(8);
    session.endTransaction(undefined);
    expect(session.get('lock_timeout')).toBe('2s');
  });

  it('undoes every change of a rolled back transaction', () => {
    const session = new SessionState();
    session.applySet(setStatement("SET lock_timeout = '2s'"), undefined);
    session.applySet(setStatement("SET lock_timeout = '7s'"), 3);
    session.applySet(setStatement('SET search_path = app'), 3);
    session.applySetConfig(setConfigCall("SELECT set_config('statement_timeout', '1min', false)"), 3);
    session.endTransaction(3, true);
    expect(session.get('lock_timeout')).toBe('2s');
    expect(session.searchPath).toEqual(['public']);
    expect(session.get('statement_timeout')).toBeUndefined();
  });

  it('reads set_config’s is_local as Postgres does, quoted literals included', () => {
    for (const local of ['true', "'true'", "'on'", "'yes'", "'t'", "'1'"]) {
      const session = sessionAfter([`SELECT set_config('lock_timeout', '2s', ${local})`], 4);
      session.endTransaction(4);
      expect(session.hasTimeout('lock_timeout'), local).toBe(false);
    }
    for (const session of ["SELECT set_config('lock_timeout', '2s', false)", "SELECT set_config('lock_timeout', '2s', 'off')"].map((sql) => sessionAfter([sql], 4))) {
      session.endTransaction(4);
      expect(session.hasTimeout('lock_timeout')).toBe(true);
    }
  });

  it('ignores set_config calls whose name or value is not a constant', () => {
    expect(sessionAfter(["SELECT set_config(name, '2s', false)"]).settings.size).toBe(0);
    expect(sessionAfter(["SELECT set_config('lock_timeout', current_setting('x'), false)"]).settings.size).toBe(0);
  });

  describe('search_path', () => {
    it('defaults to public', () => {
      expect(new SessionState().searchPath).toEqual(['public']);
    });

    it('takes SET items literally: identifiers arrive folded, quoted names and strings keep their case', () => {
      expect(sessionAfter(['SET search_path TO App, "Billing", public']).searchPath).toEqual(['app', 'Billing', 'public']);
      expect(sessionAfter(["SET search_path = 'App'"]).searchPath).toEqual(['App']);
      expect(sessionAfter(["SET SCHEMA 'app'"]).searchPath).toEqual(['app']);
    });

    it('reads one string given to SET as one schema name, commas and all', () => {
      expect(sessionAfter(["SET search_path = 'app, public'"]).searchPath).toEqual(['app, public']);
    });

    it('splits a set_config value as Postgres does, folding unquoted names', () => {
      expect(sessionAfter([`SELECT set_config('search_path', 'App, "Billing" ,public', false)`]).searchPath).toEqual(['app', 'Billing', 'public']);
      expect(sessionAfter([`SELECT pg_catalog.set_config('search_path', '"a""b", "c,d"', false)`]).searchPath).toEqual(['a"b', 'c,d']);
    });

    it('leaves out $user, and falls back to public when nothing else is left', () => {
      expect(sessionAfter(["SET search_path = '$user', app"]).searchPath).toEqual(['app']);
      expect(sessionAfter(["SET search_path = '$user'"]).searchPath).toEqual(['public']);
      expect(sessionAfter([`SELECT set_config('search_path', '"$user", app', false)`]).searchPath).toEqual(['app']);
    });
  });
});

describe('session settings in the engine', () => {
  /** Each statement's view of lock_timeout and the search path, as rules see it. */
  async function observe(sql: string): Promise<string[]> {
    await loadParser();
    const seen: string[] = [];
    const probe = defineRule({
      meta: { id: 'probe', type: 'suggestion', defaultSeverity: 'error', docs: { description: 'Records the session.', category: 'style' }, messages: {} },
      create(context) {
        return {
          Statement() {
            seen.push(`${context.session.get('lock_timeout') ?? '-'} ${context.session.searchPath.join(',')}`);
          },
        };
      },
    });
    const config = engineConfig();
    const linter = new MigrationSetLinter([probe], { ...config, rules: new Map([['probe', { severity: 'error', options: {} }]]) });
    const result = linter.lint({ id: 'm.sql', filePath: 'm.sql', text: sql });
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    return seen;
  }

  it('ends SET LOCAL at COMMIT and uncovers the session value', async () => {
    const sql = "-- pgshift:no-transaction\nSET lock_timeout = '2s';\nBEGIN;\nSET LOCAL lock_timeout = '9s';\nSELECT 1;\nCOMMIT;\nSELECT 2;";
    expect(await observe(sql)).toEqual(['- public', '2s public', '2s public', '9s public', '9s public', '2s public']);
  });

  it('undoes a transaction’s SETs at ROLLBACK', async () => {
    const sql = "-- pgshift:no-transaction\nBEGIN;\nSET lock_timeout = '2s';\nSET search_path = app;\nROLLBACK;\nSELECT 1;";
    expect(await observe(sql)).toEqual(['- public', '- public', '2s public', '2s app', '- public']);
  });

  it('ignores SET LOCAL in autocommit, and keeps it for the runner’s transaction otherwise', async () => {
    expect(await observe("-- pgshift:no-transaction\nSET LOCAL lock_timeout = '2s';\nSELECT 1;")).toEqual(['- public', '- public']);
    expect(await observe("SET LOCAL lock_timeout = '2s';\nSELECT 1;")).toEqual(['- public', '2s public']);
  });

  it('applies set_config from a SELECT list', async () => {
    const sql = "SELECT set_config('lock_timeout', '3s', true), pg_catalog.set_config('search_path', 'App', false);\nSELECT 1;";
    expect(await observe(sql)).toEqual(['- public', '3s app']);
  });
});
