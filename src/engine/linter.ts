/**
 * The engine: lints the migrations of one set in order. For each migration it
 * parses the text, walks every statement's tree once calling the visitors of
 * every enabled rule, replays the statement into the schema model, and then
 * applies suppression comments.
 */
import type { RangeVar } from 'libpg-query';
import { asNode } from '../parse/ast.js';
import { readDirectives } from '../parse/directives.js';
import { parseStatements, scanTokens, type ParseOutcome, type Statement, type Token } from '../parse/parse-sql.js';
import { SourceText, type Range } from '../parse/source-text.js';
import { walk, type WalkHandlers } from '../parse/walk.js';
import { statementLocks, type LockRequest } from '../model/locks.js';
import { replayStatement } from '../model/replay.js';
import { recordDeprecation, resolveDeprecation } from '../model/deprecations.js';
import { Resolver, type Position, type RelationRef } from '../model/resolve.js';
import { SchemaModel, type Origin, type ReleaseRef } from '../model/schema.js';
import { SessionState, setConfigCalls } from '../model/session.js';
import { TransactionTracker, type TransactionEvent, type TransactionPosition } from '../model/transactions.js';
import { buildResult, fatalResult, type LintMessage, type LintResult } from './results.js';
import { PGSHIFT_RUNNER, type Edit, type LintSettings, type MigrationContext, type PlanInput, type ReportDescriptor, type Rule, type RuleContext, type RunnerInfo, type Severity, type StatementContext, type TransactionPlan } from './rule.js';
import { applySuppressions } from './suppressions.js';

export interface RuleSetting {
  severity: Severity;
  options: Record<string, unknown>;
}

export interface EngineConfig {
  settings: LintSettings;
  /** a setting for every known rule id */
  rules: ReadonlyMap<string, RuleSetting>;
}

export interface MigrationSource {
  /** stable id: path relative to its set's folder, or a revision id */
  id: string;
  /** what reporters print (absolute for files) */
  filePath: string;
  text: string;
  /** the release it ships in; undefined without release configuration */
  release?: ReleaseRef;
  /** `down` for a migration that reverts one; up by default */
  direction?: 'up' | 'down';
  /** how its runner sends it, or how to work that out from its statements; without it, pgshift's own convention (`-- pgshift:no-transaction`) decides */
  transaction?: TransactionPlan | ((input: PlanInput) => TransactionPlan);
  /** the tool that applies it, for advice in messages; pgshift's own runner by default */
  runner?: RunnerInfo;
  /**
   * Part of a script run as one stream (Alembic's offline SQL): `first` starts it,
   * `next` continues the transactions of the migration before it, and `last`/`only`
   * ends it (an open transaction is checked only there).
   */
  stream?: 'first' | 'next' | 'last' | 'only';
}

/** A report before suppressions: where it points and what it says. */
export interface PendingReport {
  ruleId: string;
  severity: 1 | 2;
  messageId: string;
  message: string;
  range: Range;
  statement: Statement | undefined;
  suggestions: { desc: string; fix: { range: Range; text: string } }[];
}

type Handler = (...args: unknown[]) => void;

/**
 * A migration parsed and ready to lint. Preparing is the expensive part and
 * needs no schema history, so it can run ahead, on any thread.
 */
export interface PreparedMigration {
  source: MigrationSource;
  text: SourceText;
  parsed: ParseOutcome;
}

export function prepareMigration(source: MigrationSource): PreparedMigration {
  const text = new SourceText(source.text);
  return { source, text, parsed: parseStatements(text) };
}

/** What a set's linter carries from one migration to the next; plain data, so it can move between threads. */
export interface SetState {
  model: SchemaModel;
  nextTransactionId: number;
}

/** What a migration's rule contexts share while it is linted. */
interface MigrationRun {
  settings: LintSettings;
  migration: MigrationContext;
  resolver: Resolver;
  session: SessionState;
  text: SourceText;
  current: StatementContext | undefined;
  reports: PendingReport[];
}

/**
 * One rule's view of the migration being linted. A class rather than an object
 * literal: hundreds of thousands are made per corpus, and shared accessors on
 * the prototype keep each one small and cheap to create.
 */
class BoundRuleContext implements RuleContext {
  readonly #rule: Rule;
  readonly #severity: 1 | 2;
  readonly #run: MigrationRun;
  readonly options: Record<string, unknown>;

  constructor(rule: Rule, severity: 1 | 2, options: Record<string, unknown>, run: MigrationRun) {
    this.#rule = rule;
    this.#severity = severity;
    this.#run = run;
    this.options = options;
  }

  get id(): string {
    return this.#rule.meta.id;
  }
  get settings(): LintSettings {
    return this.#run.settings;
  }
  get migration(): MigrationContext {
    return this.#run.migration;
  }
  get current(): StatementContext | undefined {
    return this.#run.current;
  }
  get schema(): Resolver {
    return this.#run.resolver;
  }
  get session(): SessionState {
    return this.#run.session;
  }
  relation(rangeVar: RangeVar | undefined): RelationRef {
    return this.#run.resolver.relation(rangeVar);
  }
  report(descriptor: ReportDescriptor): void {
    const run = this.#run;
    run.reports.push(toPendingReport(this.#rule, this.#severity, descriptor, run.current, run.text.text));
  }
}

interface ActiveRule {
  rule: Rule;
  severity: 1 | 2;
  options: Record<string, unknown>;
}

export class MigrationSetLinter {
  model = new SchemaModel();
  readonly #config: EngineConfig;
  /** the rules that are on, with their severity and options resolved once */
  readonly #active: ActiveRule[] = [];
  readonly #knownRuleIds: ReadonlySet<string>;
  #nextTransactionId = 1;
  /** the transactions and session of a script that goes on in the next migration */
  #stream: { tracker: TransactionTracker; session: SessionState } | undefined;

  constructor(rules: readonly Rule[], config: EngineConfig, state?: SetState) {
    this.#config = config;
    this.#knownRuleIds = new Set(config.rules.keys());
    for (const rule of rules) {
      const setting = config.rules.get(rule.meta.id);
      if (!setting || setting.severity === 'off') continue;
      this.#active.push({ rule, severity: setting.severity === 'error' ? 2 : 1, options: setting.options });
    }
    if (state) {
      // A state that crossed threads arrives as plain objects: give the model its methods back.
      this.model = Object.assign(new SchemaModel(), state.model);
      this.#nextTransactionId = state.nextTransactionId;
    }
  }

  exportState(): SetState {
    return { model: this.model, nextTransactionId: this.#nextTransactionId };
  }

  lint(source: MigrationSource): LintResult {
    return this.lintPrepared(prepareMigration(source));
  }

  lintPrepared({ source, text, parsed }: PreparedMigration): LintResult {
    if (!parsed.ok) return fatalResult(source.filePath, parsed.error.message, text.positionAt(parsed.error.index));

    const statements = parsed.statements;
    const directives = readDirectives(text);
    const plan =
      typeof source.transaction === 'function'
        ? source.transaction({ statements, directives, pgVersion: this.#config.settings.pgVersion })
        : (source.transaction ?? pgshiftTransactionPlan({ statements, directives }));
    const runner = source.runner ?? PGSHIFT_RUNNER;
    const continues = source.stream === 'next' || source.stream === 'last';
    // A script runs on one connection: its settings and transactions go on from one migration to the next.
    const session = continues && this.#stream ? this.#stream.session : new SessionState();
    const tracker = continues && this.#stream ? this.#stream.tracker : new TransactionTracker(plan.mode, this.#nextTransactionId, statements.length, plan.sentTogether && queriesOf(statements, plan.sentTogether));
    tracker.continueIn();
    const position = { migration: source.id, release: source.release };
    const resolver = new Resolver(this.model, () => session.searchPath, () => position);
    // Deprecations are judged against the schema as it was before this migration.
    const deprecations = directives.flatMap((d) => (d.kind === 'deprecate' ? [resolveDeprecation(d, resolver)] : [])).filter((d) => d !== undefined);
    const migration: MigrationContext = {
      id: source.id,
      filePath: source.filePath,
      release: source.release,
      direction: source.direction ?? 'up',
      transaction: plan,
      runner,
      streamContinues: source.stream === 'first' || source.stream === 'next',
      finalTransaction: () => tracker.position,
      statements,
      directives,
      deprecations,
      positionAt: (index: number) => text.positionAt(index),
    };
    const run: MigrationRun = { settings: this.#config.settings, migration, resolver, session, text, current: undefined, reports: [] };
    const reports = run.reports;

    // Rules are created per migration, as ESLint creates them per file, so they may keep per-migration state.
    const handlers = new Map<string, Handler[]>();
    const exitHandlers = new Map<string, Handler[]>();
    for (const { rule, severity, options } of this.#active) {
      const visitors = rule.create(new BoundRuleContext(rule, severity, options, run)) as Record<string, Handler | undefined>;
      for (const key in visitors) {
        const visitor = visitors[key];
        if (!visitor) continue;
        const exit = key.endsWith(':exit');
        const map = exit ? exitHandlers : handlers;
        const tag = exit ? key.slice(0, -':exit'.length) : key;
        const list = map.get(tag);
        if (list) list.push(visitor);
        else map.set(tag, [visitor]);
      }
    }

    // The walk calls these for every node of every statement: no allocation per call.
    const dispatch = (map: Map<string, Handler[]>, key: string, first?: unknown, second?: unknown) => {
      const list = map.get(key);
      if (list !== undefined) for (let i = 0; i < list.length; i++) (list[i] as Handler)(first, second);
    };
    const call = (key: string, first?: unknown, second?: unknown) => dispatch(handlers, key, first, second);
    const walkHandlers: WalkHandlers = {
      enter: (tag, node, ancestors) => dispatch(handlers, tag, node, ancestors),
      exit: exitHandlers.size > 0 ? (tag, node, ancestors) => dispatch(exitHandlers, tag, node, ancestors) : undefined,
    };

    call('Migration');
    for (const statement of statements) {
      // The transaction is settled before the rules look: they see where the statement runs and what it changes.
      const before = tracker.position;
      const transaction = asNode(statement.node, 'TransactionStmt');
      const event = tracker.apply(transaction, statement.index, transaction && text.positionAt(statement.range[0]).line);
      run.current = statementContext(text, statement, before, event, resolver);
      call('Statement', statement);
      walk(statement.node, walkHandlers);
      dispatch(exitHandlers, 'Statement', statement);
      if (transaction && event.kind === 'end') session.endTransaction(event.ended, transaction.kind === 'TRANS_STMT_ROLLBACK');
      if (!transaction) advance(statement, before, session, resolver, position);
    }
    run.current = undefined;
    dispatch(exitHandlers, 'Migration');
    // Recorded after the rules ran, so a drop in this very migration does not count as deprecated earlier.
    for (const deprecation of deprecations) {
      recordDeprecation(deprecation, { migration: source.id, statement: -1, transaction: undefined, release: source.release }, resolver);
    }
    this.#nextTransactionId = tracker.nextId;
    this.#stream = source.stream === 'first' || source.stream === 'next' ? { tracker, session } : undefined;

    const { kept, suppressed, usage } = applySuppressions(reports, directives, statements, text, this.#knownRuleIds);
    // Directive checks run last, since whether a suppression was used is only known now; they cannot be suppressed.
    const firstDirectiveReport = reports.length;
    for (const directive of directives) call('Directive', directive, usage.get(directive));
    const afterDirectives = reports.slice(firstDirectiveReport);
    const messages = [...kept, ...afterDirectives].map((r) => toMessage(r, text));
    return buildResult(source.filePath, messages, suppressed.map(({ report, justification }) => ({ ...toMessage(report, text), suppressions: [{ kind: 'directive', justification }] })));
  }
}

/** pgshift's own runner: `-- pgshift:no-transaction` counts only before the first statement, where the runner reads it. */
export function pgshiftTransactionPlan({ directives, statements }: Pick<PlanInput, 'directives' | 'statements'>): TransactionPlan {
  const firstStatement = statements[0]?.range[0] ?? Infinity;
  const leading = directives.some((d) => d.kind === 'no-transaction' && d.range[0] < firstStatement);
  return leading ? { mode: 'none', declaredAutocommit: true, declaredBy: '`-- pgshift:no-transaction`' } : { mode: 'wrapped', declaredAutocommit: false };
}

/** Statements per query string, when the runner sends the text of each range as one query and every other statement on its own. */
function queriesOf(statements: readonly Statement[], sentTogether: readonly (readonly [number, number])[]): number[] {
  const queries: number[] = [];
  let range = 0;
  let inRange = 0;
  for (const { range: [start, end] } of statements) {
    while (range < sentTogether.length && (sentTogether[range] as readonly [number, number])[1] <= start) {
      if (inRange > 0) queries.push(inRange);
      inRange = 0;
      range++;
    }
    const together = sentTogether[range];
    if (together && together[0] <= start && end <= together[1]) inRange++;
    else queries.push(1);
  }
  if (inRange > 0) queries.push(inRange);
  return queries;
}

function statementContext(text: SourceText, statement: Statement, transaction: TransactionPosition, event: TransactionEvent, resolver: Resolver): StatementContext {
  let tokens: Token[] | undefined;
  let locks: LockRequest[] | undefined;
  const [start, end] = statement.range;
  return {
    statement,
    text: text.text.slice(start, end),
    transaction,
    transactionEvent: event,
    tokens: () => (tokens ??= scanTokens(text, statement.range) ?? []),
    locks: () => (locks ??= statementLocks(statement, resolver)),
    rewrite: (edits: readonly Edit[]) => applyEdits(text.text, edits.filter((e) => e.range[0] >= start && e.range[1] <= end), start, end),
    indexOfLocation: (location: number | undefined) => (location === undefined ? start : text.indexFromByte(location)),
  };
}

/** Bring the replayed state past a statement that is not transaction control: session settings, schema. */
function advance(statement: Statement, position: TransactionPosition, session: SessionState, resolver: Resolver, at: Position): void {
  const origin: Origin = { migration: at.migration, statement: statement.index, transaction: position.id, release: at.release };
  const set = asNode(statement.node, 'VariableSetStmt');
  if (set) return session.applySet(set, position.id);
  if (statement.tag === 'SelectStmt') {
    for (const call of setConfigCalls(statement.node)) session.applySetConfig(call, position.id);
    // Only SELECT … INTO changes the schema.
    if (asNode(statement.node, 'SelectStmt')?.intoClause === undefined) return;
  }
  replayStatement(statement, origin, resolver);
}

function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (data && key in data ? String(data[key]) : match));
}

function toPendingReport(rule: Rule, severity: 1 | 2, descriptor: ReportDescriptor, current: StatementContext | undefined, source: string): PendingReport {
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${descriptor.messageId}"`);
  const range = descriptor.range ?? current?.statement.range ?? [0, 0];
  return {
    ruleId: rule.meta.id,
    severity,
    messageId: descriptor.messageId,
    message: interpolate(template, descriptor.data),
    range,
    statement: current?.statement,
    suggestions: (descriptor.suggestions ?? []).map((s) => ({ desc: s.desc, fix: mergeEdits(source, s.edits) })),
  };
}

function toMessage(report: PendingReport, text: SourceText): LintMessage {
  const loc = text.locationOf(report.range);
  const message: LintMessage = {
    ruleId: report.ruleId,
    severity: report.severity,
    message: report.message,
    messageId: report.messageId,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    nodeType: report.statement?.tag ?? null,
  };
  if (report.suggestions.length > 0) {
    message.suggestions = report.suggestions.map((s) => ({ desc: s.desc, fix: { range: s.fix.range, text: s.fix.text } }));
  }
  return message;
}

/** Several edits as the single replacement ESLint's fix format allows: the span they cover, rewritten. */
function mergeEdits(source: string, edits: readonly Edit[]): { range: Range; text: string } {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return { range: [0, 0], text: '' };
  const range: Range = [first.range[0], last.range[1]];
  return { range, text: applyEdits(source, sorted, range[0], range[1]) };
}

/** Apply non-overlapping edits to text[start, end). */
export function applyEdits(text: string, edits: readonly Edit[], start = 0, end = text.length): string {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  let out = '';
  let cursor = start;
  for (const edit of sorted) {
    out += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return out + text.slice(cursor, end);
}
