/**
 * `cli run "optimize repo:o/r" --only id,id` (also with `--dir PATH`): the terminal's way to
 * choose suggestions — the same as typing `optimize repo:o/r apply id,id`, so it previews the
 * combined change of exactly those ids and opens nothing.
 *
 * @module
 */
import { CiError } from "./errors.ts";
import { splitIds } from "./intent/apply.ts";
import { validateIntent } from "./intent/parse.ts";
import type { ParseResult } from "./intent/schema.ts";

const HINT = 'Write e.g. `cli run "optimize repo:acme/app" --only s1a2b3,s9f8e7` with ids from ' +
  "the optimize list.";

/**
 * Takes `--only VALUE` / `--only=VALUE` out of the arguments (repeats are joined).
 *
 * @throws {CiError} `bad_request` when `--only` has no value.
 * @example
 * ```ts
 * takeOnly(["optimize repo:acme/app", "--only", "s1,s2"]);
 * // { only: "s1,s2", rest: ["optimize repo:acme/app"] }
 * ```
 */
export function takeOnly(args: readonly string[]): { only?: string; rest: string[] } {
  const rest: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string | undefined;
    if (arg === "--only") value = args[++i];
    else if (arg.startsWith("--only=")) value = arg.slice("--only=".length);
    else {
      rest.push(arg);
      continue;
    }
    if (value === undefined || value.startsWith("--") || splitIds(value).length === 0) {
      throw new CiError("bad_request", `--only needs suggestion ids: got '${value ?? ""}'`, {
        hint: HINT,
      });
    }
    values.push(value);
  }
  return values.length > 0 ? { only: values.join(","), rest } : { rest };
}

/**
 * Turns a read `optimize` command into `optimize apply` of the `only` ids (a preview); without
 * `only`, or when the text was not understood, returns `parsed` as it is.
 *
 * @throws {CiError} `bad_request` for another operation, for text that already names an apply
 *   step, or for an id the intent schema refuses (its message names the value).
 * @example
 * ```ts
 * const parsed = parseCommand("optimize repo:acme/app");
 * applyOnly(parsed, "s1a2b3,S9F8E7");
 * // intent: { op: "optimize", repo: "acme/app", apply: { step: "preview", ids: ["s1a2b3", "s9f8e7"] } }
 * ```
 */
export function applyOnly(parsed: ParseResult, only: string | undefined): ParseResult {
  if (only === undefined || parsed.kind !== "intent") return parsed;
  const { intent } = parsed;
  if (intent.op !== "optimize") {
    throw new CiError("bad_request", `--only chooses optimize suggestions, not '${intent.op}'`, {
      hint: HINT,
    });
  }
  if (intent.apply !== undefined) {
    throw new CiError(
      "bad_request",
      "--only and an apply step in the text both choose what to apply: keep one",
      { hint: HINT },
    );
  }
  const ids = splitIds(only);
  return {
    ...parsed,
    intent: validateIntent({ ...intent, apply: { step: "preview", ids } }),
    explanation: `${parsed.explanation}; --only ${ids.join(",")} → apply`,
  };
}
