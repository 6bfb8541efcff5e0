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
import type { TransactionEvent, TransactionMode, TransactionPosition } from '../model/transactions.js';
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
  /** where the statement runs: the transaction open just before it */
  readonly transaction: TransactionPosition;
  /** what the statement does to transactions (BEGIN, COMMIT, …); `other` for any other statement */
  readonly transactionEvent: TransactionEvent;
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
  /** `down` for a migration that reverts one (`--include-down`) */
  readonly direction: 'up' | 'down';
  /** its `-- pgshift:deprecate` directives, resolved against the schema before it */
  readonly deprecations: readonly ResolvedDeprecation[];
  /** how the runner sends the migration, and whether the migration declared it must run outside a transaction */
  readonly transaction: TransactionPlan;
  /** the tool that applies it, for advice in messages */
  readonly runner: RunnerInfo;
  /** a script that goes on in the next migration (Alembic's offline SQL): a transaction may stay open at the end */
  readonly streamContinues: boolean;
  /** the transaction state after the last statement */
  finalTransaction(): TransactionPosition;
  readonly statements: readonly Statement[];
  readonly directives: readonly Directive[];
  /** 1-based line and column of a UTF-16 index in the file, to point at another statement in a message */
  positionAt(index: number): Position;
}

/** How a runner sends a migration: see TransactionMode. */
export interface TransactionPlan {
  mode: TransactionMode;
  /** the migration declares it must run outside a transaction (the policy then keeps it to what requires that) */
  declaredAutocommit: boolean;
  /** how it declared that, as messages quote it: "`-- +goose NO TRANSACTION`", "`.autocommit.` in its file name" */
  declaredBy?: string;
  /** in `none` mode, text ranges (UTF-16) the runner sends as one query string each, such as goose's StatementBegin … StatementEnd blocks */
  sentTogether?: readonly (readonly [number, number])[];
  /** the runner refuses a migration without a transaction that holds anything else, session settings included; says so for messages */
  refusesMixed?: string;
}

/** What a runner's plan may depend on: some runners look at the statements (Flyway) or the server version. */
export interface PlanInput {
  statements: readonly Statement[];
  directives: readonly Directive[];
  pgVersion: number;
}

/** The tool that applies the migrations, as messages need it. */
export interface RunnerInfo {
  /** its name: `pgshift`, `goose`, `Flyway`, … */
  tool: string;
  /** where a statement that must run outside a transaction goes, completing "Move it to …" */
  outsideTransaction: string;
  /** how one migration tells this runner not to open its transaction; undefined when it cannot (golang-migrate, Prisma) */
  optOut?: RunnerOptOut;
}

export interface RunnerOptOut {
  /** the instruction, completing "…, so <tool> runs it outside a transaction": "Make `-- pgshift:no-transaction` the first line of this migration" */
  instruction: string;
  /** the same as an edit of this migration's text, when it lives in the text */
  edit?: Edit;
  /** the runner then sends the migration as one query string, so it must hold a single statement to run in autocommit */
  singleQuery: boolean;
}

export const PGSHIFT_NO_TRANSACTION = '-- pgshift:no-transaction';

export const PGSHIFT_RUNNER: RunnerInfo = {
  tool: 'pgshift',
  outsideTransaction: `a migration of its own whose first line is \`${PGSHIFT_NO_TRANSACTION}\``,
  optOut: {
    instruction: `Make \`${PGSHIFT_NO_TRANSACTION}\` the first line of this migration`,
    edit: { range: [0, 0], text: `${PGSHIFT_NO_TRANSACTION}\n` },
    singleQuery: false,
  },
};

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
