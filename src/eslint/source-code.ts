/**
 * What ESLint holds for one SQL file: its text, a small tree (the file and
 * its statements) for ESLint's traversal and selectors, and pgshift's
 * findings for the file, which the rules report. Positions follow the
 * language's convention: 1-based lines and columns, UTF-16 indices.
 */
import type { LintMessage } from '../engine/results.js';
import type { Severity } from '../engine/rule.js';
import { parseStatements } from '../parse/parse-sql.js';
import { SourceText, type Range } from '../parse/source-text.js';
import type { Language, SourceLocation } from './types.js';

export interface StatementNode {
  type: 'Statement';
  /** the statement's parse tree node type, e.g. `IndexStmt` */
  tag: string;
  /** from its first character to its last, without the `;` (UTF-16 indices) */
  range: [number, number];
  loc: SourceLocation;
}

export interface ProgramNode {
  type: 'Program';
  body: StatementNode[];
  range: [number, number];
  loc: SourceLocation;
}

export type SqlNode = ProgramNode | StatementNode;

export const visitorKeys: Record<SqlNode['type'], string[]> = {
  Program: ['body'],
  Statement: [],
};

/** The file and its statements as the Postgres parser sees the whole text; no statements when that parse fails (the file's format may not be plain SQL). */
export function programOf(text: string): ProgramNode {
  const source = new SourceText(text);
  const parsed = parseStatements(source);
  const body: StatementNode[] = parsed.ok ? parsed.statements.map((statement) => ({ type: 'Statement', tag: statement.tag, range: [...statement.range], loc: locOf(source, statement.range) })) : [];
  return { type: 'Program', body, range: [0, text.length], loc: locOf(source, [0, text.length]) };
}

function locOf(source: SourceText, range: Range): SourceLocation {
  return { start: source.positionAt(range[0]), end: source.positionAt(range[1]) };
}

/** One step of ESLint's traversal, as `traverse()` yields it. */
type TraversalStep = ReturnType<Language['createSourceCode']> extends { traverse(): Iterable<infer Step> } ? Step : never;

const ENTER = 1;
const EXIT = 2;
const VISIT = 1;

export interface SqlSourceCodeInit {
  text: string;
  ast: ProgramNode;
  hasBOM: boolean;
  /** pgshift's findings for the file, suppressions applied */
  messages: readonly LintMessage[];
  /** the rule severities the pgshift config in effect sets apart from the defaults, by ESLint rule id */
  severities: Readonly<Record<string, Severity>>;
}

export class SqlSourceCode {
  readonly text: string;
  readonly ast: ProgramNode;
  readonly hasBOM: boolean;
  readonly visitorKeys = visitorKeys;
  readonly #messages: readonly LintMessage[];
  readonly #severities: Readonly<Record<string, Severity>>;
  #lines: string[] | undefined;
  readonly #parents = new Map<SqlNode, ProgramNode>();

  constructor(init: SqlSourceCodeInit) {
    this.text = init.text;
    this.ast = init.ast;
    this.hasBOM = init.hasBOM;
    this.#messages = init.messages;
    this.#severities = init.severities;
    for (const statement of init.ast.body) this.#parents.set(statement, init.ast);
  }

  /** The text's lines, split where pgshift splits them (\n, \r\n, \r). */
  get lines(): string[] {
    this.#lines ??= this.text.split(/\r\n|[\r\n]/);
    return this.#lines;
  }

  /** pgshift's findings of one of its rules (the pgshift id, without the plugin's prefix). */
  findings(ruleId: string): LintMessage[] {
    return this.#messages.filter((message) => message.ruleId === ruleId);
  }

  getLoc(node: SqlNode): SourceLocation {
    return node.loc;
  }

  getRange(node: SqlNode): [number, number] {
    return node.range;
  }

  getText(node?: SqlNode): string {
    return node ? this.text.slice(node.range[0], node.range[1]) : this.text;
  }

  getParent(node: SqlNode): ProgramNode | undefined {
    return this.#parents.get(node);
  }

  getAncestors(node: SqlNode): ProgramNode[] {
    const parent = this.#parents.get(node);
    return parent ? [parent] : [];
  }

  *traverse(): Iterable<TraversalStep> {
    yield { kind: VISIT, target: this.ast, phase: ENTER, args: [this.ast, undefined] };
    for (const statement of this.ast.body) {
      yield { kind: VISIT, target: statement, phase: ENTER, args: [statement, this.ast] };
      yield { kind: VISIT, target: statement, phase: EXIT, args: [statement, this.ast] };
    }
    yield { kind: VISIT, target: this.ast, phase: EXIT, args: [this.ast, undefined] };
  }

  /**
   * The severities pgshift.config.json gives its rules for this file, handed
   * to ESLint as the file's inline configuration: with the recommended config
   * (pgshift's defaults), every finding then has the severity `pgshift lint`
   * gives it. ESLint applies it unless inline configuration is turned off.
   */
  applyInlineConfig(): { configs: { loc: SourceLocation; config: { rules: Record<string, Severity> } }[]; problems: [] } {
    const rules = { ...this.#severities };
    if (Object.keys(rules).length === 0) return { configs: [], problems: [] };
    const start = { line: 1, column: 1 };
    return { configs: [{ loc: { start, end: start }, config: { rules } }], problems: [] };
  }
}
