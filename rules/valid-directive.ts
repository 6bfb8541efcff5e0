import { defineRule, PGSHIFT_NO_TRANSACTION as NO_TRANSACTION_DIRECTIVE } from '../src/engine/rule.js';
import type { Directive, SuppressionDirective } from '../src/parse/directives.js';

const DIRECTIVES = ['pgshift:no-transaction', 'pgshift:deprecate', 'pgshift-disable-next-line', 'pgshift-disable', 'pgshift-enable'];

export default defineRule({
  meta: {
    id: 'valid-directive',
    type: 'problem',
    defaultSeverity: 'warn',
    docs: {
      description: 'Write pgshift directives so they do what they say.',
      category: 'directive',
    },
    messages: {
      noRules: '`{{keyword}}` names no rule, so it does nothing: list the rule ids it is for, e.g. `-- {{example}}`.',
      missingReason:
        '`{{keyword}} {{rules}}` gives no reason. It still applies, but say why it is safe here after ` -- `, e.g. `-- {{keyword}} {{rules}} -- the table holds 40 rows`, so a reviewer can judge it.',
      unknownRule: 'pgshift has no rule `{{ruleId}}`, so this `{{keyword}}` suppresses nothing under that name. Check the spelling against the rule list.',
      noTransactionArguments: '{{problem}}. The directive still applies; remove the rest of the comment.',
      unknownDirective:
        '`{{name}}` is not a pgshift directive and does nothing{{didYouMean}}. The directives are `-- pgshift:no-transaction`, `-- pgshift:deprecate <object>`, `-- pgshift-disable-next-line <rules> -- <reason>`, `-- pgshift-disable <rules> -- <reason>` and `-- pgshift-enable <rules>`.',
      deprecateSyntax: '{{problem}}. The directive records nothing until it names one object: `-- pgshift:deprecate users`, `users.email`, `app.users.email`, or with a kind, `-- pgshift:deprecate view app.recent_orders`.',
      deprecateMissing:
        '`-- pgshift:deprecate {{object}}` names {{what}} that does not exist at this point of the migration history ({{why}}), so the deprecation records nothing a later drop could rely on. Check the name.',
      lateNoTransaction:
        '`{{directive}}` has no effect here: the runner reads it only before the first statement (line {{line}}), so this migration still runs in one transaction. Move it to the first line of the file.',
      foreignRunner:
        '`{{directive}}` has no effect here: {{tool}} applies this migration and does not read pgshift\'s directive, so it runs the migration {{how}}. {{instead}}',
      repeatedNoTransaction: 'This `{{directive}}` repeats the one at line {{line}}, which already applies. Remove it.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      Directive(directive, usage) {
        const range = directive.range;
        switch (directive.kind) {
          case 'suppression': {
            const keyword = keywordOf(directive);
            const rules = directive.ruleIds.join(', ');
            if (directive.ruleIds.length === 0) {
              const example = directive.scope === 'enable' ? `${keyword} <rule-id>` : `${keyword} <rule-id> -- <why it is safe here>`;
              context.report({ messageId: 'noRules', data: { keyword, example }, range });
              return;
            }
            for (const ruleId of usage.unknown) context.report({ messageId: 'unknownRule', data: { ruleId, keyword }, range });
            if (directive.scope !== 'enable' && directive.reason === undefined) context.report({ messageId: 'missingReason', data: { keyword, rules }, range });
            return;
          }
          case 'unknown': {
            const nearest = nearestDirective(directive.name);
            context.report({ messageId: 'unknownDirective', data: { name: directive.name, didYouMean: nearest ? ` (did you mean \`${nearest}\`?)` : '' }, range });
            return;
          }
          case 'no-transaction':
            if (context.migration.runner.tool !== 'pgshift') {
              reportForeignRunner(directive);
              return;
            }
            for (const problem of directive.problems) context.report({ messageId: 'noTransactionArguments', data: { problem }, range });
            checkPlacement(directive);
            return;
          case 'deprecate': {
            for (const problem of directive.problems) context.report({ messageId: 'deprecateSyntax', data: { problem }, range });
            const resolved = context.migration.deprecations.find((d) => d.directive === directive);
            if (resolved?.exists === false) {
              const what = resolved.kind === 'column' ? 'a column' : 'a relation';
              const table = `${resolved.schema}.${resolved.name}`;
              const why = resolved.kind === 'column' && !context.schema.model.dropped.has(table) ? `the migrations before it leave ${table} without that column` : 'the migrations before it drop it';
              context.report({ messageId: 'deprecateMissing', data: { object: directive.text, what, why }, range });
            }
            return;
          }
        }
      },
    };

    function reportForeignRunner(directive: Directive): void {
      const { runner, transaction } = context.migration;
      const how = transaction.mode === 'wrapped' ? 'in a transaction' : transaction.mode === 'single-query' ? 'as one query' : 'as its own settings say';
      const instead = runner.optOut ? `To run it outside a transaction: ${lowerFirst(runner.optOut.instruction)}.` : `To run a statement outside a transaction, move it to ${runner.outsideTransaction}.`;
      context.report({ messageId: 'foreignRunner', data: { directive: NO_TRANSACTION_DIRECTIVE, tool: runner.tool, how, instead }, range: directive.range });
    }

    function checkPlacement(directive: Directive): void {
      const migration = context.migration;
      const first = migration.statements[0];
      const leading = migration.directives.find((d) => d.kind === 'no-transaction' && (!first || d.range[0] < first.range[0]));
      if (leading && leading !== directive) {
        context.report({ messageId: 'repeatedNoTransaction', data: { directive: NO_TRANSACTION_DIRECTIVE, line: leading.line }, range: directive.range });
        return;
      }
      if (!first || directive.range[0] < first.range[0]) return;
      context.report({
        messageId: 'lateNoTransaction',
        data: { directive: NO_TRANSACTION_DIRECTIVE, line: migration.positionAt(first.range[0]).line },
        range: directive.range,
        suggestions: [
          {
            desc: 'Move the directive to the first line',
            edits: [
              { range: [0, 0], text: `${NO_TRANSACTION_DIRECTIVE}\n` },
              { range: directive.range, text: '' },
            ],
          },
        ],
      });
    }
  },
});

export function keywordOf(directive: SuppressionDirective): string {
  if (directive.scope === 'next-line') return 'pgshift-disable-next-line';
  return directive.scope === 'enable' ? 'pgshift-enable' : 'pgshift-disable';
}

/** The directive a misspelt one most likely meant: within three edits, as typos go. */
function nearestDirective(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of DIRECTIVES) {
    const distance = editDistance(name.toLowerCase(), candidate);
    if (distance <= 3 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] as number;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
