/**
 * The rule module contract, after ESLint's: `meta` describes the rule, and
 * `create(context)` returns visitors keyed by parse tree node type. The engine
 * walks each statement once and calls every rule's visitors; rules never walk
 * the tree themselves and never print.
 */
import type { RangeVar } from 'libpg-query';
import type { NodeOf, NodeTag } from '../parse/ast.js';
import type { Directive } from '../parse/directives.js';
import type { Statement, Token } from '../parse/parse-sql.js';
import type { Position, Range } from '../parse/source-text.js';
import type { TaggedNode } from '../parse/walk.js';
import type { LockRequest } from '../model/locks.js';
import type { ResolvedDeprecation } from '../model/deprecations.js';
import type { RelationRef, Resolver } from '../model/resolve.js';
import type { ReleaseRef } from '../model/schema.js';
import type { SessionState } from '../model/session.js';
import type { TransactionMode, TransactionPosition } from '../model/transactions.js';
import type { DirectiveUsage } from './suppressions.js';

export type Severity = 'off' | 'warn' | 'error';

/** Groups for the README's rule table and the docs. */
export type RuleCategory = 'index' | 'constraint' | 'rewrite' | 'breaking' | 'transaction' | 'data' | 'locking' | 'style' | 'directive';

/** A tiny JSON-schema subset for rule options: an object of typed properties. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, { type: 'boolean' | 'number' | 'string' | 'string[]'; description: string }>;
}

export interface RuleMeta {
  id: string;
  /** problem: the statement hurts production; suggestion: a better way exists */
  type: 'problem' | 'suggestion';
  defaultSeverity: Severity;
  docs: {
    /** one line, shown in the rule table and `--help` */
    description: string;
    category: RuleCategory;
  };
  /** message templates with `{{placeholder}}`s filled from the report's data */
  messages: Record<string, string>;
  /** the rule offers editor suggestions (text edits) for some reports */
  hasSuggestions?: boolean;
  schema?: OptionsSchema;
  defaultOptions?: Record<string, unknown>;
}

/** A text edit on the original source, in UTF-16 indices: replace `range` with `text`. */
export interface Edit {
  range: Range;
  text: string;
}

export interface Suggestion {
  /** what applying it does, e.g. "Build the index concurrently" */
  desc: string;
  edits: Edit[];
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** the part of the source to underline; the current statement (or directive) by default */
  range?: Range;
  suggestions?: Suggestion[];
}

export interface StatementContext {
  readonly statement: Statement;
  /** the statement's source text */
  readonly text: string;
  readonly transaction: TransactionPosition;
  /** tokens of the statement from Postgres' lexer, comments included (computed on first use) */
  tokens(): Token[];
  /** locks the statement takes, strongest first */
  locks(): LockRequest[];
  /** the statement's text after applying edits that fall inside it */
  rewrite(edits: readonly Edit[]): string;
  /** UTF-16 index in the file of a parse tree node's `location` (a UTF-8 byte offset) */
  indexOfLocation(location: number | undefined): number;
}

export interface MigrationContext {
  /** id of the migration: its path relative to its set's folder, or a revision id */
  readonly id: string;
  readonly filePath: string;
  /** the release it ships in; undefined without release configuration (release boundaries unknown) */
  readonly release: ReleaseRef | undefined;
  /** its `-- pgshift:deprecate` directives, resolved against the schema before it */
  readonly deprecations: readonly ResolvedDeprecation[];
  readonly transactionMode: TransactionMode;
  readonly statements: readonly Statement[];
  readonly directives: readonly Directive[];
  /** 1-based line and column of a UTF-16 index in the file, to point at another statement in a message */
  positionAt(index: number): Position;
}

export interface LintSettings {
  /** target Postgres major version */
  pgVersion: number;
  /** who applies the migrations; pgshift's own runner sets lock_timeout itself */
  appliedBy: 'pgshift' | 'other';
}

export interface RuleContext<Options = Record<string, unknown>> {
  readonly id: string;
  readonly options: Options;
  readonly settings: LintSettings;
  readonly migration: MigrationContext;
  /** the statement being visited; undefined only in Migration and Directive visitors */
  readonly current: StatementContext | undefined;
  /** schema knowledge as of just before the current statement */
  readonly schema: Resolver;
  /** session settings as of just before the current statement */
  readonly session: SessionState;
  /** resolve a relation name and say whether it is new in this scope */
  relation(rangeVar: RangeVar | undefined): RelationRef;
  report(descriptor: ReportDescriptor): void;
}

/** Engine events besides node types. */
export interface LifecycleVisitors {
  Migration?: () => void;
  'Migration:exit'?: () => void;
  Statement?: (statement: Statement) => void;
  'Statement:exit'?: (statement: Statement) => void;
  /** called for every directive comment after suppressions are resolved */
  Directive?: (directive: Directive, usage: DirectiveUsage) => void;
}

export type NodeVisitor<K extends NodeTag> = (node: NodeOf<K>, ancestors: readonly TaggedNode[]) => void;

export type Visitors = LifecycleVisitors & { [K in NodeTag]?: NodeVisitor<K> } & { [K in NodeTag as `${K}:exit`]?: NodeVisitor<K> };

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  create(context: RuleContext<Options>): Visitors;
}

/** Identity helper that gives rule modules their types. */
export function defineRule<Options = Record<string, unknown>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}
