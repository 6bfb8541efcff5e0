/** pgshift's library API: the same functions the CLI, the editor server and the runner call. */
export { lintFiles, lintText, loadProjectConfig, type LintFilesRequest, type LintTextRequest, type LintRun, type ConfigRequest } from './lint/index.js';
export { allRules } from '../rules/index.js';
export { formatResults, FORMATS, type FormatName } from './reporters/index.js';
export { ConfigError, DEFAULT_PG_VERSION, type ResolvedConfig } from './config/config.js';
export type { LintMessage, LintResult, Fix } from './engine/results.js';
export type { Rule, RuleMeta, RuleContext, Visitors, Severity, Edit } from './engine/rule.js';
export { defineRule } from './engine/rule.js';
export { upgrade, downgrade, status, type UpgradeRequest, type DowngradeRequest, type RunOutcome, type RunnerEvent, type Status, type HistoryEntry } from './runner/runner.js';
export { chooseConnection, type ConnectionChoice } from './runner/connection.js';
export { DocumentLinter, type LintDocumentRequest } from './lint/document.js';
