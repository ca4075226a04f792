/**
 * The typed fields of a natural-language sentence, once its operation is known: `key:value`
 * tokens, names, run counts, matrices, migration strategies, alert filters and job ids.
 *
 * @module
 */
import { keyToField } from "../commands.ts";
import type { Op } from "../schema.ts";
import { showValue, topicWord } from "../values.ts";
import { tokenize } from "../tokenize.ts";
import { extractMatrix, type Take } from "./matrix.ts";
import { JOB_ID, type Names } from "./names.ts";
import type { Sides } from "./compare.ts";
import type { FieldKey } from "../commands.ts";

/** Subscription event filters as people say them. */
const EVENTS: readonly [RegExp, string][] = [
  [/\bpull[ _-]?requests?\b|\bPRs?\b/i, "pull_request"],
  [/\bpush(?:es)?\b/i, "push"],
  [/\bschedul\w*|\bnightly\b|\bcron\b/i, "schedule"],
];

const KNOWN_INPUT_KEY = /^[A-Za-z_][\w-]*$/;

/**
 * Reads the typed fields of `op` from a sentence (key:value tokens, names, runs, matrices,
 * strategies, alert filters, job ids) and hands each to `take`.
 *
 * @example
 * ```ts
 * extractInto("test acme/app 3 times", "test", findNames("test acme/app 3 times"), take);
 * ```
 */
export function extractInto(text: string, op: Op, names: Names, take: Take, sides?: Sides): void {
  const used = new Set<string>();
  const seen = new Set<FieldKey>();
  const sided = sides && !seen.has("baseline");
  for (const token of tokenize(text)) {
    const kv = /^([A-Za-z][\w-]*)([:=])([\s\S]+)$/.exec(token.text.replace(/[.,;!?]+$/, ""));
    if (!kv || token.quoted || /^https?$/i.test(kv[1])) continue;
    const field = keyToField(kv[1], op);
    if (field) {
      take(field, kv[3], `from ${kv[1]}:`);
      seen.add(field);
    } else if (kv[2] === "=" && KNOWN_INPUT_KEY.test(kv[1])) {
      // `environment=staging` in a sentence is a workflow input, as with `inputs:`.
      take("inputs", `${kv[1]}=${kv[3]}`, `from ${kv[1]}=`);
    }
    used.add(token.text);
  }
  if (sides && !seen.has("baseline")) {
    take("baseline", sides.baseline, showValue(sides.baseline));
    take("candidate", sides.candidate, showValue(sides.candidate));
    used.add(sides.baseline).add(sides.candidate);
  }
  const files = names.workflows.filter((w) => !used.has(w));
  if (op === "compare" && files.length === 2 && !seen.has("baseline") && !sided) {
    // "is X faster than Y": X is the candidate, Y the baseline; "compare X Y / X vs Y": X first.
    const [first, second] = files;
    const flipped = /\b(?:faster|slower|quicker|better|worse)\s+than\b/i.test(text);
    take("baseline", flipped ? second : first, showValue(flipped ? second : first));
    take("candidate", flipped ? first : second, showValue(flipped ? first : second));
  } else if (files[0] && !seen.has("workflow")) take("workflow", files[0], showValue(files[0]));
  const repo = names.repos.find((r) => !used.has(r));
  if (repo && !seen.has("repo")) take("repo", repo, showValue(repo));
  if (op === "help" && !seen.has("topic")) {
    // "how do I use you" names no command; "test and compare" names two: neither is a topic.
    const words = text.split(" ").map((w) => w.replace(/[.,;:!?]+$/, "")).filter((w, i, all) =>
      topicWord(w) && topicWord(w) !== "help" &&
      !(/^use$/i.test(w) && /^(?:you|this|it|the)\b/i.test(all[i + 1] ?? ""))
    );
    const two = new Set(words.map((w) => topicWord(w))).size > 1 &&
      /\b(?:difference|between|vs\.?|versus|or)\b/i.test(text);
    if (words[0] && !two) take("topic", words[0], showValue(words[0]));
    // Workflow inputs are given with test: "how do I give inputs to a workflow".
    else if (!two && /\binputs?\b/i.test(text)) take("topic", "test", "test (inputs)");
  }
  extractMatrix(text, take);
  const runs = /\b(\d+)\s*(?:times|runs|x)\b|\bx\s*(\d+)\b/i.exec(text);
  const spelled = /\b(?:(twice)|(thrice)|(two|three|four|five|ten) (?:times|runs))\b/i.exec(text);
  if (runs) take("runs", runs[1] ?? runs[2], `${runs[1] ?? runs[2]}`);
  else if (spelled && op === "test") {
    const n = spelled[1] ? 2 : spelled[2] ? 3 : NUMBERS[spelled[3].toLowerCase()];
    take("runs", String(n), `${n} from ${JSON.stringify(spelled[0])}`);
  }
  if (op === "optimize") extractApply(text, take);
  const refField = keyToField("ref", op)!;
  const ref = names.refs.find((r) => !used.has(r));
  if (ref && !seen.has(refField) && !seen.has("baseline") && !sided) {
    take(refField, ref, showValue(ref));
  }
  if (op === "migrate") extractStrategy(text, take);
  if (op === "subscribe" || op === "unsubscribe") {
    extractAlert(text, take);
    const event = EVENTS.find(([re]) => re.test(text));
    if (event && !seen.has("event")) take("event", event[1], `from ${JSON.stringify(event[1])}`);
    const branch =
      /\b(?:when|whenever|once|if)\s+(?:[\w.-]+\/[\w.-]+(?:['’]s)?\s+)?(main|master|develop|trunk|[\w.-]+\/[\w./-]+)\s+(?:is|goes|gets|turns|fails|breaks|passes|recovers)\b/i
        .exec(text);
    if (branch && !ref && !seen.has("branch") && !names.repos.includes(branch[1])) {
      take("branch", branch[1], showValue(branch[1]));
    }
  }
  if ((op === "cancel" || op === "status") && !seen.has("target")) {
    const id = /\/actions\/runs\/(\d+)/.exec(text)?.[1] ?? names.ids[0] ??
      names.refs.find((r) => JOB_ID.test(r) && /\d/.test(r)) ??
      /\b(?:job|run|build|id)\s*#?(\d+)\b/i.exec(text)?.[1] ?? bareId(names.masked);
    if (id) take("target", id, showValue(id));
  }
}

/**
 * A bare number the status or cancel wording is about ("status of 5521", "has 6130 finished?").
 * Dropping it would report on the latest job instead, so any number that is not a count, a
 * duration, a version or part of a name is the id.
 */
const BARE_ID = new RegExp(
  String
    .raw`(?<![\w./:@-])#?(\d+)(?![\w./:-]|\s*(?:x\b|times|runs|min\w*|m\b|s\b|secs?\b|seconds|h\b|hrs?\b|hours?|days?|weeks?|jobs|builds|tests|of\b|%|percent))`,
  "gi",
);
const COUNTED =
  /\b(?:python|py|node|nodejs|go|golang|java|jdk|ruby|deno|version|v|top|last|first|past|over|under|about|within)\s*$/i;

function bareId(masked: string): string | undefined {
  for (const m of masked.matchAll(BARE_ID)) {
    if (!COUNTED.test(masked.slice(0, m.index))) return m[1];
  }
  return undefined;
}

const NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, ten: 10 };

/** "apply s1b2c3 and s4d5e6": preview those suggestions. */
function extractApply(text: string, take: Take): void {
  const ID = String.raw`s[a-z0-9][a-z0-9-]*`;
  const m = new RegExp(
    String
      .raw`\bapply\s+(?:the\s+)?(?:suggestions?\s+|ids?\s+)?(${ID}(?:\s*(?:,|\band\b|&)\s*${ID})*)`,
    "i",
  )
    .exec(text);
  if (!m) return;
  const ids = m[1].split(/\s*(?:,|\band\b|&)\s*/i).join(",");
  take("apply", ids, `preview of ${ids}`);
}

function extractStrategy(text: string, take: Take): void {
  // Both kinds named ("a mix of reusable workflows and composite actions"): hybrid.
  if (/\breusable workflows?\b/i.test(text) && /\bcomposite actions?\b/i.test(text)) {
    take("strategy", "hybrid", "hybrid (both named)");
    return;
  }
  if (/\bshare (?:one|a single|the same) workflow\b|\bcopy[- ]?past\w*/i.test(text)) {
    take("strategy", "reusable", "reusable (one shared workflow)");
    return;
  }
  const m = /\b(reusable|shared)\s+workflows?\b|\b(composite|shared)\s+actions?\b|\b(hybrid)\b/i
    .exec(text);
  if (!m) return;
  const strategy = m[1] ? "reusable" : m[2] ? "actions" : "hybrid";
  take("strategy", strategy, `from ${JSON.stringify(m[0])}`);
}

function extractAlert(text: string, take: Take): void {
  const m =
    /\b(fail\w*|breaks?|broken|(?:goes|turns) red)\b|\b(recover\w*|(?:is|gets) fixed|fixed|(?:goes|turns|is) green|back to green|green again|passes again)\b|\b(finishes|completes|every (?:\S+ )?run|always|each run)\b/i
      .exec(text);
  if (!m) {
    // "every time build.yml runs": each run, whatever its outcome.
    if (/\b(?:every|each) time\b|\bwhenever\b/i.test(text)) {
      take("on", "always", "from 'every time'");
    }
    return;
  }
  const on = m[1] ? "failure" : m[2] ? "recovery" : "always";
  take("on", on, `from ${JSON.stringify(m[0])}`);
}
