/**
 * Comments of every place a run of steps is moved from. The action's steps are the first
 * place's YAML nodes, so their comments come along where they were; comments other callers
 * wrote on the same step would be lost with the lines they were on, so they are added above
 * the step (one line each, in the order written).
 *
 * @module
 */
import { isMap, isSeq, type Node } from "yaml";

/** Every comment line in a node and its children, in document order. */
function commentLines(node: unknown, out: string[] = []): string[] {
  if (!node || typeof node !== "object") return out;
  const n = node as Node;
  out.push(...(n.commentBefore?.split("\n") ?? []));
  if (isMap(n)) {
    for (const pair of n.items) {
      commentLines(pair.key, out);
      commentLines(pair.value, out);
    }
  } else if (isSeq(n)) n.items.forEach((item) => commentLines(item, out));
  out.push(...(n.comment?.split("\n") ?? []));
  return out;
}

/**
 * Adds above `target` the comment lines of `other` that `target` does not have anywhere.
 *
 * @example
 * ```ts
 * mergeComments(firstPlaceStep, secondPlaceStep);
 * // "# pinned", written only in the second job, now shows above the action's step too
 * ```
 */
export function mergeComments(target: Node, other: unknown): void {
  const have = new Set(commentLines(target).map((l) => l.trim()));
  const extra = commentLines(other).filter((l) => l.trim() !== "" && !have.has(l.trim()));
  if (extra.length === 0) return;
  target.commentBefore = [target.commentBefore, ...new Set(extra)].filter((c) => c).join("\n");
}
