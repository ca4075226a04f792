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
import { splitIds } from "./apply.ts";
import { closest } from "./suggest.ts";
import {
  ALL_KEY_SPELLINGS,
  ALL_VERB_SPELLINGS,
  commandSpec,
  type FieldKey,
  keyToField,
  presetVerb,
  shortFlagToKey,
  verbToOp,
} from "./commands.ts";
import type { Op } from "./schema.ts";
import { JOB_ID } from "./nlu/names.ts";
import type { Token } from "./tokenize.ts";
import {
  alertWord,
  type Fields,
  isWorkflowPath,
  repoRef,
  setField,
  strategyWord,
  topicWord,
} from "./values.ts";

/** A `key:value`, `key=value` or flag, before its field is known. */
export interface Pair {
  key: string;
  value: string;
}

/** Tokens sorted into pairs and positional words. */
export interface Classified {
  pairs: Pair[];
  positionals: Token[];
  /** `--help` / `-h` seen. */
  wantsHelp: boolean;
}

const KEY_VALUE = /^([A-Za-z][\w-]*)[:=]([\s\S]*)$/;
const URL_LIKE = /^(?:https?:\/\/|www\.|github\.)/i;
/** The shape of the service's own ids (`src/ids.ts`): 22 base64url characters. */
const SERVICE_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * Sorts tokens into pairs and positionals. Only known keys become pairs; `word:value` or
 * `--word` with an unknown key is a `bad_request` error that suggests the closest key.
 *
 * @example
 * ```ts
 * classify(tokenize("--repo acme/app wf:ci.yml main")).pairs;
 * // [{ key: "repo", value: "acme/app" }, { key: "wf", value: "ci.yml" }]
 * ```
 */
export function classify(tokens: readonly Token[]): Classified {
  const out: Classified = { pairs: [], positionals: [], wantsHelp: false };
  const takeValue = (i: number, key: string): string => {
    const next = tokens[i + 1];
    if (!next || (!next.quoted && /^-{1,2}[A-Za-z]/.test(next.text))) {
      throw new CiError("bad_request", `'--${key}' needs a value`, {
        hint: `Write --${key} VALUE or ${key}:VALUE.`,
      });
    }
    return next.text;
  };
  for (let i = 0; i < tokens.length; i++) {
    const { text, quoted } = tokens[i];
    if (quoted || URL_LIKE.test(text)) {
      out.positionals.push(tokens[i]);
      continue;
    }
    const long = /^--([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(text);
    const short = /^-([A-Za-z])$/.exec(text);
    if (long || short) {
      const name = long ? long[1] : short![1];
      if (name === "help" || name === "h") {
        out.wantsHelp = true;
        continue;
      }
      const key = long ? name : shortFlagToKey(name);
      if (!key || !keyToField(key, undefined)) {
        // The service's ids are base64url and may begin with "--": such a token is a value.
        if (SERVICE_ID.test(text)) {
          out.positionals.push(tokens[i]);
          continue;
        }
        throw unknownKey(name, text);
      }
      if (long?.[2] !== undefined) out.pairs.push({ key, value: long[2] });
      else out.pairs.push({ key, value: takeValue(i++, key) });
      continue;
    }
    const kv = KEY_VALUE.exec(text);
    if (kv && !keyToField(kv[1], undefined)) {
      // `slow: it takes ages` is prose; `wrkflow:ci.yml` is a key typo the user must fix.
      if (kv[2] === "") throw unknownWord(text);
      // `environment=staging` is a workflow input in a sentence; a near key is a typo to fix.
      if (text.includes("=") && !closest(kv[1].toLowerCase(), ALL_KEY_SPELLINGS, 1)[0]) {
        throw unknownWord(text);
      }
      throw unknownKey(kv[1], text);
    }
    if (kv) {
      // `repo: acme/app` — Slack users often put a space after the colon.
      const value = kv[2] === "" && tokens[i + 1] ? tokens[++i].text : kv[2];
      out.pairs.push({ key: kv[1], value });
      continue;
    }
    out.positionals.push(tokens[i]);
  }
  return out;
}

function unknownWord(text: string): CiError {
  return new CiError("unsupported", `Did not understand ${JSON.stringify(text)}`, {
    hint: "Write key:value, e.g. repo:acme/app.",
  });
}

function unknownKey(key: string, text: string): CiError {
  const near = closest(key.toLowerCase(), ALL_KEY_SPELLINGS, 1)[0];
  return new CiError(
    "bad_request",
    `Unknown key '${key}' in ${JSON.stringify(text)}${near ? `; did you mean '${near}'?` : ""}`,
    { hint: "Keys are repo, workflow, ref, matrix, inputs, runs, baseline, candidate, …" },
  );
}

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

function notAccepted(op: Op, field: FieldKey, key: string): CiError {
  const allowed = commandSpec(op).keys;
  const shown = key === field ? `'${field}'` : `'${key}' (${field})`;
  return new CiError("bad_request", `${shown} does not apply to ${op}`, {
    hint: `${op} takes ${allowed.join(", ")}. See help ${op}.`,
  });
}

interface PositionalState {
  op: Op;
  allowed: readonly FieldKey[];
  fields: Fields;
  /** How many bare compare refs were taken. */
  positional: number;
}

const COMPARE_FILLERS = new Set([
  "and",
  "vs",
  "vs.",
  "versus",
  "with",
  "to",
  "on",
  "in",
  "for",
  "of",
]);

/** Words and commas that make a compare a sentence rather than a command. */
const SENTENCE_FILLER = /,$|^(?:with|and|for|on|in|to|times|runs|x)$/i;

function assignPositional(token: Token, s: PositionalState): void {
  const { op, fields } = s;
  const set = (field: FieldKey, value: string) => {
    if (!s.allowed.includes(field)) throw notAccepted(op, field, field);
    setField(fields, field, value, op);
  };
  const text = token.text;
  if (isWorkflowPath(text)) {
    // `compare acme/app ci.yml ci-fast.yml`: two workflow files are the two sides.
    if (op === "compare" && fields.workflow && fields.baseline === undefined) {
      set("baseline", fields.workflow);
      delete fields.workflow;
      return set("candidate", text);
    }
    const second = fields.workflow && (op === "migrate" || op === "optimize") && !fields.target;
    return set(second ? "target" : "workflow", text);
  }
  const range = /^([^.\s]+)\.{2,3}([^.\s]+)$/.exec(text);
  if (op === "compare" && !token.quoted && range) {
    set("baseline", range[1]);
    return set("candidate", range[2]);
  }
  const repo = repoRef(text);
  const compareSlot = op === "compare" && fields.baseline !== undefined &&
    fields.candidate === undefined && s.positional === 1;
  if (repo && !compareSlot && (fields.repo === undefined || fields.repo === repo.repo)) {
    // A run's URL (`…/actions/runs/912345678`) names the run to cancel or report on.
    const run = /\/actions\/runs\/(\d+)/.exec(text)?.[1];
    if (run && (op === "cancel" || op === "status") && !fields.target) set("target", run);
    return set("repo", text);
  }
  if (op === "compare") {
    // "X against Y" makes Y the baseline: the natural-language reader orders those sides.
    if (/^against$/i.test(text) && !token.quoted) {
      throw new CiError("unsupported", "'against' orders the sides: read as a sentence");
    }
    if (COMPARE_FILLERS.has(text.toLowerCase()) && !token.quoted) return;
    if (s.positional < 2) {
      set(s.positional === 0 ? "baseline" : "candidate", text);
      s.positional++;
      return;
    }
  }
  if (op === "help" && fields.topic === undefined && topicWord(text)) return set("topic", text);
  if (op === "migrate" && strategyWord(text)) return set("strategy", text);
  // `migrate … apply` previews the pull request (opened after a confirmation).
  if (op === "migrate" && !token.quoted && /^apply$/i.test(text) && fields.apply === undefined) {
    fields.apply = { step: "preview" };
    return;
  }
  if ((op === "subscribe" || op === "unsubscribe") && alertWord(text)) return set("on", text);
  // `subscribe list` is the `subscriptions` listing.
  if (op === "subscribe" && /^list$/i.test(text) && Object.keys(fields).length === 0) {
    fields.target = "list";
    return;
  }
  // `optimize apply s1,s2` (also `apply s1 s2`, `apply s1, s2`) previews those suggestions.
  if (op === "optimize" && !token.quoted) {
    if (/^apply$/i.test(text) && fields.apply === undefined) {
      fields.apply = { step: "preview" };
      return;
    }
    const ids = /^[a-z0-9][a-z0-9-]*(?:,[a-z0-9][a-z0-9-]*)*,?$/i.exec(text);
    if (ids && fields.apply?.step === "preview") {
      fields.apply = {
        step: "preview",
        ids: splitIds([...fields.apply.ids ?? [], text].join(",")),
      };
      return;
    }
  }
  // Job ids are numbers or hex ids (`9b1e44d0`): a hex id must never fall through and be dropped.
  if ((op === "cancel" || op === "status") && JOB_ID.test(text) && !fields.target) {
    return set("target", text.replace(/^#/, ""));
  }
  throw new CiError("unsupported", `Did not understand ${JSON.stringify(text)} after '${op}'`, {
    hint: `${op} takes ${commandSpec(op).usage}. See help ${op}.`,
  });
}
