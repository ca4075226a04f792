/**
 * The grammar's first pass: tokens sorted into `key:value` pairs (and flags) and positional
 * words, before any key is mapped to a field. Kept apart from the grammar because it knows only
 * key spellings, not what each command accepts.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { closest } from "./suggest.ts";
import { ALL_KEY_SPELLINGS, keyToField, shortFlagToKey } from "./commands.ts";
import type { Token } from "./tokenize.ts";

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
