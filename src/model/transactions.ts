/**
 * Which transaction each statement of a migration runs in, given how the
 * runner sends the migration and the BEGIN/COMMIT it contains.
 */
import type { TransactionStmt } from 'libpg-query';

/**
 * How the runner sends a migration to Postgres:
 * - `wrapped`: inside a transaction it opens around the whole migration (pgshift's default, goose, dbmate, sqlx, diesel, Flyway, popx).
 * - `none`: statement by statement, each in autocommit unless the file opens a transaction (`-- pgshift:no-transaction`, goose `NO TRANSACTION`, psql -f).
 * - `single-query`: the whole migration as one query string with no transaction of its own (golang-migrate, Prisma, dbmate `transaction:false`, …).
 *   Postgres runs such a string as one implicit transaction block as soon as it holds two or more statements ("Multiple Statements in a Simple Query").
 * - `script`: statement by statement, and the text itself says where transactions start and end, possibly across migrations (Alembic's offline SQL).
 */
export type TransactionMode = 'wrapped' | 'none' | 'single-query' | 'script';

export interface TransactionPosition {
  /** id of the transaction the statement runs in; undefined in autocommit */
  id: number | undefined;
  /** the transaction was opened by a BEGIN in the text, not by the runner or an implicit block */
  explicit: boolean;
  /** for an explicit transaction, the index of the BEGIN statement in its migration (undefined when it began in an earlier migration of a script) */
  openedAt: number | undefined;
  /** for an explicit transaction, the line of its BEGIN in the file, which a script shares across migrations */
  openedAtLine?: number | undefined;
  /** the implicit block Postgres opens around a query string of several statements */
  implicit?: true;
}

export type TransactionEvent =
  | { kind: 'begin'; nested: boolean }
  | { kind: 'end'; ended: number | undefined; closedRunnerTransaction: boolean; withoutTransaction: boolean }
  | { kind: 'other' };

export class TransactionTracker {
  readonly mode: TransactionMode;
  #current: number | undefined;
  #explicit = false;
  /** the open transaction is the implicit block of a query of several statements */
  #implicit = false;
  /** BEGINs Postgres ignored ("already a transaction in progress") whose COMMIT is still to come */
  #ignoredBegins = 0;
  #nextId: number;
  /** statements per query string, in order, when the runner sends several statements as one query */
  readonly #queries: readonly number[];
  #query = 0;
  /** statements of the current query not yet applied */
  #leftInQuery: number;
  /** an explicit BEGIN that has not been closed yet, for the end-of-migration check */
  openedAt: number | undefined;
  #openedAtLine: number | undefined;

  /**
   * `queries`: how many statements each query string the runner sends holds, in
   * order. Without it a `single-query` migration is one query of all its
   * `statements`, and in the other modes every statement is sent on its own.
   */
  constructor(mode: TransactionMode, firstId: number, statements = 0, queries?: readonly number[]) {
    this.mode = mode;
    this.#nextId = firstId;
    this.#queries = queries ?? (mode === 'single-query' ? [statements] : []);
    this.#leftInQuery = this.#queries[0] ?? 1;
    if (mode === 'wrapped') this.#current = this.#nextId++;
    else this.#startImplicitBlock();
  }

  get position(): TransactionPosition {
    if (this.#implicit) return { id: this.#current, explicit: false, openedAt: undefined, implicit: true };
    if (!this.#explicit) return { id: this.#current, explicit: false, openedAt: undefined };
    return { id: this.#current, explicit: true, openedAt: this.openedAt, openedAtLine: this.#openedAtLine };
  }

  get nextId(): number {
    return this.#nextId;
  }

  /** Continue a script in the next migration: its statement indexes start again at 0. */
  continueIn(): void {
    this.openedAt = undefined;
  }

  /** Advance past a statement (on `line` of the file) and say what it did to transactions. Call it for every statement, in order. */
  apply(statement: TransactionStmt | undefined, statementIndex: number, line?: number): TransactionEvent {
    const event = statement ? this.#control(statement, statementIndex) : OTHER;
    if (event.kind === 'begin' && !event.nested) this.#openedAtLine = line;
    this.#leftInQuery--;
    if (this.#leftInQuery <= 0) this.#endQuery();
    return event;
  }

  #control(statement: TransactionStmt, statementIndex: number): TransactionEvent {
    switch (statement.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        if (this.#current !== undefined && this.#implicit) {
          // A BEGIN inside a multi-statement query turns its implicit block into a regular one.
          this.#implicit = false;
          this.#explicit = true;
          this.openedAt = statementIndex;
          return { kind: 'begin', nested: false };
        }
        if (this.#current !== undefined) {
          this.#ignoredBegins++;
          return { kind: 'begin', nested: true };
        }
        this.#current = this.#nextId++;
        this.#explicit = true;
        this.openedAt = statementIndex;
        return { kind: 'begin', nested: false };
      case 'TRANS_STMT_COMMIT':
      case 'TRANS_STMT_ROLLBACK':
      case 'TRANS_STMT_PREPARE': {
        const ended = this.#current;
        const closedRunnerTransaction = ended !== undefined && this.mode === 'wrapped' && !this.#explicit && this.#ignoredBegins === 0;
        if (this.#ignoredBegins > 0) this.#ignoredBegins--;
        // COMMIT AND CHAIN starts a new transaction at once.
        this.#current = statement.chain && ended !== undefined ? this.#nextId++ : undefined;
        if (this.#current === undefined) {
          this.#explicit = false;
          this.#implicit = false;
          this.openedAt = undefined;
          // The rest of a multi-statement query runs in a new implicit block.
          if (this.#leftInQuery > 1) this.#startImplicitBlock(this.#leftInQuery - 1);
        }
        return { kind: 'end', ended, closedRunnerTransaction, withoutTransaction: ended === undefined };
      }
      default:
        return OTHER;
    }
  }

  /** The query is done: Postgres commits its implicit block; the next query starts. */
  #endQuery(): void {
    if (this.#implicit) {
      this.#current = undefined;
      this.#implicit = false;
    }
    this.#query++;
    this.#leftInQuery = this.#queries[this.#query] ?? 1;
    this.#startImplicitBlock();
  }

  /** Postgres runs a query of two or more statements in an implicit block unless a transaction is open. */
  #startImplicitBlock(statements = this.#leftInQuery): void {
    if (statements < 2 || this.#current !== undefined) return;
    this.#current = this.#nextId++;
    this.#implicit = true;
  }
}

const OTHER: TransactionEvent = { kind: 'other' };
