import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Origin } from '../src/model/schema.js';
import { describeLock } from '../src/model/locks.js';
import { quoteIdent } from '../src/parse/ast.js';
import { alteredLiveTable, validateConstraint } from './support/constraints.js';
import { asStatement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'validate-constraint-separately',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Validate a NOT VALID constraint in a later migration than the one that added it, never in the same transaction.',
      category: 'constraint',
    },
    messages: {
      sameTransaction:
        'VALIDATE CONSTRAINT {{name}} runs in the same transaction as the ADD … NOT VALID {{where}}. The lock that ADD took, {{lock}}, is held until the transaction ends, so it covers the whole validation scan, which defeats NOT VALID. Let the ADD commit on its own and move {{validate}} to a later migration.',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredLiveTable(context, node);
        const transaction = altered?.statement.transaction.id;
        if (!altered || transaction === undefined) return;
        const { table, commands } = altered;
        for (const { cmd } of commands) {
          if (cmd.subtype !== 'AT_ValidateConstraint' || !cmd.name) continue;
          const constraint = table.table?.constraints.get(cmd.name);
          if (!constraint || constraint.validated || constraint.added.transaction !== transaction) continue;
          const lock =
            constraint.kind === 'foreign key'
              ? `${describeLock('SHARE ROW EXCLUSIVE', table.text)} and the same on the referenced table`
              : describeLock('ACCESS EXCLUSIVE', table.text);
          context.report({
            messageId: 'sameTransaction',
            data: { name: quoteIdent(constraint.name), where: addedWhere(context, constraint.added), lock, validate: asStatement(validateConstraint(table, constraint.name)) },
          });
        }
      },
    };
  },
});

/** "at line 3 of this migration", or "in 20240101_add_fk.sql" when one transaction spans migrations. */
function addedWhere(context: RuleContext, added: Origin): string {
  if (added.migration !== context.migration.id) return `in ${added.migration}`;
  const statement = context.migration.statements[added.statement];
  return statement ? `at line ${context.migration.positionAt(statement.range[0]).line} of this migration` : 'earlier in this migration';
}
