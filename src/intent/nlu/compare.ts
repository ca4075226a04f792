/**
 * The two sides of a comparison said in prose. Which side is the baseline is read from the
 * construction, never from the names: after a comparative ("X faster than Y", "X against Y",
 * "X compared to Y", "does X beat Y", "did moving to X help vs Y") the side after the connecting
 * word is the baseline; in a coordination ("X vs Y", "compare X and Y", "between X and Y",
 * "which is quicker, X or Y") the first named is. A comparison needs two sides, so finding them
 * is what makes a sentence a compare, whatever verb (or none) it uses.
 *
 * @module
 */
import { verbToOp } from "../commands.ts";
import { isWorkflowPath } from "../values.ts";
import type { Names } from "./names.ts";

/** The two sides found, and the connecting word (it becomes the rule's match). */
export interface Sides {
  baseline: string;
  candidate: string;
  cue: string;
}

/** Default branch names. */
export const DEFAULT_BRANCH = /^(?:main|master|trunk|develop|development|dev)$/i;
/** Single words people name branches with: a side even without a dash, digit or slash. */
const BRANCH_WORD =
  /^(?:main|master|trunk|develop|development|dev|staging|stage|next|canary|beta|alpha|stable|release|prod|production|nightly|edge|preview|perf|experimental|legacy|hotfix|turbo)$/i;
/** Words a side never is ("is CI faster than before", "compare my builds with yours"). */
const NOT_SIDES =
  /^(?:a|an|any|all|no|not|some|my|the|this|that|these|those|our|it|its|ci|cd|workflow|workflows|branch|branches|build|builds|tests?|runs?|jobs?|pipelines?|suite|one|ones|yesterday|today|before|usual|normal|last|github|gitlab|jenkins|local|locally|yours|mine|them|others?|expected|average|ever|now|then|speed|cost|time|caching|cache|and\/or|ci\/cd|i\/o|n\/a|tcp\/ip|a\/b)$/i;
/** A side: one name, not starting inside another word. */
const SIDE = String.raw`(?<![\w./-])([A-Za-z0-9][\w./-]*[\w/]|[A-Za-z0-9])`;
/** Comparatives: "faster", "more reliable", "less flaky". */
const MORE = String
  .raw`(?:faster|slower|quicker|better|worse|cheaper|leaner|flakier|heavier|lighter|(?:more|less)\s+[a-z]+)`;
/** Verbs between a side and its comparative: "X is/got/runs slower than Y". */
const LINK = String
  .raw`(?:(?:is|are|was|were|runs?|builds?|gets?|got|get|became|become|seems?|feels?)\s+)?(?:(?:any|much|way|even|really|a\s+lot|a\s+bit)\s+)?`;
/** What may follow a side's name: "the nightly build compares to main". */
const TAIL = String.raw`(?:\s+(?:branch|build|builds|pipeline|ci))?`;
/** Words before the second side that are not part of it ("than on main", "vs the old one"). */
const LEAD = String.raw`(?:(?:on|at|in|the)\s+)?`;

/** `[pattern, which group is the baseline, strict]`: strict sides must look like names. */
const PATTERNS: readonly [RegExp, 1 | 2, boolean][] = [
  // "did moving to X help vs Y", "switching to X vs staying on Y"
  [
    new RegExp(
      String
        .raw`\b(?:moving|switching|going|migrating|changing|move|switch)\s+to\s+(?:the\s+)?${SIDE}.*?\b(?:vs\.?|versus|against|compared (?:to|with)|over|than)\s+(?:staying\s+on\s+)?${LEAD}${SIDE}`,
      "i",
    ),
    2,
    false,
  ],
  // "is main slower than it was at v1.0"
  [
    new RegExp(
      String
        .raw`${SIDE}\s+${LINK}${MORE}\s+than\s+(?:it|they)\s+(?:was|were|used\s+to\s+be)\s+(?:at|on|in|as\s+of)\s+${SIDE}`,
      "i",
    ),
    2,
    false,
  ],
  // "compare X and Y" (first is the baseline), "compare X against Y" (Y is)
  [
    new RegExp(
      String
        .raw`\b(?:compare|comparing|diff|benchmark|bench)\s+(?:the\s+)?${SIDE}\s+(and|with|to|against|vs\.?|versus|&)\s+${LEAD}${SIDE}`,
      "i",
    ),
    1,
    false,
  ],
  [new RegExp(String.raw`\bbetween\s+${SIDE}\s+and\s+${LEAD}${SIDE}`, "i"), 1, false],
  // "how does X compare to Y", "how does X stack up against Y"
  [
    new RegExp(
      String
        .raw`${SIDE}${TAIL}\s+(?:compares?|stacks?\s+up|do(?:es)?|fares?)\s+(?:to|with|against|vs\.?|versus)\s+${LEAD}${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [new RegExp(String.raw`${SIDE}${TAIL}\s+${LINK}${MORE}\s+than\s+${LEAD}${SIDE}`, "i"), 2, true],
  // "how much slower is staging than main": the comparative first, then the sides
  [
    new RegExp(
      String
        .raw`\b${MORE}\s+(?:is|are|was|were|does|do|did)\s+(?:the\s+)?${SIDE}${TAIL}\s+than\s+${LEAD}${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [
    new RegExp(
      String.raw`\b(?:does|did|will|can|would)\s+${SIDE}\s+(?:beat|outperform|outrun)\s+${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [
    new RegExp(
      String
        .raw`${SIDE}\s+(?:against|compared\s+(?:to|with)|relative\s+to)\s+${LEAD}${SIDE}`,
      "i",
    ),
    2,
    true,
  ],
  [new RegExp(String.raw`${SIDE}\s+(?:vs\.?|versus)\s+${LEAD}${SIDE}`, "i"), 1, true],
  // "which builds quicker, X or Y", "which one wins: X or Y"
  [
    new RegExp(
      String
        .raw`\bwhich\b[^?]*?\b(?:faster|slower|quicker|better|worse|cheaper|wins?|best)\b[^?]*?[,:\s-]\s*(?:on\s+)?${SIDE}\s+or\s+(?:on\s+)?${SIDE}`,
      "i",
    ),
    1,
    true,
  ],
];

const CUES =
  /\b(?:compar\w*|diff|between|than|beat|outperform|outrun|vs\.?|versus|against|relative|or|over)\b/gi;

/** A word that can be a side at all: no stop word, no command name ("analyze vs optimize"). */
function plausible(word: string): boolean {
  return !NOT_SIDES.test(word) && !verbToOp(word) && !/^\d+$/.test(word);
}

function looksLikeName(word: string, names: Names): boolean {
  return isWorkflowPath(word) || BRANCH_WORD.test(word) || names.refs.includes(word) ||
    /[-_/.\d]/.test(word);
}

/**
 * A side written `owner/name` is a branch only when the sentence names its repository
 * elsewhere ("benchmark perf/x against main on foo/bar"): the repository is never a side.
 */
function repoAsSide(side: string, other: string, names: Names): boolean {
  if (!names.repos.includes(side)) return true;
  return names.repos.some((r) => r !== side && r !== other);
}

/**
 * The sides of a comparison, or undefined when the sentence compares nothing by name.
 *
 * @example
 * ```ts
 * import { findNames } from "./names.ts";
 * const text = "is perf-cache faster than main?";
 * compareSides(text, findNames(text)); // { baseline: "main", candidate: "perf-cache", cue: "than" }
 * ```
 */
export function compareSides(text: string, names: Names): Sides | undefined {
  const prose = text.replace(/https?:\/\/\S+/g, " ").replace(/[()[\]"“”]/g, " ");
  for (const [re, base, strict] of PATTERNS) {
    const m = re.exec(prose);
    if (!m) continue;
    const connective = m.length > 3 ? m[2] : undefined;
    const [a, b] = [m[1], m.length > 3 ? m[3] : m[2]].map((s) => s.replace(/[.,;:!?]+$/, ""));
    if (a.toLowerCase() === b.toLowerCase() || !plausible(a) || !plausible(b)) continue;
    if (!repoAsSide(a, b, names) || !repoAsSide(b, a, names)) continue;
    if (strict && !looksLikeName(a, names) && !looksLikeName(b, names)) continue;
    // "compare X against Y": Y is the reference, as in "X against Y"; "compare X to Y" keeps
    // the grammar's order (`compare main to dev`: main is the baseline).
    const after = base === 2 || /^against$/i.test(connective ?? "");
    const baseline = after ? b : a;
    const between = m[0].replace(a, " ").replace(b, " ");
    // The cue becomes the rule's match on the masked text: one found there as a word first.
    const cues = [...between.matchAll(CUES)].map((c) => c[0]);
    const cue = cues.find((c) =>
      new RegExp(String.raw`(?<!\w)${c.replace(".", "\\.")}(?!\w)`, "i").test(names.masked)
    ) ?? cues[0];
    if (cue) {
      return { baseline, candidate: after ? a : b, cue };
    }
  }
  return undefined;
}
