/**
 * Suppression comments: `pgshift-disable-next-line` covers the next line and
 * the statement that starts on it; `pgshift-disable` covers the rest of the
 * file until a `pgshift-enable` for the same rule.
 */
import type { Directive, SuppressionDirective } from '../parse/directives.js';
import type { Statement } from '../parse/parse-sql.js';
import type { SourceText } from '../parse/source-text.js';
import type { PendingReport } from './linter.js';

export interface DirectiveUsage {
  /** rule ids the directive names that suppressed at least one report */
  used: Set<string>;
  /** rule ids the directive names that pgshift does not know */
  unknown: string[];
}

export interface SuppressionOutcome {
  kept: PendingReport[];
  suppressed: { report: PendingReport; justification: string }[];
  usage: Map<Directive, DirectiveUsage>;
}

export function applySuppressions(
  reports: readonly PendingReport[],
  directives: readonly Directive[],
  statements: readonly Statement[],
  text: SourceText,
  knownRuleIds: ReadonlySet<string>,
): SuppressionOutcome {
  const usage = new Map<Directive, DirectiveUsage>();
  const suppressions: SuppressionDirective[] = [];
  for (const directive of directives) {
    const unknown = directive.kind === 'suppression' ? directive.ruleIds.filter((id) => !knownRuleIds.has(id)) : [];
    usage.set(directive, { used: new Set(), unknown });
    if (directive.kind === 'suppression') suppressions.push(directive);
  }
  const statementLine = (statement: Statement | undefined) => (statement ? text.positionAt(statement.range[0]).line : undefined);
  // The line after the comment's last line: a /* … */ directive may span several.
  const nextLine = (directive: SuppressionDirective) => text.positionAt(directive.range[1]).line + 1;

  const kept: PendingReport[] = [];
  const suppressed: SuppressionOutcome['suppressed'] = [];
  for (const report of reports) {
    const line = text.positionAt(report.range[0]).line;
    const startLine = statementLine(report.statement);
    const by = suppressions.find((d) => d.scope !== 'enable' && d.ruleIds.includes(report.ruleId) && covers(d, report, line, startLine, nextLine(d), suppressions));
    if (!by) {
      kept.push(report);
      continue;
    }
    usage.get(by)?.used.add(report.ruleId);
    suppressed.push({ report, justification: by.reason ?? '' });
  }
  return { kept, suppressed, usage };
}

function covers(directive: SuppressionDirective, report: PendingReport, line: number, statementLine: number | undefined, nextLine: number, all: readonly SuppressionDirective[]): boolean {
  if (directive.scope === 'next-line') return line === nextLine || statementLine === nextLine;
  if (directive.range[1] > report.range[0]) return false;
  // A later pgshift-enable for the same rule, before the report, ends the range.
  return !all.some((other) => other.scope === 'enable' && other.ruleIds.includes(report.ruleId) && other.range[0] > directive.range[1] && other.range[1] <= report.range[0]);
}
