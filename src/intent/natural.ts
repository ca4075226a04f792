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
import { ALL_VERB_SPELLINGS, commandSpec, type FieldKey, verbToOp } from "./commands.ts";
import type { Implied } from "./grammar.ts";
import { type DialogueAct, dialogueAct } from "./nlu/act.ts";
import { readSentence } from "./nlu/engine.ts";
import { compareSides, type Sides } from "./nlu/compare.ts";
import { extractInto } from "./nlu/extract.ts";
import { accountTypo, askedOp, grounded, type Guessed, guessOp } from "./nlu/guess.ts";
import { findNames, type Names } from "./nlu/names.ts";
import { asksHelp, commandAsked, refusal } from "./nlu/refuse.ts";
import { COMMAND_WORD_RULES, NATURAL_RULES, type NaturalRule } from "./nlu/rules.ts";
import { CiError } from "../errors.ts";
import type { Op } from "./schema.ts";
import { closest } from "./suggest.ts";
import { type Fields, setField } from "./values.ts";

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
  /** No rule matched; the classifier chose a read-only operation. */
  classifier: 0.75,
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
/** Everyday words within reach of a command spelling ("switch" → watch, "state" → status). */
const NOT_TYPOS = new Set([
  "switch",
  "match",
  "catch",
  "fetch",
  "patch",
  "batch",
  "state",
  "start",
  "lit",
]);

function pickRule(masked: string) {
  return NATURAL_RULES.find((r) => r.pattern.test(masked)) ??
    COMMAND_WORD_RULES.find((r) => r.pattern.test(masked));
}

const HELP_RULE = NATURAL_RULES.find((r) => r.id === "help-ask")!;
/** "can you convert jenkins pipelines?": whether the bot can, asked with nothing named. */
const CAPABILITY =
  /^(?:can|could|do|will) (?:you|this bot|the bot|it)\b.*\b(?:pipelines|workflows|repos|repositories|branches|projects|configs|files)\s*\?\s*$/i;
const CAPABLE = new Set<Op>(["migrate", "compare", "analyze", "optimize"]);

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

function nameCount(names: Names): number {
  return names.repos.length + names.workflows.length + names.refs.length + names.ids.length;
}

const POLITE_OPENER = /^(?:(?:please|pls|plz|hey|ok|okay|can you|could you|would you)[,\s]+)+/i;

/** A typo'd command word ("tset", "anaylze") corrected to its verb, or undefined. */
function correctTypo(masked: string): { text: string; from: string; to: string } | undefined {
  const words = masked.split(" ");
  // Only where a command word stands: first, or after a polite opener ("pls tset …"). Further
  // in, a near word is an ordinary one ("what's burning …" is no "running").
  const i = POLITE_OPENER.exec(masked)?.[0].split(/[,\s]+/).filter(Boolean).length ?? 0;
  const w = (words[i] ?? "").toLowerCase().replace(/[^a-z]/g, "");
  if (w.length < 3 || verbToOp(w) || NOT_TYPOS.has(w)) return undefined;
  // Three letters are near many words: only a dropped inner letter counts ("tst" → test).
  const targets = w.length > 3
    ? TYPO_TARGETS
    : TYPO_TARGETS.filter((v) => v.length === 4 && v[0] === w[0] && v[3] === w[2]);
  const near = closest(w, targets, 1)[0];
  if (!near) return undefined;
  const fixed = [...words.slice(0, i), near, ...words.slice(i + 1)].join(" ");
  return { text: fixed, from: words[i], to: near };
}

/** The operation the act allows, with why, when it differs from the rule's. */
function byAct(
  op: Op,
  act: DialogueAct,
  text: string,
  names: Names,
  masked: string,
): [Op, string] | undefined {
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
    if (/^\s*how (?:do|can|should) (?:i|we)\b/i.test(text)) return ["help", "a how-to question"];
    const asked = askedOp(masked);
    return asked ? [asked.op, `a question (classifier ${asked.p.toFixed(2)})`] : [
      "status",
      "a question",
    ];
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
  let typo = implied.hard ? undefined : accountTypo(masked);
  if (typo) masked = typo.text;
  let sides = compareSides(text, names);
  let rule = typo?.to === "help" ? HELP_RULE : sidesRule(sides, pickRule(masked));
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
  }
  // No rule: the classifier trained on generated text, for read-only operations only.
  const guessed: Guessed | undefined = rule ? undefined : guessOp(masked);
  if (guessed && !grounded(guessed.op, text, nameCount(names))) return undefined;
  if (guessed) rule = { id: `classifier-${guessed.op}`, op: guessed.op, pattern: /^/ };
  if (!rule) return undefined;
  let op = rule.op;
  let why = "";
  const before = masked.slice(0, rule.pattern.exec(masked)!.index);
  const refused = implied.hard ? undefined : refusal(text, before, op, act);
  if (refused) {
    throw new CiError("unsupported", `Not acting on ${JSON.stringify(text)}: ${refused}`, {
      hint: "To run a command, ask for it plainly, e.g. 'cancel 4411' or 'test acme/app'.",
    });
  }
  if (rule.id === "subscribe-list" && !implied.hard) {
    return {
      op: "subscribe",
      fields: { target: "list" },
      confidence: reading.library ? CONFIDENCE.library : CONFIDENCE.lexical,
      act,
      explanation:
        `natural language (${act}): rule 'subscribe-list' → this channel's subscriptions`,
    };
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
  const named = nameCount(names);
  const changed = asksHelp(masked, op) && !implied.hard && !sides
    ? ["help", "a request for help"] as [Op, string]
    : CAPABLE.has(op) && !implied.hard && named === 0 && CAPABILITY.test(text)
    ? ["help", "a question about what the bot can do"] as [Op, string]
    : byAct(op, act, text, names, masked);
  if (changed && !twoFiles) [op, why] = changed;
  if (implied.hard && implied.op) op = implied.op;
  const confidence = typo
    ? CONFIDENCE.typo
    : guessed
    ? CONFIDENCE.classifier
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
  // A guessed `use` that names a repository (even as `repo:x`) would set the channel's default.
  if (guessed?.op === "use" && op === "use" && fields.repo !== undefined) return undefined;
  const kept = notes.filter(([field]) => allowed.includes(field)).map(([, note]) => note);
  const matched = JSON.stringify(rule.pattern.exec(masked)![0].trim());
  const head = guessed
    ? `natural language (${act}): no rule matched; the classifier read ${rule.op} (p ${
      guessed.p.toFixed(2)
    })`
    : `natural language (${act}): rule '${rule.id}' matched ${matched} → ${rule.op}`;
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
