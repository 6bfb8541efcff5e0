/**
 * `-- pgshift:deprecate <object>` declares that the application code shipped
 * with this migration's release no longer uses the object. The database does
 * not change; the replay records it so that a drop in a later release can be
 * allowed (drop-after-deprecation).
 */
import type { DeprecateDirective } from '../parse/directives.js';
import { quoteIdent } from '../parse/ast.js';
import type { Resolver } from './resolve.js';
import { deprecationKey, objectKey, type DeprecatedKind, type Origin } from './schema.js';

export interface ResolvedDeprecation {
  directive: DeprecateDirective;
  kind: DeprecatedKind;
  key: string;
  schema: string;
  name: string;
  column: string | undefined;
  /** false when the replay knows the object does not exist; undefined when it cannot know */
  exists: boolean | undefined;
  /** the object as messages name it */
  text: string;
}

/** What a deprecate directive names, resolved against the schema as it is before its migration. */
export function resolveDeprecation(directive: DeprecateDirective, resolver: Resolver): ResolvedDeprecation | undefined {
  const parts = directive.names;
  if (parts.length === 0 || directive.problems.length > 0) return undefined;
  const kind = deprecatedKind(directive, resolver);
  if (kind === 'column') {
    const column = parts[parts.length - 1] as string;
    const ref = resolver.relationFromParts(parts.slice(0, -1));
    const table = ref.table;
    // A table the replay created has no column it did not see; a dropped one has none at all.
    const exists = resolver.model.dropped.has(ref.key) ? false : table?.columns.has(column) ? true : table?.created ? false : undefined;
    return { directive, kind, key: deprecationKey('column', ref.schema, ref.name, column), schema: ref.schema, name: ref.name, column, exists, text: `${ref.text}.${quoteIdent(column)}` };
  }
  if (kind === 'relation') {
    const ref = resolver.relationFromParts(parts);
    const exists = ref.table?.kind !== undefined || ref.table?.created ? true : resolver.model.dropped.has(ref.key) ? false : undefined;
    return { directive, kind, key: deprecationKey('relation', ref.schema, ref.name), schema: ref.schema, name: ref.name, column: undefined, exists, text: ref.text };
  }
  // Functions and types resolve along the search path like the statements that drop them.
  const names = parts.map((sval) => ({ String: { sval } }));
  const ref = kind === 'type' ? resolver.type(names) : resolver.functionName(names);
  const known = kind === 'type' ? resolver.model.types.has(ref.key) : resolver.model.functions.has(ref.key);
  return { directive, kind, key: deprecationKey(kind, ref.schema, ref.name), schema: ref.schema, name: ref.name, column: undefined, exists: known ? true : undefined, text: ref.text };
}

/**
 * Without a keyword, one part names a relation and three a column; two parts
 * (`x.y`) name column y of table x unless the replay knows a relation y in
 * schema x and no relation x.
 */
function deprecatedKind(directive: DeprecateDirective, resolver: Resolver): DeprecatedKind {
  switch (directive.keyword) {
    case 'table':
    case 'view':
      return 'relation';
    case 'column':
      return 'column';
    case 'function':
      return 'function';
    case 'type':
      return 'type';
    default:
      break;
  }
  const parts = directive.names;
  if (parts.length === 1) return 'relation';
  if (parts.length === 3) return 'column';
  const [first, second] = parts as [string, string];
  const schemaTable = resolver.model.tables.has(objectKey(first, second));
  const table = resolver.relationFromParts([first]).table;
  return schemaTable && !table ? 'relation' : 'column';
}

export function recordDeprecation(deprecation: ResolvedDeprecation, origin: Origin, resolver: Resolver): void {
  resolver.model.deprecations.set(deprecation.key, { kind: deprecation.kind, text: deprecation.text, origin });
}
