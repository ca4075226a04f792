/**
 * The command grammar: `verb`, `key:value`, `key=value`, `--flag value`, `--flag=value`,
 * gh-style `-R owner/repo`, positional `owner/repo`, workflow files, and per-command positional
 * words (`compare main dev`, `help compare`, `cancel 12`).
 *
 * Errors are {@linkcode CiError}s: `bad_request` when the command was understood but a value is
 * wrong (final: the caller reports it), `unsupported` when some word was not understood (the
 * caller may still read the text as natural language).
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { closest } from "./suggest.ts";
import { ALL_VERB_SPELLINGS, commandSpec, keyToField, presetVerb, verbToOp } from "./commands.ts";
import type { Op } from "./schema.ts";
import type { Token } from "./tokenize.ts";
import { type Fields, setField } from "./values.ts";
import { classify } from "./grammar_classify.ts";
import { assignPositional, notAccepted, SENTENCE_FILLER } from "./grammar_positional.ts";

export { type Classified, classify, type Pair } from "./grammar_classify.ts";

/** What the grammar understood. */
export interface GrammarIntent {
  op: Op;
  fields: Fields;
  /** The verb as typed, if any. */
  verb?: string;
}

/** An operation implied before the text (by `/ci-compare`, or `/ci-test`'s default). */
export interface Implied {
  op?: Op;
  /** Hard: the command word names the op (`/ci-analyze`). Soft: a default (`/ci-test`). */
  hard: boolean;
}

/**
 * Reads tokens as a command. Throws {@linkcode CiError} (`bad_request` or `unsupported`).
 *
 * @example
 * ```ts
 * parseGrammar(tokenize("analyze acme/app ci.yml"), { hard: false });
 * // { op: "analyze", fields: { repo: "acme/app", workflow: "ci.yml" }, verb: "analyze" }
 * ```
 */
export function parseGrammar(tokens: readonly Token[], implied: Implied): GrammarIntent {
  const first = tokens[0];
  const preset = first && !first.quoted && !implied.hard ? presetVerb(first.text) : undefined;
  if (preset) return presetIntent(preset, tokens);
  const verbOp = first && !first.quoted ? verbToOp(first.text) : undefined;
  const rest = verbOp ? tokens.slice(1) : tokens;
  let op: Op | undefined = verbOp ?? implied.op;
  const fields: Fields = {};
  if (implied.hard && verbOp && verbOp !== implied.op) {
    if (verbOp !== "help") {
      throw new CiError("unsupported", `'${first.text}' does not fit /ci-${implied.op}`, {
        hint: `Use /ci-test ${first.text} … instead.`,
      });
    }
    fields.topic = implied.op;
  }
  if (!op) {
    if (tokens.length === 0) return { op: "help", fields };
    const near = closest(first.text.toLowerCase(), ALL_VERB_SPELLINGS, 1)[0];
    const guess = near ? `; did you mean '${verbToOp(near)}'?` : "";
    throw new CiError("unsupported", `Unknown command ${JSON.stringify(first.text)}${guess}`, {
      hint: "Start with a command such as analyze, test or compare, or ask in plain words.",
    });
  }
  const { pairs, positionals, wantsHelp } = classify(rest);
  if (wantsHelp && op !== "help") {
    fields.topic = op;
    op = "help";
  }
  const allowed = commandSpec(op).keys;
  for (const { key, value } of pairs) {
    const field = keyToField(key, op)!;
    if (!allowed.includes(field)) throw notAccepted(op, field, key);
    setField(fields, field, value, op);
  }
  const state = { op, allowed, fields, positional: 0 };
  try {
    for (const token of positionals) assignPositional(token, state);
  } catch (error) {
    // "compare a.yml with b.yml for foo/bar, 2 runs" is a sentence, not a mistyped command:
    // the sentence reader takes it (a bad `key:value` failed above and stays an error).
    const sentence = positionals.some((t) => !t.quoted && SENTENCE_FILLER.test(t.text));
    if (op === "compare" && sentence && error instanceof CiError && error.code === "bad_request") {
      throw new CiError("unsupported", "Filler words in a compare: read as a sentence");
    }
    throw error;
  }
  return { op, fields, ...(verbOp ? { verb: first.text } : {}) };
}

/** `subscriptions` (a listing) takes no arguments: anything after it is a mistake to point out. */
function presetIntent(
  preset: { op: Op; target: string },
  tokens: readonly Token[],
): GrammarIntent {
  const extra = tokens[1];
  if (extra) {
    throw new CiError(
      "bad_request",
      `'${tokens[0].text}' takes no arguments: ${JSON.stringify(extra.text)} is extra`,
      { hint: `Write just \`${tokens[0].text}\` to list this channel's alerts.` },
    );
  }
  return { op: preset.op, fields: { target: preset.target }, verb: tokens[0].text };
}
