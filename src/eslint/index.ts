/**
 * `pgshift/eslint`: pgshift as an ESLint language plugin, so a project that
 * runs ESLint lints its migrations with `eslint` and sees them in ESLint's
 * editor extension: the same findings, positions, suppression comments and
 * pgshift.config.json as `pgshift lint`. See docs/eslint.md.
 *
 *   import pgshift from 'pgshift/eslint';
 *   export default [pgshift.configs.recommended];
 */
import type { Linter } from 'eslint';
import { allRules } from '../../rules/index.js';
import type { Severity } from '../engine/rule.js';
import { DocumentLinter } from '../lint/document.js';
import { packageVersion } from '../package-root.js';
import { PLUGIN_NAMESPACE, sqlLanguage } from './language.js';
import { eslintRule } from './rules.js';
import type { Plugin, RuleDefinition } from './types.js';

export type { SqlLanguageOptions } from './language.js';
export type { ProgramNode, SqlSourceCode, StatementNode } from './source-code.js';

// ESLint parses synchronously; the WASM parser loads once, here.
await DocumentLinter.loadParser();

export interface PgshiftPlugin extends Plugin {
  meta: { name: string; version: string; namespace: string };
  languages: { sql: typeof sqlLanguage };
  rules: Record<string, RuleDefinition>;
  configs: { recommended: Linter.Config };
}

const rules: Record<string, RuleDefinition> = Object.fromEntries(allRules.map((rule) => [rule.meta.id, eslintRule(rule)]));

/** pgshift's default severities; pgshift.config.json changes them file by file (see SqlSourceCode.applyInlineConfig). */
const recommendedRules: Record<string, Severity> = Object.fromEntries(allRules.map((rule) => [`${PLUGIN_NAMESPACE}/${rule.meta.id}`, rule.meta.defaultSeverity]));

const plugin: PgshiftPlugin = {
  meta: { name: 'pgshift', version: packageVersion, namespace: PLUGIN_NAMESPACE },
  languages: { sql: sqlLanguage },
  rules,
  configs: {
    recommended: {
      name: 'pgshift/recommended',
      files: ['**/*.sql'],
      plugins: {},
      language: `${PLUGIN_NAMESPACE}/sql`,
      rules: recommendedRules,
    },
  },
};
(plugin.configs.recommended.plugins as Record<string, Plugin>)[PLUGIN_NAMESPACE] = plugin;

export default plugin;
