import { defineRule } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { alteredLiveTable, constraintRange, locateConstraint } from './support/constraints.js';

export default defineRule({
  meta: {
    id: 'no-exclusion-constraint',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not add EXCLUDE constraints to existing tables: their index is built under an ACCESS EXCLUSIVE lock and cannot be built concurrently.',
      category: 'constraint',
    },
    messages: {
      addExclusion:
        'ADD … EXCLUDE builds the constraint\'s index on {{table}} while holding {{lock}}, for the whole build, and exclusion constraints have no USING INDEX form, so the index cannot be built concurrently beforehand. Either create a new table with the constraint, copy the rows over in batches (keeping it in step with a trigger) and switch to it; or run this in a maintenance window, with lock_timeout set so that it gives up rather than queue traffic behind it.',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredLiveTable(context, node);
        if (!altered) return;
        const { statement, table, commands } = altered;
        for (const { constraint } of commands) {
          if (constraint?.contype !== 'CONSTR_EXCLUSION') continue;
          const located = locateConstraint(statement, constraint);
          context.report({
            messageId: 'addExclusion',
            ...(located ? { range: constraintRange(located) } : {}),
            data: { table: table.text, lock: describeLock('ACCESS EXCLUSIVE', table.text) },
          });
        }
      },
    };
  },
});
