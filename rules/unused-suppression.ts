import { defineRule } from '../src/engine/rule.js';
import validDirective, { keywordOf } from './valid-directive.js';

const ID = 'unused-suppression';
/** Reports on directive comments come after suppressions are resolved, so nothing can suppress them. */
const UNSUPPRESSIBLE = new Set([ID, validDirective.meta.id]);

export default defineRule({
  meta: {
    id: ID,
    type: 'suggestion',
    defaultSeverity: 'warn',
    docs: {
      description: 'Remove suppression comments that no longer suppress anything.',
      category: 'directive',
    },
    messages: {
      unused:
        '`{{ruleId}}` reported nothing {{where}}, so this `{{keyword}}` suppresses nothing for it. Remove {{what}}: left in place, it would hide the problem if a later edit brings it.',
      unsuppressible: '`{{ruleId}}` reports on directive comments, which no comment can suppress, so this `{{keyword}}` does nothing for it. Remove {{what}}.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      Directive(directive, usage) {
        if (directive.kind !== 'suppression' || directive.scope === 'enable') return;
        const unused = directive.ruleIds.filter((id) => !usage.used.has(id) && !usage.unknown.includes(id));
        const all = unused.length === directive.ruleIds.length;
        for (const ruleId of unused) {
          context.report({
            messageId: UNSUPPRESSIBLE.has(ruleId) ? 'unsuppressible' : 'unused',
            data: {
              ruleId,
              keyword: keywordOf(directive),
              where: directive.scope === 'next-line' ? 'on the next line' : 'after this comment',
              what: all ? 'the comment' : `\`${ruleId}\` from it`,
            },
            range: directive.range,
            suggestions: all ? [{ desc: 'Remove the comment', edits: [{ range: directive.range, text: '' }] }] : [],
          });
        }
      },
    };
  },
});
