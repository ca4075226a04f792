/**
 * The grammar's positional words: where a bare word lands once the verb is known (a repository,
 * a workflow file, compare's two sides, a job id, `apply` and its suggestion ids …).
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { splitIds } from "./apply.ts";
import { commandSpec, type FieldKey } from "./commands.ts";
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

/**
 * The error for a key the command does not take, naming the keys it does.
 *
 * @example
 * ```ts
 * notAccepted("status", "workflow", "wf").message; // "'wf' (workflow) does not apply to status"
 * ```
 */
export function notAccepted(op: Op, field: FieldKey, key: string): CiError {
  const allowed = commandSpec(op).keys;
  const shown = key === field ? `'${field}'` : `'${key}' (${field})`;
  return new CiError("bad_request", `${shown} does not apply to ${op}`, {
    hint: `${op} takes ${allowed.join(", ")}. See help ${op}.`,
  });
}

/** What positional words fill in, and how many bare compare refs were taken so far. */
export interface PositionalState {
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

/**
 * Words and commas that make a compare a sentence rather than a command.
 *
 * @example
 * ```ts
 * SENTENCE_FILLER.test("with"); // true
 * ```
 */
export const SENTENCE_FILLER = /,$|^(?:with|and|for|on|in|to|times|runs|x)$/i;

/**
 * Puts one positional word into its field (mutating `s`). Throws {@linkcode CiError}:
 * `unsupported` for a word the command has no place for, `bad_request` for a wrong value.
 *
 * @example
 * ```ts
 * const s = { op: "analyze", allowed: commandSpec("analyze").keys, fields: {}, positional: 0 };
 * assignPositional({ text: "acme/app", quoted: false }, s); // s.fields.repo === "acme/app"
 * ```
 */
export function assignPositional(token: Token, s: PositionalState): void {
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
