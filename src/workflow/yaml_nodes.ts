/**
 * Small typed accessors over `yaml` Document nodes that keep positions. Aliases are resolved
 * through the document; converting to plain data is bounded by the alias limit.
 *
 * @module
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter } from "yaml";
import type { Node, Pair, YAMLMap, YAMLSeq } from "yaml";
import type { Located, Pos } from "./model.ts";

/** At most this many alias dereferences when turning nodes into data (YAML bombs). */
export const MAX_ALIAS_COUNT = 100;

/** A map entry: its key as text, where the key is, and the value node. */
export interface Entry {
  key: string;
  pos: Pos;
  value: Node | null;
}

/**
 * Node access for one parsed document.
 *
 * @example
 * ```ts
 * const nodes = new Nodes(doc, lineCounter);
 * const jobs = nodes.map(nodes.get(nodes.map(doc.contents), "jobs")?.value ?? null);
 * ```
 */
export class Nodes {
  constructor(readonly doc: Document, readonly lineCounter: LineCounter) {}

  /** Position of a source offset. */
  posAt(offset: number): Pos {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** Position where `node` starts (line 1 when unknown). */
  pos(node: Node | null | undefined): Pos {
    const start = node?.range?.[0];
    return start === undefined ? { line: 1, column: 1 } : this.posAt(start);
  }

  /** Follows an alias to its anchor. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  /** The node as a map, or undefined. */
  map(node: unknown): YAMLMap | undefined {
    const n = this.resolve(node);
    return isMap(n) ? n : undefined;
  }

  /** The node as a sequence, or undefined. */
  seq(node: unknown): YAMLSeq | undefined {
    const n = this.resolve(node);
    return isSeq(n) ? n : undefined;
  }

  /** Every entry of a map, in source order. */
  entries(map: YAMLMap | undefined): Entry[] {
    if (!map) return [];
    return map.items.map((pair: Pair) => {
      const keyNode = this.resolve(pair.key);
      const key = isScalar(keyNode) ? String(keyNode.value) : String(pair.key);
      return { key, pos: this.pos(keyNode), value: this.resolve(pair.value) };
    });
  }

  /** The entry under `key`, or undefined. */
  get(map: YAMLMap | undefined, key: string): Entry | undefined {
    return this.entries(map).find((e) => e.key === key);
  }

  /** Plain data of a node (bounded by {@linkcode MAX_ALIAS_COUNT}). */
  js(node: Node | null | undefined): unknown {
    if (!node) return null;
    return node.toJS(this.doc, { maxAliasCount: MAX_ALIAS_COUNT });
  }

  /** A scalar as text (`0` → `"0"`, null → `""`); non-scalars as JSON. */
  text(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    if (isScalar(node)) return node.value === null ? "" : String(node.value);
    return JSON.stringify(this.js(node));
  }

  /** A value with its position and trailing comment. */
  located(node: Node | null | undefined): Located<string> | undefined {
    const value = this.text(node);
    if (value === undefined || !node) return undefined;
    const comment = isScalar(node) ? node.comment ?? undefined : undefined;
    return { value, pos: this.pos(node), comment, node };
  }

  /** A map of scalars as text (`env:`). */
  strings(node: Node | null | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.entries(this.map(node))) out[e.key] = this.text(e.value) ?? "";
    return out;
  }

  /** A map of scalars with positions (`with:`). */
  locatedMap(node: Node | null | undefined): Record<string, Located<string>> {
    const out: Record<string, Located<string>> = {};
    for (const e of this.entries(this.map(node))) {
      const loc = this.located(e.value);
      if (loc) out[e.key] = loc;
    }
    return out;
  }
}
