/** What rules learn about the migration as a whole. */
import { beforeAll, describe, expect, it } from 'vitest';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { defineRule } from '../src/engine/rule.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { engineConfig } from './support/rule-tester.js';

beforeAll(loadParser);

describe('MigrationContext.positionAt', () => {
  it('gives the 1-based line and UTF-16 column of any statement, as reports use them', () => {
    const seen: string[] = [];
    const probe = defineRule({
      meta: { id: 'probe', type: 'suggestion', defaultSeverity: 'error', docs: { description: 'Records positions.', category: 'style' }, messages: {} },
      create(context) {
        return {
          'Migration:exit'() {
            for (const statement of context.migration.statements) {
              const { line, column } = context.migration.positionAt(statement.range[0]);
              seen.push(`${line}:${column}`);
            }
          },
        };
      },
    });
    const config = { ...engineConfig(), rules: new Map([['probe', { severity: 'error' as const, options: {} }]]) };
    const linter = new MigrationSetLinter([probe], config);
    linter.lint({ id: 'm.sql', filePath: 'm.sql', text: "-- 😀 comment\r\nSELECT 1;\n  /* é */ SELECT 'ü'; SELECT 3;" });
    expect(seen).toEqual(['2:1', '3:11', '3:23']);
  });
});
