/**
 * The two sides of a comparison said in prose: "perf-cache against main", "is X faster than Y",
 * "which builds quicker, X or Y", "pit a.yml against b.yml", "did moving to X help vs Y". A
 * comparison needs two sides, so finding them is what makes a sentence a compare, whatever verb
 * (or none) it uses. The baseline is the reference side: `main` (or another default branch)
 * when one side is one, else the side after "than", "against", "vs" or "compared to"; for two
 * workflow files the first, except after "than".
 *
 * @module
 */
import { isWorkflowPath } from "../values.ts";
import type { Names } from "./names.ts";

/** The two sides found, and the connecting word (it becomes the rule's match). */
export interface Sides {
  baseline: string;
  candidate: string;
  cue: string;
}

/** Branch names that are the reference side of any comparison. */
export const DEFAULT_BRANCH = /^(?:main|master|trunk|develop|development|dev)$/i;
/** Words a side never is ("is CI faster than before", "compare my builds with yours"). */
const NOT_SIDES =
  /^(?:my|the|this|that|these|those|our|it|its|ci|cd|workflow|workflows|branch|build|builds|tests?|runs?|jobs?|pipelines?|one|ones|yesterday|today|before|usual|normal|last|github|gitlab|jenkins|local|locally|yours|mine|them|others?|expected|average|ever|now|then|and\/or|ci\/cd|i\/o|n\/a|tcp\/ip)$/i;
const SIDE = String.raw`([A-Za-z0-9][\w./-]*[\w/]|[A-Za-z0-9])`;
const MORE = String.raw`(?:faster|slower|quicker|better|worse|cheaper|leaner|more stable|flakier)`;

/** `[pattern, which group is the baseline, strict]`: strict sides must look like names. */
const PATTERNS: readonly [RegExp, 1 | 2, boolean][] = [
  // "did moving to X help vs Y", "switching to X vs staying on Y"
  [
    new RegExp(
      String
        .raw`\b(?:moving|switching|going|migrating|changing)\s+to\s+${SIDE}\b.*?\b(?:vs\.?|versus|against|compared (?:to|with)|over|than)\s+(?:on\s+|staying on\s+)?${SIDE}`,
      "i",
    ),
    2,
    false,
  ],
  [
    new RegExp(
      String
        .raw`\b(?:compare|comparing|diff)\s+(?:the\s+)?${SIDE}\s+(and|with|to|against|vs\.?|versus)\s+(?:the\s+)?${SIDE}`,
      "i",
    ),
    1,
    false,
  ],
  [new RegExp(String.raw`\bbetween\s+${SIDE}\s+and\s+${SIDE}`, "i"), 1, false],
  // "how does ci on X compare to Y", "how does X stack up against Y"
  [
    new RegExp(
      String
        .raw`${SIDE}\s+(?:compares?|stacks?\s+up|do(?:es)?|fares?)\s+(?:to|with|against|vs\.?|versus)\s+(?:the\s+)?${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [
    new RegExp(
      String.raw`${SIDE}\s+(?:(?:is|are|was|runs?|builds?)\s+)?${MORE}\s+than\s+(?:on\s+)?${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [
    new RegExp(
      String.raw`\b(?:does|did|will|can)\s+${SIDE}\s+(?:beat|outperform|outrun)\s+${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [
    new RegExp(
      String.raw`${SIDE}\s+(?:vs\.?|versus|against|compared (?:to|with))\s+(?:the\s+)?${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  // "which builds quicker, X or Y", "which is faster: X or Y"
  [
    new RegExp(
      String
        .raw`\bwhich\b[^,:?]*\b(?:faster|slower|quicker|better|worse|cheaper)\b[\s\w]*[,:\s-]+(?:on\s+)?${SIDE}\s+or\s+(?:on\s+)?${SIDE}`,
      "i",
    ),
    1,
    true,
  ],
];

function looksLikeName(word: string, names: Names): boolean {
  return isWorkflowPath(word) || DEFAULT_BRANCH.test(word) || names.refs.includes(word) ||
    /[-_/\d]/.test(word) && !names.repos.includes(word);
}

/**
 * The sides of a comparison, or undefined when the sentence compares nothing by name.
 *
 * @example
 * ```ts
 * import { findNames } from "./names.ts";
 * const text = "is perf-cache faster than main?";
 * compareSides(text, findNames(text)); // { baseline: "main", candidate: "perf-cache", cue: … }
 * ```
 */
export function compareSides(text: string, names: Names): Sides | undefined {
  const prose = text.replace(/https?:\/\/\S+/g, " ");
  for (const [re, base, strict] of PATTERNS) {
    const m = re.exec(prose);
    if (!m) continue;
    const sides = m.slice(1).filter((s) =>
      s !== undefined && !/^(?:and|with|to|against|vs\.?|versus)$/i.test(s)
    )
      .map((s) => s.replace(/[.,;:!?]+$/, ""));
    if (sides.length !== 2) continue;
    const [a, b] = sides;
    if (a.toLowerCase() === b.toLowerCase() || NOT_SIDES.test(a) || NOT_SIDES.test(b)) continue;
    if (names.repos.includes(a) || names.repos.includes(b)) continue;
    if (strict && !(looksLikeName(a, names) && looksLikeName(b, names))) continue;
    const files = isWorkflowPath(a) && isWorkflowPath(b);
    // "compare X to/against/vs Y": Y is the reference, as in "X against Y".
    const after = base === 2 || /^(?:to|against|vs\.?|versus)$/i.test(m[2] ?? "") && !files;
    let baseline = files
      ? (/\b(?:than|beat|outperform|outrun)\b/i.test(m[0]) ? b : a)
      : after
      ? b
      : a;
    if (!files && DEFAULT_BRANCH.test(a) !== DEFAULT_BRANCH.test(b)) {
      baseline = DEFAULT_BRANCH.test(a) ? a : b;
    }
    const cue =
      /\b(?:compar\w*|diff|between|than|beat|outperform|outrun|vs\.?|versus|against|or)\b/i
        .exec(m[0])?.[0] ?? m[0];
    return { baseline, candidate: baseline === a ? b : a, cue };
  }
  return undefined;
}
