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

/** Marks, on the work stack, the point where the most recent ancestor's children are done. */
const EXIT = Symbol('exit');

export function walk(root: Node | readonly Node[], handlers: WalkHandlers): void {
  const stack: unknown[] = [root];
  const ancestors: TaggedNode[] = [];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === EXIT) {
      const done = ancestors.pop() as TaggedNode;
      handlers.exit?.(done.tag, done.node, ancestors);
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
      stack.push(EXIT);
      ancestors.push({ tag, node: inner });
    }
    pushChildren(stack, inner as Record<string, unknown>);
  }
}

/** Push the object-valued fields so that they pop in field order, without allocating a key list. */
function pushChildren(stack: unknown[], node: Record<string, unknown>): void {
  const first = stack.length;
  for (const key in node) {
    const child = node[key];
    if (child !== null && typeof child === 'object') stack.push(child);
  }
  for (let i = first, j = stack.length - 1; i < j; i++, j--) {
    const swap = stack[i];
    stack[i] = stack[j];
    stack[j] = swap;
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
