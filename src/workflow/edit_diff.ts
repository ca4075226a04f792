/**
 * Unified diffs of edited workflow files, as `git diff` prints them, for reports and PR bodies.
 *
 * @module
 */
import { createTwoFilesPatch } from "diff";

/**
 * The unified diff from `before` to `after` of the file at `path` (3 lines of context), without
 * the `Index:`/`===` preamble. Empty when nothing changed.
 *
 * @example
 * ```ts
 * unifiedDiff("ci.yml", "a: 1\n", "a: 2\n");
 * // "--- a/ci.yml\n+++ b/ci.yml\n@@ -1,1 +1,1 @@\n-a: 1\n+a: 2\n"
 * ```
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: 3,
  });
  return patch.split("\n").filter((line) => !/^(Index: |={10,})/.test(line)).join("\n");
}
