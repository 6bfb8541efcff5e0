import { defineRule, type Edit, type MigrationContext } from '../src/engine/rule.js';
import { asNode, stringConstant } from '../src/parse/ast.js';
import { setConfigCalls } from '../src/model/session.js';
import { describeLock, lockStrength } from '../src/model/locks.js';

/** Locks up to this one let reads and writes through even while they wait in the queue. */
const STRONGEST_HARMLESS_WAIT = lockStrength('SHARE UPDATE EXCLUSIVE');

const SET_TIMEOUT = "SET lock_timeout = '2s';";

export default defineRule({
  meta: {
    id: 'set-lock-timeout',
    type: 'problem',
    defaultSeverity: 'warn',
    docs: {
      description: 'Set lock_timeout before a statement that waits for a lock that blocks traffic on an existing table.',
      category: 'locking',
    },
    messages: {
      missingTimeout:
        'This statement waits for {{lock}} with no lock_timeout in effect. While a long-running transaction holds any lock on {{table}}, the statement waits in the lock queue, and every later query that conflicts with it queues behind it: even an instant change stops that traffic for as long as it waits. Put `' +
        SET_TIMEOUT +
        '` {{placement}}, so the statement gives up after 2 seconds instead, and retry the migration when it times out.',
    },
    hasSuggestions: true,
  },
  create(context) {
    // pgshift's own runner sets lock_timeout for every migration it applies.
    if (context.settings.appliedBy === 'pgshift') return {};
    let reported = false;
    /** an earlier statement set or reset lock_timeout, so a SET at the top may not reach the statement */
    let changedEarlier = false;
    return {
      'Statement:exit'(statement) {
        // The same statements the session model reads settings from.
        const set = asNode(statement.node, 'VariableSetStmt');
        if (set && (set.name?.toLowerCase() === 'lock_timeout' || set.kind === 'VAR_RESET_ALL')) changedEarlier = true;
        if (setConfigCalls(statement.node).some((call) => stringConstant(call.args?.[0])?.toLowerCase() === 'lock_timeout')) changedEarlier = true;
      },
      Statement(statement) {
        if (reported || context.session.hasTimeout('lock_timeout')) return;
        // NOWAIT fails at once instead of queueing.
        if (asNode(statement.node, 'LockStmt')?.nowait) return;
        const blocking = context.current
          ?.locks()
          .find((request) => !request.relation.isNew && lockStrength(request.mode) > STRONGEST_HARMLESS_WAIT);
        if (!blocking) return;
        reported = true;
        const atTop = !changedEarlier;
        context.report({
          messageId: 'missingTimeout',
          data: {
            lock: describeLock(blocking.mode, blocking.relation.text),
            table: blocking.relation.text,
            placement: !atTop
              ? 'right before this statement: an earlier statement of this migration changes lock_timeout, but no timeout is in effect here'
              : context.migration.transaction.mode === 'wrapped'
                ? "as the first statement of this migration (the runner's transaction wraps the migration; `SET LOCAL lock_timeout = '2s';` keeps the setting to that transaction)"
                : 'as the first statement of this migration (it lasts for the rest of the session)',
          },
          suggestions: [
            atTop
              ? { desc: 'Set lock_timeout at the top of the migration', edits: [timeoutInsertion(context.migration)] }
              : { desc: 'Set lock_timeout right before this statement', edits: [{ range: [statement.range[0], statement.range[0]], text: `${SET_TIMEOUT}\n` }] },
          ],
        });
      },
    };
  },
});

/**
 * `SET lock_timeout` before the first statement, below the directives that
 * must stay on top (`-- pgshift:no-transaction` and file-wide suppressions).
 * A disable-next-line directive belongs to the line after it, so the SET goes
 * above the first one.
 */
function timeoutInsertion(migration: MigrationContext): Edit {
  const firstStatement = migration.statements[0]?.range[0] ?? 0;
  let after: number | undefined;
  for (const directive of migration.directives) {
    if (directive.range[0] >= firstStatement) break;
    if (directive.kind === 'suppression' && directive.scope === 'next-line') break;
    after = directive.range[1];
  }
  if (after === undefined) return { range: [0, 0], text: `${SET_TIMEOUT}\n` };
  return { range: [after, after], text: `\n${SET_TIMEOUT}` };
}
