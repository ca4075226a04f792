/**
 * YAML nodes → plain data with every scalar as the text it was written as. Dispatch inputs and
 * matrix values are strings on the wire, so `3.10` must stay `"3.10"` (plain YAML would give
 * the number 3.1) and `true` becomes `"true"`.
 *
 * @module
 */
import { type Document, isAlias, isMap, isScalar, isSeq } from "yaml";

/**
 * Maps become objects (own properties only, so a key `__proto__` stays a key), sequences become
 * arrays, scalars become strings as written; null stays null so callers can say a value is
 * missing. Call only after the document passed `toJS({ maxAliasCount })`: aliases are followed.
 *
 * @example
 * ```ts
 * const doc = parseDocument("v: [3.10, true]");
 * asWritten(doc, doc.contents); // { v: ["3.10", "true"] }
 * ```
 */
export function asWritten(doc: Document, node: unknown): unknown {
  const n = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const pair of n.items) {
      Object.defineProperty(out, String(asWritten(doc, pair.key)), {
        value: asWritten(doc, pair.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (isSeq(n)) return n.items.map((item) => asWritten(doc, item));
  if (isScalar(n)) {
    if (n.value === null || n.value === undefined) return null;
    if (typeof n.value === "string") return n.value;
    return n.source ?? String(n.value);
  }
  return null;
}
