/**
 * The transaction tracker: which transaction each statement runs in, given
 * how the runner runs the migration and the transaction control it contains.
 * The behaviour modelled is PostgreSQL's: a BEGIN inside a transaction is
 * ignored with a warning, and a COMMIT outside one only warns.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { defineRule } from '../src/engine/rule.js';
import { TransactionTracker, type TransactionEvent, type TransactionMode } from '../src/model/transactions.js';
import { asNode } from '../src/parse/ast.js';
import { loadParser, parseStatements } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';

beforeAll(loadParser);

/** Apply each statement of `sql` and return the events and the position after each. */
function track(mode: TransactionMode, sql: string, firstId = 10) {
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const tracker = new TransactionTracker(mode, firstId, parsed.statements.length);
  const steps = parsed.statements.map((statement) => {
    const event: TransactionEvent = tracker.apply(asNode(statement.node, 'TransactionStmt'), statement.index);
    return { event, position: tracker.position, openedAt: tracker.openedAt };
  });
  return { tracker, steps };
}

describe('TransactionTracker', () => {
  it('starts in the runner’s transaction in a wrapped migration', () => {
    const tracker = new TransactionTracker('wrapped', 10);
    expect(tracker.position).toEqual({ id: 10, explicit: false });
    expect(tracker.nextId).toBe(11);
  });

  it('starts in autocommit in a migration without a transaction', () => {
    const tracker = new TransactionTracker('none', 10);
    expect(tracker.position).toEqual({ id: undefined, explicit: false });
    expect(tracker.nextId).toBe(10);
  });

  it('opens and closes explicit transactions', () => {
    const { steps, tracker } = track('none', 'BEGIN; COMMIT; START TRANSACTION; ROLLBACK;');
    expect(steps.map((s) => s.event)).toEqual([
      { kind: 'begin', nested: false },
      { kind: 'end', ended: 10, closedRunnerTransaction: false, withoutTransaction: false },
      { kind: 'begin', nested: false },
      { kind: 'end', ended: 11, closedRunnerTransaction: false, withoutTransaction: false },
    ]);
    expect(steps.map((s) => s.position)).toEqual([
      { id: 10, explicit: true, openedAt: 0 },
      { id: undefined, explicit: false, openedAt: undefined },
      { id: 11, explicit: true, openedAt: 2 },
      { id: undefined, explicit: false, openedAt: undefined },
    ]);
    expect(steps.map((s) => s.openedAt)).toEqual([0, undefined, 2, undefined]);
    expect(tracker.nextId).toBe(12);
  });

  it('ignores a BEGIN inside the runner’s transaction, whose COMMIT then ends the runner’s transaction', () => {
    const { steps } = track('wrapped', 'BEGIN; COMMIT; COMMIT;');
    expect(steps.map((s) => s.event)).toEqual([
      { kind: 'begin', nested: true },
      // Paired with the ignored BEGIN: the file's mistake is the BEGIN, not this COMMIT.
      { kind: 'end', ended: 10, closedRunnerTransaction: false, withoutTransaction: false },
      { kind: 'end', ended: undefined, closedRunnerTransaction: false, withoutTransaction: true },
    ]);
    expect(steps[0]?.position).toEqual({ id: 10, explicit: false });
  });

  it('says when a COMMIT or ROLLBACK ends the runner’s transaction', () => {
    const { steps } = track('wrapped', 'COMMIT; BEGIN; ROLLBACK;');
    expect(steps.map((s) => s.event)).toEqual([
      { kind: 'end', ended: 10, closedRunnerTransaction: true, withoutTransaction: false },
      { kind: 'begin', nested: false },
      { kind: 'end', ended: 11, closedRunnerTransaction: false, withoutTransaction: false },
    ]);
  });

  it('ignores a nested BEGIN in an explicit transaction; the first COMMIT ends it', () => {
    const { steps } = track('none', 'BEGIN; BEGIN; COMMIT; COMMIT;');
    expect(steps.map((s) => s.event.kind === 'end' && s.event.withoutTransaction)).toEqual([false, false, false, true]);
    expect(steps[1]?.event).toEqual({ kind: 'begin', nested: true });
    expect(steps[1]?.openedAt).toBe(0);
    expect(steps[2]?.position).toEqual({ id: undefined, explicit: false });
  });

  it('starts the next transaction at once on AND CHAIN', () => {
    const none = track('none', 'BEGIN; COMMIT AND CHAIN; ROLLBACK AND CHAIN; COMMIT;');
    expect(none.steps.map((s) => s.position)).toEqual([
      { id: 10, explicit: true, openedAt: 0 },
      { id: 11, explicit: true, openedAt: 0 },
      { id: 12, explicit: true, openedAt: 0 },
      { id: undefined, explicit: false, openedAt: undefined },
    ]);
    expect(none.steps[2]?.openedAt).toBe(0);
    const wrapped = track('wrapped', 'COMMIT AND CHAIN;');
    expect(wrapped.steps[0]?.event).toEqual({ kind: 'end', ended: 10, closedRunnerTransaction: true, withoutTransaction: false });
    expect(wrapped.steps[0]?.position).toEqual({ id: 11, explicit: false, openedAt: undefined });
  });

  it('does not chain from no transaction at all', () => {
    const { steps } = track('none', 'COMMIT AND CHAIN;');
    expect(steps[0]?.event).toEqual({ kind: 'end', ended: undefined, closedRunnerTransaction: false, withoutTransaction: true });
    expect(steps[0]?.position).toEqual({ id: undefined, explicit: false });
  });

  it('ends the transaction on PREPARE TRANSACTION', () => {
    const { steps } = track('none', "BEGIN; PREPARE TRANSACTION 'tx1';");
    expect(steps[1]?.event).toEqual({ kind: 'end', ended: 10, closedRunnerTransaction: false, withoutTransaction: false });
  });

  it('runs a lone statement of a single-query migration in autocommit', () => {
    const { steps } = track('single-query', 'CREATE INDEX CONCURRENTLY i ON t (a);');
    expect(steps[0]?.position).toEqual({ id: undefined, explicit: false, openedAt: undefined });
  });

  it('runs a multi-statement single query in one implicit block, which BEGIN makes explicit and COMMIT ends', () => {
    const { steps } = track('single-query', 'SELECT 1; SELECT 2; COMMIT; SELECT 3; BEGIN; SELECT 4; COMMIT;');
    // Positions after each statement.
    expect(steps.map((s) => [s.position.id, s.position.explicit])).toEqual([
      [10, false],
      [10, false],
      // The COMMIT ends the implicit block and the statements after it start another.
      [11, false],
      [11, false],
      [11, true],
      [11, true],
      // Nothing follows the last COMMIT, so no new block opens.
      [undefined, false],
    ]);
    expect(steps[2]?.event).toEqual({ kind: 'end', ended: 10, closedRunnerTransaction: false, withoutTransaction: false });
    expect(steps[4]?.event).toEqual({ kind: 'begin', nested: false });
    expect(steps[4]?.openedAt).toBe(4);
  });

  it('runs each query string of several statements in its own implicit block, and a BEGIN inside one outlives it', () => {
    const parsed = parseStatements(new SourceText('SELECT 1; SELECT 2; SELECT 3; SELECT 4; BEGIN; SELECT 5; SELECT 6; COMMIT;'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    // Sent as: [1, 2], [3], [4, BEGIN], [5], [6, COMMIT]
    const tracker = new TransactionTracker('none', 10, parsed.statements.length, [2, 1, 2, 1, 2]);
    const before = parsed.statements.map((statement) => {
      const position = tracker.position.id;
      tracker.apply(asNode(statement.node, 'TransactionStmt'), statement.index);
      return position;
    });
    expect(before).toEqual([10, 10, undefined, 11, 11, 11, 11, 11]);
    expect(tracker.position.id).toBeUndefined();
  });

  it('leaves the transaction alone for savepoints and prepared transactions of other sessions', () => {
    const { steps } = track('wrapped', "SAVEPOINT a; RELEASE SAVEPOINT a; ROLLBACK TO SAVEPOINT a; COMMIT PREPARED 'x'; ROLLBACK PREPARED 'y';");
    expect(steps.map((s) => s.event.kind)).toEqual(['other', 'other', 'other', 'other', 'other']);
    expect(steps.every((s) => s.position.id === 10)).toBe(true);
  });
});

describe('transactions seen by rules', () => {
  interface Seen {
    text: string;
    transaction: { id: number | undefined; explicit: boolean };
    lockTimeout: string | undefined;
  }

  function lintAll(sources: string[]): Seen[][] {
    const seen: Seen[][] = [];
    const probe = defineRule({
      meta: { id: 'probe', type: 'problem', defaultSeverity: 'error', docs: { description: 'Records what rules see.', category: 'transaction' }, messages: {} },
      create(context) {
        return {
          Migration: () => void seen.push([]),
          Statement() {
            const current = context.current;
            if (current) seen[seen.length - 1]?.push({ text: current.text, transaction: current.transaction, lockTimeout: context.session.get('lock_timeout') });
          },
        };
      },
    });
    const linter = new MigrationSetLinter([probe], {
      settings: { pgVersion: 15, appliedBy: 'other' },
      rules: new Map([['probe', { severity: 'error', options: {} }]]),
    });
    sources.forEach((text, i) => linter.lint({ id: `m${i}.sql`, filePath: `m${i}.sql`, text }));
    return seen;
  }

  it('gives each statement the transaction as of just before it, with ids unique across the set', () => {
    const [first, second] = lintAll(['SELECT 1; SELECT 2;', '-- pgshift:no-transaction\nSELECT 3; BEGIN; SELECT 4; COMMIT; SELECT 5;']);
    expect(first?.map((s) => s.transaction)).toEqual([
      { id: 1, explicit: false },
      { id: 1, explicit: false },
    ]);
    expect(second?.map((s) => [s.text, s.transaction.id, s.transaction.explicit])).toEqual([
      ['SELECT 3', undefined, false],
      ['BEGIN', undefined, false],
      ['SELECT 4', 2, true],
      ['COMMIT', 2, true],
      ['SELECT 5', undefined, false],
    ]);
  });

  it('keeps SET LOCAL until the end of its transaction', () => {
    const [seen] = lintAll(["SET LOCAL lock_timeout = '2s'; SELECT 1; COMMIT; SELECT 2;"]);
    expect(seen?.map((s) => s.lockTimeout)).toEqual([undefined, '2s', '2s', undefined]);
  });

  it('ignores SET LOCAL and set_config(…, true) in autocommit, where they last for their own statement', () => {
    const [seen] = lintAll(["-- pgshift:no-transaction\nSET LOCAL lock_timeout = '2s'; SELECT set_config('lock_timeout', '3s', true); SELECT 1;"]);
    expect(seen?.map((s) => s.lockTimeout)).toEqual([undefined, undefined, undefined]);
  });

  it('keeps a session SET past the end of the transaction', () => {
    const [seen] = lintAll(["-- pgshift:no-transaction\nBEGIN; SET lock_timeout = '2s'; SELECT set_config('statement_timeout', '1s', false); COMMIT; SELECT 1;"]);
    expect(seen?.map((s) => s.lockTimeout)).toEqual([undefined, undefined, '2s', '2s', '2s']);
  });
});
