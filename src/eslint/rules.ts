/**
 * Every pgshift rule as an ESLint rule. The rules do not look at the tree:
 * pgshift linted the file while ESLint parsed it, and each rule reports its
 * own findings from that lint, with pgshift's positions, message text and
 * suggestions unchanged.
 */
import type { LintMessage } from '../engine/results.js';
import type { Rule } from '../engine/rule.js';
import { ruleDocsUrl } from '../package-root.js';
import { PLUGIN_NAMESPACE } from './language.js';
import type { SqlSourceCode } from './source-code.js';
import type { RuleContext, RuleDefinition } from './types.js';

/** The template of every message: pgshift has already filled in the text. */
const WHOLE_MESSAGE = '{{message}}';

export function eslintRule(rule: Rule): RuleDefinition {
  const { id, type, docs, messages, hasSuggestions, defaultSeverity } = rule.meta;
  return {
    meta: {
      type,
      docs: { description: docs.description, url: ruleDocsUrl(id), recommended: defaultSeverity !== 'off' },
      hasSuggestions: hasSuggestions === true,
      // Options live in pgshift.config.json, where `pgshift lint` reads them too.
      schema: [],
      // pgshift's message ids, so results carry the same `messageId` as `pgshift lint --format json`.
      messages: Object.fromEntries(Object.keys(messages).map((messageId) => [messageId, WHOLE_MESSAGE])),
      languages: [`${PLUGIN_NAMESPACE}/sql`],
    },
    create(context: RuleContext) {
      const source = context.sourceCode as unknown as SqlSourceCode;
      return {
        Program() {
          for (const finding of source.findings(id)) report(context, finding);
        },
      };
    },
  };
}

function report(context: RuleContext, finding: LintMessage): void {
  // The language counts lines and columns from 1, as pgshift does: positions pass through unchanged.
  const start = { line: finding.line, column: finding.column };
  const loc = finding.endLine === undefined || finding.endColumn === undefined ? start : { start, end: { line: finding.endLine, column: finding.endColumn } };
  const suggest = (finding.suggestions ?? []).map(({ desc, fix: { range, text } }) => ({
    desc,
    fix: (fixer: { replaceTextRange(range: [number, number], text: string): unknown }) => fixer.replaceTextRange([range[0], range[1]], text),
  }));
  const message = finding.messageId === undefined ? { message: finding.message } : { messageId: finding.messageId, data: { message: finding.message } };
  context.report({ loc, ...message, ...(suggest.length > 0 ? { suggest } : {}) } as Parameters<RuleContext['report']>[0]);
}
