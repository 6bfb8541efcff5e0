/**
 * The plugin object and the `pgshift/sql` language: every pgshift rule is
 * there with its metadata, the recommended config carries pgshift's default
 * severities, and the tree of statements is there for ESLint's traversal and
 * selectors.
 */
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import plugin from '../../src/eslint/index.js';
import type { ProgramNode, StatementNode } from '../../src/eslint/index.js';
import { programOf } from '../../src/eslint/source-code.js';
import type { RuleContext, RuleDefinition } from '../../src/eslint/types.js';
import { packageVersion, ruleDocsUrl } from '../../src/package-root.js';
import { projectRoot } from '../support/paths.js';

describe('the plugin', () => {
  it('names itself and holds the sql language', () => {
    expect(plugin.meta).toEqual({ name: 'pgshift', version: packageVersion, namespace: 'pgshift' });
    expect(plugin.languages.sql).toMatchObject({ fileType: 'text', lineStart: 1, columnStart: 1, nodeTypeKey: 'type' });
  });

  it('has every pgshift rule, with its type, description, docs page and message ids', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(allRules.map((rule) => rule.meta.id).sort());
    for (const rule of allRules) {
      const meta = plugin.rules[rule.meta.id]?.meta;
      expect(meta).toMatchObject({ type: rule.meta.type, docs: { description: rule.meta.docs.description, url: ruleDocsUrl(rule.meta.id) }, schema: [], languages: ['pgshift/sql'] });
      expect(meta?.hasSuggestions).toBe(rule.meta.hasSuggestions === true);
      expect(Object.keys(meta?.messages ?? {})).toEqual(Object.keys(rule.meta.messages));
    }
  });

  it('recommends pgshift\'s default severities for SQL files, off rules included', () => {
    const { recommended } = plugin.configs;
    expect(recommended).toMatchObject({ files: ['**/*.sql'], language: 'pgshift/sql' });
    expect(recommended.plugins?.pgshift).toBe(plugin);
    expect(recommended.rules).toEqual(Object.fromEntries(allRules.map((rule) => [`pgshift/${rule.meta.id}`, rule.meta.defaultSeverity])));
    expect(Object.values(recommended.rules ?? {})).toContain('off');
  });
});

describe('the tree', () => {
  it('is the file with one node per statement, with UTF-16 ranges and 1-based locations', () => {
    const text = "-- 😀\nCREATE TABLE t (a int);\r\nSELECT 'é';\n";
    const program = programOf(text);
    expect(program).toEqual({
      type: 'Program',
      range: [0, text.length],
      loc: { start: { line: 1, column: 1 }, end: { line: 4, column: 1 } },
      body: [
        { type: 'Statement', tag: 'CreateStmt', range: [6, 28], loc: { start: { line: 2, column: 1 }, end: { line: 2, column: 23 } } },
        { type: 'Statement', tag: 'SelectStmt', range: [31, 41], loc: { start: { line: 3, column: 1 }, end: { line: 3, column: 11 } } },
      ],
    });
    expect(text.slice(6, 28)).toBe('CREATE TABLE t (a int)');
  });

  it('has no statements when the whole text does not parse', () => {
    expect(programOf('SELEC 1;').body).toEqual([]);
  });

  it('is walked by ESLint: rules can select statements by tag', async () => {
    const seen: string[] = [];
    const spy: RuleDefinition = {
      meta: { type: 'suggestion', schema: [], messages: { index: 'An index: {{text}}' } },
      create(context: RuleContext) {
        const source = context.sourceCode as unknown as { getText(node: StatementNode): string; getParent(node: StatementNode): ProgramNode | undefined };
        return {
          Program: (node: ProgramNode) => seen.push(`Program ${node.body.length}`),
          Statement: (node: StatementNode) => seen.push(`${node.tag} ${source.getParent(node)?.type}`),
          'Program:exit': () => seen.push('Program:exit'),
          'Statement[tag="IndexStmt"]': (node: StatementNode) => context.report({ node, messageId: 'index', data: { text: source.getText(node) } }),
        };
      },
    };
    const config: Linter.Config = { files: ['**/*.sql'], plugins: { pgshift: plugin, spy: { rules: { statements: spy } } }, language: 'pgshift/sql', rules: { 'spy/statements': 'error' } };
    const eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: true, overrideConfig: [config] });
    const [result] = await eslint.lintText('CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\n', { filePath: `${projectRoot}/scratch/walk.sql` });
    expect(seen).toEqual(['Program 2', 'CreateStmt Program', 'IndexStmt Program', 'Program:exit']);
    expect(result?.messages.map((m) => [m.message, m.line, m.column, m.endLine, m.endColumn])).toEqual([['An index: CREATE INDEX i ON t (a)', 2, 1, 2, 24]]);
  });
});
