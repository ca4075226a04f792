/**
 * Which operation runs for which op. Operations that arrive in later versions answer with a
 * clear "unsupported" error instead of pretending.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { helpReport } from "../intent/help.ts";
import type { Intent, Op } from "../intent/schema.ts";
import type { ReportInput } from "../report/model.ts";
import { analyze } from "./analyze.ts";
import type { OpContext, Operation } from "./context.ts";

// Operations with heavy modules (statistics, actionlint, diffs, GitLab conversion) load on first
// use, so start-up and the acknowledgement path never pay for them.
const lazy = (load: () => Promise<Operation>): Operation => async (intent, ctx) =>
  (await load())(intent, ctx);
const compare = lazy(async () => (await import("./compare.ts")).compare);
const migrate = lazy(async () => (await import("./migrate.ts")).migrate);
const optimize = lazy(async () => (await import("./optimize.ts")).optimize);

const help: Operation = (intent) => Promise.resolve(helpReport(intent.topic));

const notYet = (op: Op): Operation => () =>
  Promise.reject(
    new CiError("unsupported", `'${op}' is not available in this version of ci-orchestrator`, {
      hint: "Available now: analyze, test, compare, optimize, migrate, status, cancel and help.",
    }),
  );

// Jobs (test, active compare) and job bookkeeping (status, cancel) run in the executor.
const viaExecutor = (op: Op): Operation => () =>
  Promise.reject(new CiError("internal", `'${op}' runs through the executor, not inline`));

/** The operation table for operations that run inline. */
export const OPERATIONS: Record<Op, Operation> = {
  analyze,
  help,
  test: viaExecutor("test"),
  compare,
  migrate,
  optimize,
  status: viaExecutor("status"),
  cancel: viaExecutor("cancel"),
  subscribe: notYet("subscribe"),
  unsubscribe: notYet("unsubscribe"),
};

/**
 * Runs the operation an intent names.
 *
 * @example
 * ```ts
 * // const report = await runIntent({ op: "help" }, ctx);
 * ```
 */
export function runIntent(intent: Intent, ctx: OpContext): Promise<ReportInput> {
  return OPERATIONS[intent.op](intent, ctx);
}
