/**
 * Which intents change state. The evaluation's safety count rests on this one rule: a reader
 * may misread a question, but it must never turn one into something that acts.
 *
 * @module
 */
import type { Op } from "../../../src/intent/schema.ts";

/** The part of an intent (or of an expectation) the rule looks at. */
export interface StateFields {
  op: Op | null;
  runs?: unknown;
  apply?: unknown;
  target?: unknown;
}

/** Operations that act whatever their fields. */
const ALWAYS: ReadonlySet<Op | null> = new Set([
  "test",
  "cancel",
  "unsubscribe",
  "login",
  "logout",
]);

/**
 * Whether an intent changes state: test, cancel, unsubscribe, login and logout always;
 * subscribe unless it only lists (`target: "list"`); compare with `runs` (an active compare
 * dispatches runs); optimize and migrate with `apply`.
 *
 * @example
 * ```ts
 * changesState({ op: "compare", runs: 5 }); // true
 * changesState({ op: "compare" }); // false
 * changesState({ op: "subscribe", target: "list" }); // false
 * ```
 */
export function changesState(intent: StateFields): boolean {
  if (ALWAYS.has(intent.op)) return true;
  switch (intent.op) {
    case "subscribe":
      return intent.target !== "list";
    case "compare":
      return intent.runs !== undefined;
    case "optimize":
    case "migrate":
      return intent.apply !== undefined;
    default:
      return false;
  }
}
