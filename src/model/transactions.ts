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
}

export type TransactionEvent =
  | { kind: 'begin'; nested: boolean }
  | { kind: 'end'; ended: number | undefined; closedRunnerTransaction: boolean; withoutTransaction: boolean }
  | { kind: 'other' };

export class TransactionTracker {
  readonly mode: TransactionMode;
  #current: number | undefined;
  #explicit = false;
  /** the open transaction is an implicit block of a multi-statement query */
  #implicit = false;
  /** BEGINs Postgres ignored ("already a transaction in progress") whose COMMIT is still to come */
  #ignoredBegins = 0;
  #nextId: number;
  /** a single-query migration of two or more statements: every statement outside an explicit block runs in an implicit one */
  #multiStatement: boolean;
  /** statements still to run: none left, no new implicit block */
  #remaining: number;
  /** an explicit BEGIN that has not been closed yet, for the end-of-migration check */
  openedAt: number | undefined;

  /** `statements`: how many statements the migration holds (single-query mode needs it) */
  constructor(mode: TransactionMode, firstId: number, statements = 0) {
    this.mode = mode;
    this.#nextId = firstId;
    this.#remaining = statements;
    this.#multiStatement = mode === 'single-query' && statements > 1;
    if (mode === 'wrapped') this.#current = this.#nextId++;
    if (mode === 'single-query') this.#startImplicitBlock();
  }

  get position(): TransactionPosition {
    return { id: this.#current, explicit: this.#explicit, openedAt: this.#explicit ? this.openedAt : undefined };
  }

  get nextId(): number {
    return this.#nextId;
  }

  /** Continue a script in the next migration: its statement indexes start again at 0. */
  continueIn(): void {
    this.openedAt = undefined;
  }

  /** Advance past a statement and say what it did to transactions. */
  apply(statement: TransactionStmt | undefined, statementIndex: number): TransactionEvent {
    this.#remaining--;
    if (!statement) return { kind: 'other' };
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
          // In a multi-statement query, the statements after a COMMIT start a new implicit block.
          if (this.mode === 'single-query') this.#startImplicitBlock();
        }
        return { kind: 'end', ended, closedRunnerTransaction, withoutTransaction: ended === undefined };
      }
      default:
        return { kind: 'other' };
    }
  }

  #startImplicitBlock(): void {
    if (!this.#multiStatement || this.#remaining <= 0 || this.#current !== undefined) return;
    this.#current = this.#nextId++;
    this.#implicit = true;
  }
}
