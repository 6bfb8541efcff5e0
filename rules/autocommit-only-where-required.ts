import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Statement } from '../src/parse/parse-sql.js';
import { isSessionSetting, isTransactionControl, lineOf, requirementOf } from './support/transactions.js';

/** How the migration declared it runs without a transaction, as the message quotes it. */
function declaredBy(context: RuleContext): string {
  return context.migration.transaction.declaredBy ?? `${context.migration.runner.tool}'s settings`;
}

export default defineRule({
  meta: {
    id: 'autocommit-only-where-required',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Keep a migration that runs without a transaction down to the statements that require it.',
      category: 'transaction',
    },
    messages: {
      needsTransaction:
        'This statement does not need to run outside a transaction, yet this migration runs without one ({{directive}}) and so does not apply as one unit: if a statement fails after others have committed, the migration is left half applied. Move it to a migration that runs in a transaction, and keep only {{required}} here.',
      runnerRefuses:
        '{{refusal}}, and this statement can run in one, so {{tool}} will not run this migration. Move it to another migration and keep only {{required}} here.',
      nothingRequired:
        'Nothing in this migration needs to run outside a transaction, yet {{directive}} makes it run without one: if a statement fails, the ones before it stay applied. Remove {{directive}}{{blocks}} and let the runner wrap the migration in one transaction.',
    },
  },
  create(context) {
    // Which statements need autocommit, judged up front so every report can name them all;
    // each statement is judged again, with the schema as of just before it, when it is visited.
    let required: Statement[] = [];
    const describe = (statement: Statement) => `${requirementOf(context, statement)?.command ?? 'this statement'} (line ${lineOf(context, statement)})`;
    return {
      Migration() {
        if (!context.migration.transaction.declaredAutocommit) return;
        required = context.migration.statements.filter((s) => requirementOf(context, s) !== undefined);
      },
      Statement(statement) {
        const plan = context.migration.transaction;
        if (!plan.declaredAutocommit || required.length === 0 || requirementOf(context, statement)) return;
        const others = required.filter((s) => s !== statement).map(describe);
        const list = others.length > 0 ? others.join(', ') : 'the statements that need it';
        // A runner that refuses the mix (Flyway) counts session settings too.
        if (plan.refusesMixed) {
          context.report({ messageId: 'runnerRefuses', data: { refusal: plan.refusesMixed, tool: context.migration.runner.tool, required: list } });
          return;
        }
        if (isSessionSetting(statement) || isTransactionControl(statement)) return;
        context.report({ messageId: 'needsTransaction', data: { directive: declaredBy(context), required: list } });
      },
      'Migration:exit'() {
        const migration = context.migration;
        if (!migration.transaction.declaredAutocommit || required.length > 0 || migration.statements.length === 0) return;
        // Point at pgshift's own directive; another runner's declaration (a file name, a metadata file) has no place in the text.
        const directive = migration.directives.find((d) => d.kind === 'no-transaction');
        context.report({
          messageId: 'nothingRequired',
          data: { directive: declaredBy(context), blocks: migration.statements.some(isTransactionControl) ? ' and the BEGIN and COMMIT' : '' },
          range: directive?.range ?? [0, 0],
        });
      },
    };
  },
});
