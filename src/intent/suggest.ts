/**
 * "Did you mean": edit distance over the command table, and the two examples an unsupported
 * reply carries.
 *
 * @module
 */
import { ALL_VERB_SPELLINGS, commandSpec, verbToOp } from "./commands.ts";
import type { Op } from "./schema.ts";

/**
 * Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, so the common
 * typo `anaylze` is one edit from `analyze`.
 *
 * @example
 * ```ts
 * editDistance("anaylze", "analyze"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/**
 * Candidates within a typo's reach of `word` (about one edit per three letters), nearest first.
 *
 * @example
 * ```ts
 * closest("wrkflow", ["workflow", "repo"], 1); // ["workflow"]
 * ```
 */
export function closest(word: string, candidates: readonly string[], limit: number): string[] {
  const reach = Math.max(1, Math.floor(word.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter(({ d }) => d <= reach)
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map(({ c }) => c);
}

const FALLBACK: readonly Op[] = ["analyze", "test", "help"];

/**
 * The commands closest to what was typed ({@linkcode closeCommands}), else the three most used. Bare verbs, so each surface can
 * add its own prefix (`/ci-test analyze`, `@ci-orchestrator analyze`).
 *
 * @example
 * ```ts
 * suggestCommands("anaylze acme/app"); // ["analyze"]
 * ```
 */
export function suggestCommands(text: string): Op[] {
  const close = closeCommands(text);
  return close.length > 0 ? close : [...FALLBACK];
}

/**
 * Operations whose name or alias is a typo away from one of the first words; empty if none.
 *
 * @example
 * ```ts
 * closeCommands("comprae main dev"); // ["compare"]
 * closeCommands("asdf"); // []
 * ```
 */
export function closeCommands(text: string): Op[] {
  const words = text.toLowerCase().split(/[^a-z?-]+/).filter((w) => w.length >= 3).slice(0, 8);
  const scored = new Map<Op, number>();
  for (const word of words) {
    for (const spelling of ALL_VERB_SPELLINGS) {
      const d = editDistance(word, spelling);
      if (d > Math.max(1, Math.floor(spelling.length / 3))) continue;
      const op = verbToOp(spelling)!;
      scored.set(op, Math.min(scored.get(op) ?? d, d));
    }
  }
  return [...scored].sort((x, y) => x[1] - y[1]).map(([op]) => op).slice(0, 3);
}

/**
 * Exactly two example commands: the first two of the closest operation, or two general ones.
 *
 * @example
 * ```ts
 * examplesFor("compare").length; // 2
 * ```
 */
export function examplesFor(op?: Op): [string, string] {
  if (op && op !== "help") {
    const [a, b] = commandSpec(op).examples;
    return [a, b];
  }
  return [commandSpec("analyze").examples[0], commandSpec("test").examples[0]];
}
