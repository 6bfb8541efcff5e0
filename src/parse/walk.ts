/**
 * The one walk over libpg-query's tree. Iterative, so a deeply nested
 * expression cannot overflow the JavaScript stack.
 *
 * Wrapped nodes (`{ FuncCall: … }`) are visited with their tag; typed fields
 * that the protobuf JSON leaves unwrapped (`IndexStmt.relation`, a RangeVar;
 * `ColumnDef.typeName`) are descended into but not visited on their own.
 */
import type { Node } from 'libpg-query';
import type { NodeTag } from './ast.js';

export interface TaggedNode {
  tag: NodeTag;
  node: unknown;
}

export interface WalkHandlers {
  /** Return false to skip the node's children. */
  enter(tag: NodeTag, node: unknown, ancestors: readonly TaggedNode[]): boolean | void;
  exit?(tag: NodeTag, node: unknown, ancestors: readonly TaggedNode[]): void;
}

class Exit {
  constructor(
    readonly tag: NodeTag,
    readonly node: unknown,
  ) {}
}

export function walk(root: Node | readonly Node[], handlers: WalkHandlers): void {
  const stack: unknown[] = [root];
  const ancestors: TaggedNode[] = [];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value instanceof Exit) {
      ancestors.pop();
      handlers.exit?.(value.tag, value.node, ancestors);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    const tag = wrapperTag(value as Record<string, unknown>);
    const inner = tag ? (value as Record<string, unknown>)[tag] : value;
    if (tag) {
      if (handlers.enter(tag, inner, ancestors) === false) continue;
      stack.push(new Exit(tag, inner));
      ancestors.push({ tag, node: inner });
    }
    pushChildren(stack, inner as Record<string, unknown>);
  }
}

function pushChildren(stack: unknown[], node: Record<string, unknown>): void {
  const keys = Object.keys(node);
  for (let i = keys.length - 1; i >= 0; i--) {
    const child = node[keys[i] as string];
    if (child !== null && typeof child === 'object') stack.push(child);
  }
}

/** `{ Tag: {…} }` with a capitalised single key is a node wrapper; node fields are lower case. */
function wrapperTag(value: Record<string, unknown>): NodeTag | undefined {
  let tag: string | undefined;
  for (const key in value) {
    if (tag !== undefined) return undefined;
    tag = key;
  }
  if (tag === undefined) return undefined;
  const first = tag.charCodeAt(0);
  if (first < 65 || first > 90) return undefined;
  const inner = value[tag];
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (tag as NodeTag) : undefined;
}

/** Every node with the given tag under `root`, in document order. */
export function findAll<T>(root: Node | readonly Node[] | undefined, tag: NodeTag): T[] {
  const found: T[] = [];
  if (root === undefined) return found;
  walk(root, {
    enter(t, node) {
      if (t === tag) found.push(node as T);
    },
  });
  return found;
}
