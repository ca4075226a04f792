/**
 * Where the natural-language stage asks the classifier (`nlu/classify.ts`): for a sentence no
 * rule placed, and for a question a state-changing rule matched ("does lint.yml follow good
 * practice?" names no subscription). Also the account typos
 * ("hepl", "lgoin", "sing out") that the CI typo list leaves out.
 *
 * @module
 */
import type { Op } from "../schema.ts";
import { editDistance } from "../suggest.ts";
import { classify } from "./classify.ts";

/** A reading the classifier gave, with its posterior. */
export interface Guessed {
  op: Op;
  p: number;
}

/** Below this posterior, or this close to the runner-up, the classifier says nothing. */
const THRESHOLD = 0.8;
const MARGIN = 0.5;
/**
 * The only operations a guess may choose: none of them changes anything. A state change needs
 * a rule (the classifier still learns those operations, so "nuke the run" is no status). `use`
 * only shows the default: with a name it would set it, so {@linkcode grounded} refuses that.
 */
const SAFE = new Set<Op>(["analyze", "optimize", "help", "status", "migrate", "use"]);

/**
 * The classifier's operation for a masked sentence when it is sure enough, else undefined.
 *
 * @example
 * ```ts
 * guessOp("REPONAME CI has been crawling since monday")?.op; // "analyze"
 * ```
 */
export function guessOp(masked: string): Guessed | undefined {
  const g = classify(masked);
  if (g.label === "none" || g.p < THRESHOLD || g.p - g.second < MARGIN) return undefined;
  return SAFE.has(g.label) ? { op: g.label, p: g.p } : undefined;
}

/** Words that make a sentence about CI at all. */
const CI_WORDS =
  /\b(?:ci|cd|builds?|pipelines?|workflows?|jobs?|tests?|suites?|runs?|runners?|actions|checks?|lint\w*|deploy\w*|cach\w*|matrix|minutes)\b/i;
/** Words that ask something of CI: a problem, a speed, a state. */
const CONCERN =
  /\b(?:slow\w*|fail\w*|broke\w*|red|flak\w*|crawl\w*|drag\w*|stuck|hung|tim\w* out|forever|long|hours?|minutes|faster|quicker|speed\w*|costs?|expensive|secur\w*|risk\w*|health\w*|safe\w*|pinned|running|queued|done|finished|progress|wrong|mess|dying|burning|eating)\b/i;

/**
 * Whether a classifier-only reading has evidence the sentence is about CI: a name (repository,
 * workflow, ref, id), or CI words with a concern. Chatter ("what's up?", "build is green,
 * merging now", "why do we even have two CI systems") has neither and stays nothing.
 *
 * @example
 * ```ts
 * grounded("analyze", "what's up?", 0); // false
 * grounded("use", "frobnicate REPONAME", 1); // false
 * grounded("analyze", "REPONAME CI has been crawling since monday", 1); // true
 * ```
 */
export function grounded(op: Op, text: string, named: number): boolean {
  // Help and the default repository are about the bot, not CI: they need no CI words. A guessed
  // `use` that names something would set the channel's default: that takes a rule.
  if (op === "use") return named === 0;
  if (op === "help") return true;
  return named > 0 || CI_WORDS.test(text) && CONCERN.test(text);
}

/**
 * For a question a state-changing rule matched: the safe operation it asks about, if clear.
 *
 * @example
 * ```ts
 * askedOp("does WORKFLOWFILE in REPONAME follow good practice?")?.op; // "analyze"
 * ```
 */
export function askedOp(masked: string): Guessed | undefined {
  return guessOp(masked);
}

const ACCOUNT_WORDS = ["help", "login", "logout", "signin", "signout"];
const SPOKEN: Record<string, string> = { signin: "login", signout: "logout" };

/**
 * A typo'd help or account word opening the sentence ("hepl", "hlpe test", "lgoin", "sing in"),
 * corrected; these are left out of the CI typo list and read at the typo confidence.
 *
 * @example
 * ```ts
 * accountTypo("lgoin"); // { text: "login", from: "lgoin", to: "login" }
 * ```
 */
export function accountTypo(
  masked: string,
): { text: string; from: string; to: string } | undefined {
  // "sing in", "sigin in", "sgin out": one edit from "sign", then in/on/out/off.
  const m = /^(\s*)(s[a-z]{2,4})[ -]?(in|on|out|off)\b/i.exec(masked);
  const signed = m && m[2].toLowerCase() !== "sign" &&
    editDistance(m[2].toLowerCase(), "sign") <= 1;
  if (m && signed) {
    const to = /^o(?:ut|ff)$/i.test(m[3]) ? "logout" : "login";
    return { text: to + masked.slice(m[0].length), from: m[0].trim(), to };
  }
  const first = /^\s*([a-z]{4,6})\b/i.exec(masked)?.[1];
  if (!first || ACCOUNT_WORDS.includes(first.toLowerCase())) return undefined;
  // Only swapped letters after the first: "held" or "logs" are words, not typos of help or login.
  const sorted = (w: string) => [...w.toLowerCase()].sort().join("");
  const near = ACCOUNT_WORDS.find((w) =>
    w[0] === first[0].toLowerCase() && sorted(w) === sorted(first)
  );
  if (!near) return undefined;
  const to = SPOKEN[near] ?? near;
  return { text: to + masked.slice(masked.indexOf(first) + first.length), from: first, to };
}
