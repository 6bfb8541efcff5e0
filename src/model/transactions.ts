/**
 * Which transaction each statement of a migration runs in, given how the
 * migration is run and the BEGIN/COMMIT it contains.
 */
import type { TransactionStmt } from 'libpg-query';

/**
 * `wrapped`: the runner opens a transaction around the whole migration (the default).
 * `none`: the runner sends each statement on its own, in autocommit.
 */
export type TransactionMode = 'wrapped' | 'none';

export interface TransactionPosition {
  /** id of the transaction the statement runs in; undefined in autocommit */
  id: number | undefined;
  /** the transaction was opened by a BEGIN in the file, not by the runner */
  explicit: boolean;
}

export type TransactionEvent =
  | { kind: 'begin'; nested: boolean }
  | { kind: 'end'; ended: number | undefined; closedRunnerTransaction: boolean; withoutTransaction: boolean }
  | { kind: 'other' };

export class TransactionTracker {
  readonly mode: TransactionMode;
  #current: number | undefined;
  #explicit = false;
  /** BEGINs Postgres ignored ("already a transaction in progress") whose COMMIT is still to come */
  #ignoredBegins = 0;
  #nextId: number;
  /** an explicit BEGIN that has not been closed yet, for the end-of-file check */
  openedAt: number | undefined;

  constructor(mode: TransactionMode, firstId: number) {
    this.mode = mode;
    this.#nextId = firstId;
    if (mode === 'wrapped') this.#current = this.#nextId++;
  }

  get position(): TransactionPosition {
    return { id: this.#current, explicit: this.#explicit };
  }

  get nextId(): number {
    return this.#nextId;
  }

  /** Advance past a transaction-control statement and say what it did. */
  apply(statement: TransactionStmt, statementIndex: number): TransactionEvent {
    switch (statement.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
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
        const closedRunnerTransaction = ended !== undefined && !this.#explicit && this.#ignoredBegins === 0;
        if (this.#ignoredBegins > 0) this.#ignoredBegins--;
        // COMMIT AND CHAIN starts a new transaction at once.
        this.#current = statement.chain && ended !== undefined ? this.#nextId++ : undefined;
        if (this.#current === undefined) {
          this.#explicit = false;
          this.openedAt = undefined;
        }
        return { kind: 'end', ended, closedRunnerTransaction, withoutTransaction: ended === undefined };
      }
      default:
        return { kind: 'other' };
    }
  }
}
