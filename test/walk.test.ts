import { describe, expect, it } from 'vitest';
import { loadParser, parseStatements } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';
import { findAll, walk } from '../src/parse/walk.js';

await loadParser();

function statement(sql: string) {
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.statements[0]!.node;
}

describe('walk', () => {
  it('visits wrapped nodes in document order, with exits after children and the ancestor chain', () => {
    const events: string[] = [];
    walk(statement('ALTER TABLE t ADD COLUMN c int DEFAULT 1, ADD CONSTRAINT k CHECK (c > 0)'), {
      enter: (tag, _node, ancestors) => {
        events.push(`${'  '.repeat(ancestors.length)}${tag}`);
      },
      exit: (tag, _node, ancestors) => {
        if (tag === 'AlterTableCmd') events.push(`${'  '.repeat(ancestors.length)}/${tag}`);
      },
    });
    expect(events).toEqual([
      'AlterTableStmt',
      '  AlterTableCmd',
      '    ColumnDef',
      '      String',
      '      String',
      '      Constraint',
      '        A_Const',
      '  /AlterTableCmd',
      '  AlterTableCmd',
      '    Constraint',
      '      A_Expr',
      '        String',
      '        ColumnRef',
      '          String',
      '        A_Const',
      '  /AlterTableCmd',
    ]);
  });

  it('skips a node\'s children when enter returns false', () => {
    const tags: string[] = [];
    walk(statement('SELECT lower(a) FROM t'), {
      enter: (tag) => {
        tags.push(tag);
        return tag === 'FuncCall' ? false : undefined;
      },
    });
    expect(tags).toContain('FuncCall');
    expect(tags.filter((t) => t === 'ColumnRef')).toHaveLength(0);
  });

  it('survives nesting far deeper than the JavaScript stack', () => {
    let depth = 0;
    let node: Record<string, unknown> = { A_Const: { ival: { ival: 1 } } };
    for (let i = 0; i < 200_000; i++) node = { BoolExpr: { args: [node] } };
    walk(node as never, {
      enter: (_tag, _node, ancestors) => {
        depth = Math.max(depth, ancestors.length);
      },
    });
    expect(depth).toBe(200_000);
  });

  it('findAll collects every node of a tag', () => {
    expect(findAll<{ sval: string }>(statement("SELECT f(a), g(b) FROM t WHERE h(c) = 'x'"), 'FuncCall')).toHaveLength(3);
  });
});
