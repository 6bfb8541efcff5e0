/**
 * Session settings a migration changes with SET, RESET or set_config(): the
 * search path that resolves unqualified names, and the timeouts that bound how
 * long a statement may wait in the lock queue.
 */
import type { FuncCall, Node, VariableSetStmt } from 'libpg-query';
import { asNode, integerConstant, stringConstant, stringList } from '../parse/ast.js';

export interface Setting {
  value: string;
  /** SET LOCAL: reverts when its transaction ends */
  transaction: number | undefined;
}

export class SessionState {
  readonly settings = new Map<string, Setting>();

  /** Schemas searched for unqualified names, in order. `"$user"` is left out: it rarely exists. */
  get searchPath(): string[] {
    const setting = this.settings.get('search_path');
    if (!setting) return ['public'];
    const schemas = setting.value
      .split(',')
      .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
      .filter((s) => s !== '' && s !== '$user');
    return schemas.length > 0 ? schemas : ['public'];
  }

  /** The effective value of a setting, undefined when it is at the server default. */
  get(name: string): string | undefined {
    return this.settings.get(name)?.value;
  }

  /** True when a timeout is set to something other than 0 (which disables it). */
  hasTimeout(name: 'lock_timeout' | 'statement_timeout'): boolean {
    const value = this.get(name);
    return value !== undefined && !/^0+(\s*(ms|s|min|h|d|us))?$/i.test(value.trim());
  }

  applySet(statement: VariableSetStmt, transaction: number | undefined): void {
    const name = statement.name?.toLowerCase();
    switch (statement.kind) {
      case 'VAR_SET_VALUE':
        if (name) this.#set(name, settingValue(statement), transaction, statement.is_local === true);
        break;
      case 'VAR_SET_DEFAULT':
      case 'VAR_RESET':
        if (name) this.settings.delete(name);
        break;
      case 'VAR_RESET_ALL':
        this.settings.clear();
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
    const isLocal = asNode(localArg, 'A_Const')?.boolval?.boolval === true;
    this.#set(name, value, transaction, isLocal);
  }

  /** SET LOCAL values end with their transaction. */
  endTransaction(id: number | undefined): void {
    if (id === undefined) return;
    for (const [name, setting] of this.settings) {
      if (setting.transaction === id) this.settings.delete(name);
    }
  }

  #set(name: string, value: string, transaction: number | undefined, isLocal: boolean): void {
    // SET LOCAL outside a transaction block only warns; set_config(…, true) lasts for its own statement.
    if (isLocal && transaction === undefined) return;
    this.settings.set(name, { value, transaction: isLocal ? transaction : undefined });
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

function settingValue(statement: VariableSetStmt): string {
  const parts: string[] = [];
  for (const arg of statement.args ?? []) {
    const text = stringConstant(arg);
    if (text !== undefined) {
      parts.push(text);
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
