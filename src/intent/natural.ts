/**
 * The natural-language stage: the sentence is read by the NLP library ({@linkcode readSentence}:
 * lemmas, negation), its names are found and masked ({@linkcode findNames}), its dialogue act
 * decides what it may become (a question never acts; "stop posting …" is an unsubscribe; a negated
 * request or a statement is refused, `nlu/refuse.ts`), the
 * operation rules run on the masked text, a typo'd command word is corrected at a lower
 * confidence, then the typed fields are extracted. Every answer says which rule fired.
 *
 * @module
 */
import {
  ALL_VERB_SPELLINGS,
  commandSpec,
  type FieldKey,
  keyToField,
  verbToOp,
} from "./commands.ts";
import type { Implied } from "./grammar.ts";
import { type DialogueAct, dialogueAct } from "./nlu/act.ts";
import { readSentence } from "./nlu/engine.ts";
import { compareSides, type Sides } from "./nlu/compare.ts";
import { findNames, type Names } from "./nlu/names.ts";
import { extractMatrix, type Take } from "./nlu/matrix.ts";
import { asksHelp, commandAsked, refusal } from "./nlu/refuse.ts";
import { COMMAND_WORD_RULES, NATURAL_RULES, type NaturalRule } from "./nlu/rules.ts";
import { CiError } from "../errors.ts";
import type { Op } from "./schema.ts";
import { closest } from "./suggest.ts";
import { tokenize } from "./tokenize.ts";
import { type Fields, setField, showValue, topicWord } from "./values.ts";

/** Subscription event filters as people say them. */
const EVENTS: readonly [RegExp, string][] = [
  [/\bpull[ _-]?requests?\b|\bPRs?\b/i, "pull_request"],
  [/\bpush(?:es)?\b/i, "push"],
  [/\bschedul\w*|\bnightly\b|\bcron\b/i, "schedule"],
];

/** What natural language understood. */
export interface NaturalIntent {
  op: Op;
  fields: Fields;
  explanation: string;
  /** How sure the stage is, in [0, 1]; below parse.ts's MODEL_THRESHOLD the model is asked. */
  confidence: number;
  act: DialogueAct;
}

/** Confidence of each way the stage reaches an operation. */
export const CONFIDENCE = {
  /** The library read the sentence and a rule matched. */
  library: 0.9,
  /** Read lexically (library not loaded yet). */
  lexical: 0.8,
  /** The dialogue act changed the operation (question → status/help, negation → unsubscribe). */
  act: 0.85,
  /** A typo'd command word was corrected: the caller confirms first. */
  typo: 0.6,
} as const;

const STATE_CHANGING = new Set<Op>([
  "test",
  "cancel",
  "subscribe",
  "unsubscribe",
  "login",
  "logout",
]);
const ALERT_WORDS =
  /\b(?:post\w*|alert\w*|notif\w*|ping\w*|messag\w*|spam\w*|failures?|send\w*)\b/i;
const SPEED =
  /\b(?:faster|slow\w*|speed\w*|quicker|under \d+|minutes|too long|takes? (?:so )?long)\b/i;

/** Verbs a typo may be corrected to: CI operations only, never account linking or help. */
const TYPO_TARGETS = ALL_VERB_SPELLINGS.filter((v) =>
  v.length >= 4 && !["login", "logout", "help"].includes(verbToOp(v)!)
);

function pickRule(masked: string) {
  return NATURAL_RULES.find((r) => r.pattern.test(masked)) ??
    COMMAND_WORD_RULES.find((r) => r.pattern.test(masked));
}

/** Operations two named sides of a comparison overrule ("is X faster than Y" is no optimize). */
const SIDES_WIN = new Set<Op | undefined>([
  undefined,
  "compare",
  "optimize",
  "analyze",
  "help",
  "test",
  "status",
]);

/** The rule for a sentence that names two sides of a comparison, else the rule found. */
function sidesRule(sides: Sides | undefined, rule: NaturalRule | undefined) {
  if (!sides || !SIDES_WIN.has(rule?.op)) return rule;
  const cue = sides.cue.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  const pattern = new RegExp(String.raw`(?<!\w)${cue}(?!\w)`, "i");
  return { id: "compare-sides", op: "compare" as Op, pattern };
}

/** A typo'd command word ("tset", "anaylze") corrected to its verb, or undefined. */
function correctTypo(masked: string): { text: string; from: string; to: string } | undefined {
  const words = masked.split(" ");
  for (let i = 0; i < Math.min(words.length, 6); i++) {
    const w = words[i].toLowerCase().replace(/[^a-z]/g, "");
    if (w.length < 4 || verbToOp(w)) continue;
    const near = closest(w, TYPO_TARGETS, 1)[0];
    if (!near) continue;
    const fixed = [...words.slice(0, i), near, ...words.slice(i + 1)].join(" ");
    return { text: fixed, from: words[i], to: near };
  }
  return undefined;
}

/** The operation the act allows, with why, when it differs from the rule's. */
function byAct(op: Op, act: DialogueAct, text: string, names: Names): [Op, string] | undefined {
  if (
    act === "negation" && (op === "cancel" || op === "subscribe" || op === "test") &&
    ALERT_WORDS.test(text)
  ) return ["unsubscribe", "negated alerts"];
  if (act !== "question") return undefined;
  if (/^\s*why\b/i.test(text) && op !== "analyze") return ["analyze", "a why-question"];
  if (op === "test" && SPEED.test(text)) return ["optimize", "a question about speed"];
  if (op === "compare" && names.workflows.length < 2 && names.refs.length < 2) return undefined;
  // "am I logged in?" asks about the link; "can you log me in?" is a request, not a question.
  if (op === "login" || op === "logout") return ["help", "a question about your GitHub link"];
  if (STATE_CHANGING.has(op)) {
    return /^\s*how (?:do|can|should) (?:i|we)\b/i.test(text)
      ? ["help", "a how-to question"]
      : ["status", "a question"];
  }
  return undefined;
}

/**
 * Reads a sentence. Returns undefined when no rule fired (extracted fields alone never decide
 * an operation). Throws {@linkcode import("../errors.ts").CiError} (`bad_request`) for a bad
 * `key:value` inside the sentence (e.g. `runs:80` stays an error, not silently dropped).
 *
 * @example
 * ```ts
 * parseNatural("How can I make my CI faster?", { hard: false })?.op; // "optimize"
 * ```
 */
export function parseNatural(text: string, implied: Implied): NaturalIntent | undefined {
  const names = findNames(text);
  const reading = readSentence(names.masked);
  const act = dialogueAct(text, reading);
  let masked = names.masked;
  let sides = compareSides(text, names);
  let rule = sidesRule(sides, pickRule(masked));
  let typo: ReturnType<typeof correctTypo>;
  if (!rule) {
    // Inflections the rules do not spell out ("subscribing", "cancelled"): read the lemmas.
    const lemmas = reading.lemmas.join(" ");
    rule = pickRule(lemmas);
    if (rule) masked = lemmas;
  }
  if (!rule) {
    typo = correctTypo(masked);
    if (typo) masked = typo.text;
    rule = typo ? pickRule(masked) : undefined;
    if (typo && rule?.op === "compare") {
      sides = compareSides(text.replace(typo.from, typo.to), names);
    }
    if (!rule) return undefined;
  }
  let op = rule.op;
  let why = "";
  const before = masked.slice(0, rule.pattern.exec(masked)!.index);
  const refused = implied.hard ? undefined : refusal(text, before, op, act);
  if (refused) {
    throw new CiError("unsupported", `Not acting on ${JSON.stringify(text)}: ${refused}`, {
      hint: "To run a command, ask for it plainly, e.g. 'cancel 4411' or 'test acme/app'.",
    });
  }
  const asked = commandAsked(text);
  if (asked && !implied.hard) {
    return {
      op: "help",
      fields: { topic: asked },
      confidence: CONFIDENCE.act,
      act,
      explanation: `natural language (${act}): a question about what '${asked}' does → help`,
    };
  }
  const twoFiles = names.workflows.length === 2 &&
    /\b(?:faster|slower|quicker|than|vs\.?|versus|compar\w*|a\/b|against)\b/i.test(text);
  if (twoFiles && op !== "migrate") [op, why] = ["compare", "two workflow files"];
  const changed = asksHelp(masked, op) && !implied.hard && !sides
    ? ["help", "a request for help"] as [Op, string]
    : byAct(op, act, text, names);
  if (changed && !twoFiles) [op, why] = changed;
  if (implied.hard && implied.op) op = implied.op;
  const confidence = typo
    ? CONFIDENCE.typo
    : changed || twoFiles
    ? CONFIDENCE.act
    : reading.library
    ? CONFIDENCE.library
    : CONFIDENCE.lexical;
  const found: Fields = {};
  const notes: [FieldKey, string][] = [];
  const take = (field: FieldKey, value: string, note: string) => {
    setField(found, field, value, op);
    notes.push([field, `${field} ${note}`]);
  };
  extractInto(text, op, names, take, op === "compare" ? sides : undefined);
  if (op === "help" && changed && !found.topic && rule.op !== "help") {
    take("topic", rule.op, `'${rule.op}'`);
  }
  const allowed = commandSpec(op).keys;
  const fields: Fields = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(found) as [FieldKey, never][]) {
    if (allowed.includes(key)) fields[key] = value;
    else ignored.push(key);
  }
  const kept = notes.filter(([field]) => allowed.includes(field)).map(([, note]) => note);
  const matched = JSON.stringify(rule.pattern.exec(masked)![0].trim());
  const head = `natural language (${act}): rule '${rule.id}' matched ${matched} → ${rule.op}`;
  const fixed = typo ? `; read '${typo.from}' as '${typo.to}' (typo)` : "";
  const moved = why && op !== rule.op && !(implied.hard && implied.op) ? `; ${op} from ${why}` : "";
  const overridden = implied.hard && implied.op && rule.op !== op
    ? `; ${op} from the command word`
    : "";
  const read = kept.length > 0 ? `; read ${kept.join(", ")}` : "";
  const skipped = ignored.length > 0 ? `; ignored ${ignored.join(", ")} (not used by ${op})` : "";
  return {
    op,
    fields,
    confidence,
    act,
    explanation: head + fixed + moved + overridden + read + skipped,
  };
}

const KNOWN_INPUT_KEY = /^[A-Za-z_][\w-]*$/;

function extractInto(text: string, op: Op, names: Names, take: Take, sides?: Sides): void {
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
    const word = text.split(" ").find((w) => topicWord(w) && !/^help$/i.test(w));
    if (word) take("topic", word, showValue(word));
  }
  extractMatrix(text, take);
  const runs = /\b(\d+)\s*(?:times|runs|x)\b|\bx\s*(\d+)\b/i.exec(text);
  if (runs) take("runs", runs[1] ?? runs[2], `${runs[1] ?? runs[2]}`);
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
      /\b(?:job|run|build|id)\s*#?(\d+)\b/i.exec(text)?.[1] ??
      (op === "cancel" ? /\b(\d+)\b/.exec(text)?.[1] : undefined);
    if (id) take("target", id, showValue(id));
  }
}

function extractStrategy(text: string, take: Take): void {
  const m = /\b(reusable|shared)\s+workflows?\b|\b(composite|shared)\s+actions?\b|\b(hybrid)\b/i
    .exec(text);
  if (!m) return;
  const strategy = m[1] ? "reusable" : m[2] ? "actions" : "hybrid";
  take("strategy", strategy, `from ${JSON.stringify(m[0])}`);
}

function extractAlert(text: string, take: Take): void {
  const m =
    /\b(fail\w*|breaks?|broken|(?:goes|turns) red)\b|\b(recover\w*|(?:is|gets) fixed|fixed|(?:goes|turns|is) green|back to green|green again|passes again)\b|\b(finishes|completes|every run|always|each run)\b/i
      .exec(text);
  if (!m) return;
  const on = m[1] ? "failure" : m[2] ? "recovery" : "always";
  take("on", on, `from ${JSON.stringify(m[0])}`);
}
