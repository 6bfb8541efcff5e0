/**
 * Session settings a migration changes with SET, RESET or set_config(): the
 * search path that resolves unqualified names, and the timeouts that bound how
 * long a statement may wait in the lock queue. Transaction scoping follows
 * Postgres' GUC rules (guc.c, AtEOXact_GUC): SET LOCAL lasts until its
 * transaction ends and then uncovers the session value; ROLLBACK undoes every
 * change the transaction made.
 */
import type { FuncCall, Node, VariableSetStmt } from 'libpg-query';
import { asNode, integerConstant, stringConstant, stringList } from '../parse/ast.js';

export interface Setting {
  /** undefined: the server default (SET LOCAL … TO DEFAULT hides a session value this way) */
  value: string | undefined;
  /** SET LOCAL: reverts when its transaction ends */
  transaction: number | undefined;
  /** SET LOCAL: the session-level setting it covers, back in force when the transaction ends */
  covered?: Setting | undefined;
}

export class SessionState {
  readonly settings = new Map<string, Setting>();
  /** the settings as they were before the open transaction first changed one, for ROLLBACK */
  #beforeTransaction: { id: number; settings: Map<string, Setting> } | undefined;

  /** Schemas searched for unqualified names, in order. `"$user"` is left out: it rarely exists. */
  get searchPath(): string[] {
    const value = this.get('search_path');
    if (value === undefined) return ['public'];
    const schemas = splitIdentifiers(value).filter((s) => s !== '' && s !== '$user');
    return schemas.length > 0 ? schemas : ['public'];
  }

  /** The effective value of a setting, undefined when it is at the server default. */
  get(name: string): string | undefined {
    return this.settings.get(name)?.value;
  }

  /** True when a timeout is set to something other than 0 (which disables it). */
  hasTimeout(name: 'lock_timeout' | 'statement_timeout'): boolean {
    const value = this.get(name);
    return value !== undefined && !isZeroDuration(value);
  }

  applySet(statement: VariableSetStmt, transaction: number | undefined): void {
    const name = statement.name?.toLowerCase();
    // Outside a transaction block SET LOCAL only warns: it has no effect.
    if (statement.is_local && transaction === undefined) return;
    const scope = statement.is_local ? 'local' : 'session';
    switch (statement.kind) {
      case 'VAR_SET_VALUE':
        if (name) this.#set(name, settingValue(name, statement), scope, transaction);
        break;
      case 'VAR_SET_DEFAULT':
      case 'VAR_RESET':
        if (name) this.#set(name, undefined, scope, transaction);
        break;
      case 'VAR_RESET_ALL':
        for (const setting of [...this.settings.keys()]) this.#set(setting, undefined, 'session', transaction);
        break;
      default:
        break;
    }
  }

  /** `SELECT set_config('lock_timeout', '5s', false)` is how some runners and ORMs set timeouts. */
  applySetConfig(call: FuncCall, transaction: number | undefined): void {
    const [nameArg, valueArg, localArg] = call.args ?? [];
    const name = stringConstant(nameArg)?.toLowerCase();
    const value = stringConstant(valueArg);
    if (!name || value === undefined) return;
    // Postgres reads a quoted literal such as 'true' or 'on' as a boolean here.
    const local = asNode(localArg, 'A_Const')?.boolval?.boolval === true || isTrueLiteral(stringConstant(localArg));
    // Local to the SELECT's own transaction in autocommit: gone when the statement ends.
    if (local && transaction === undefined) return;
    this.#set(name, value, local ? 'local' : 'session', transaction);
  }

  /** A transaction ended: SET LOCAL values end with it, and a rollback undoes its session-level changes too. */
  endTransaction(id: number | undefined, rolledBack = false): void {
    if (id === undefined) return;
    const before = this.#beforeTransaction;
    this.#beforeTransaction = undefined;
    if (rolledBack) {
      if (before?.id !== id) return;
      this.settings.clear();
      for (const [name, setting] of before.settings) this.settings.set(name, setting);
      return;
    }
    for (const [name, setting] of [...this.settings]) {
      if (setting.transaction !== id) continue;
      if (setting.covered) this.settings.set(name, setting.covered);
      else this.settings.delete(name);
    }
  }

  #set(name: string, value: string | undefined, scope: 'local' | 'session', transaction: number | undefined): void {
    if (transaction !== undefined && this.#beforeTransaction?.id !== transaction) {
      this.#beforeTransaction = { id: transaction, settings: new Map(this.settings) };
    }
    const existing = this.settings.get(name);
    if (scope === 'local') {
      // A second SET LOCAL in the same transaction covers the same session value as the first.
      const covered = existing?.transaction === transaction ? existing?.covered : existing;
      this.settings.set(name, { value, transaction, covered });
    } else if (value === undefined) {
      this.settings.delete(name);
    } else {
      this.settings.set(name, { value, transaction: undefined });
    }
  }
}

/** The `set_config(…)` calls a `SELECT set_config(…), …` statement makes, in order. */
export function setConfigCalls(node: Node): FuncCall[] {
  const calls: FuncCall[] = [];
  for (const target of asNode(node, 'SelectStmt')?.targetList ?? []) {
    const call = asNode(asNode(target, 'ResTarget')?.val, 'FuncCall');
    const name = stringList(call?.funcname).join('.');
    if (call && (name === 'set_config' || name === 'pg_catalog.set_config')) calls.push(call);
  }
  return calls;
}

/**
 * The value as `SHOW` would give it. search_path is a list of identifiers:
 * SET quotes each item it is given, so `SET search_path = 'App'` names the
 * schema "App" and `'a, b'` is one schema named "a, b".
 */
function settingValue(name: string, statement: VariableSetStmt): string {
  const parts: string[] = [];
  for (const arg of statement.args ?? []) {
    const text = stringConstant(arg);
    if (text !== undefined) {
      parts.push(name === 'search_path' ? `"${text.replace(/"/g, '""')}"` : text);
      continue;
    }
    const number = integerConstant(arg);
    if (number !== undefined) {
      parts.push(String(number));
      continue;
    }
    const float = asNode(arg, 'A_Const')?.fval?.fval;
    if (float !== undefined) parts.push(float);
    else parts.push(stringList([arg]).join('') || '?');
  }
  return parts.join(', ');
}

/** Postgres' SplitIdentifierString: comma-separated names, unquoted ones folded to lower case. */
function splitIdentifiers(value: string): string[] {
  const names: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")*)"|([^,]*?))\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < value.length && (match = pattern.exec(value)) !== null) {
    names.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? '').toLowerCase());
  }
  return names;
}

const MILLISECONDS_PER_UNIT: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `0`, `'0s'`, `0.0`, `0.4` (rounded to 0 ms): values that disable a millisecond timeout. */
function isZeroDuration(value: string): boolean {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(us|ms|s|min|h|d)?$/.exec(value.trim());
  if (!match) return false;
  const milliseconds = Number(match[1]) * (MILLISECONDS_PER_UNIT[match[2] ?? 'ms'] ?? 1);
  // Postgres rounds to whole milliseconds with rint(), which takes 0.5 to 0.
  return Math.abs(milliseconds) <= 0.5;
}

function isTrueLiteral(text: string | undefined): boolean {
  return text !== undefined && /^\s*(t|tr|tru|true|y|ye|yes|on|1)\s*$/i.test(text);
}
