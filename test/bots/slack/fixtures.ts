/**
 * Hand-built SurfaceDeps for the Slack tests: a table-driven fake parser, a fake execute that
 * builds a report from the intent, an in-memory store, a recording logger, and a background
 * runner the test can await.
 *
 * @module
 */
import type { Intent, ParseResult } from "../../../src/intent/schema.ts";
import type { ReplyTarget } from "../../../src/jobs/model.ts";
import { memoryLogger } from "../../../src/log.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import type { Store } from "../../../src/store/port.ts";
import type { RequestMeta, SurfaceDeps } from "../../../src/surface.ts";
import { signSlackRequest } from "../../sim/slack.ts";
import { testInbox } from "../../inbox/fixture.ts";

/** Seconds since the epoch of the fixed test clock. */
export const NOW_SECONDS = 1_795_000_000;
export const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

const UNSUPPORTED: ParseResult = {
  kind: "unsupported",
  error: "Cannot understand 'frobnicate': it is not a command",
  hint: "Start with a verb such as analyze, test or compare.",
  suggestions: ["/ci-test analyze", "/ci-test help"],
  examples: ["/ci-test analyze repo:acme/app", "/ci-test optimize repo:acme/app"],
};

/** Parse results by exact text; anything else is unsupported. */
export function fakeParse(table: Record<string, Intent>): (text: string) => ParseResult {
  return (text) => {
    const intent = table[text];
    return intent
      ? { kind: "intent", intent, source: "grammar", explanation: "test table" }
      : UNSUPPORTED;
  };
}

/** A report derived from the intent, so assertions can tie output to input. */
export function reportFor(intent: Intent): Report {
  return ReportSchema.parse({
    id: `rep-${intent.op}`,
    title: `${intent.op} ${intent.repo ?? "(no repo)"}`,
    status: "warning",
    summary: `2 findings in ${intent.repo}`,
    fields: [{ label: "Workflows", value: "3" }],
    findings: [
      {
        ruleId: "missing-timeout",
        severity: "warning",
        file: ".github/workflows/ci.yml",
        line: 12,
        message: `Job 'build' in ${intent.repo} has no timeout-minutes`,
        fix: "Add timeout-minutes: 30",
      },
      {
        ruleId: "unpinned-action",
        severity: "error",
        file: ".github/workflows/release.yml",
        line: 7,
        message: "actions/checkout@v4 is pinned to a tag",
        fix: "Pin to a full commit SHA",
      },
    ],
  });
}

/**
 * A job's report at some stage, shaped like the `test` job's: a results table whose rows say how
 * many scenarios finished, and the Cancel button the runner adds.
 */
export function jobReport(
  jobId: string,
  stage: { done: number; total: number; status?: Report["status"] },
): Report {
  const status = stage.status ?? "running";
  return ReportSchema.parse({
    id: `rep-${jobId}-${stage.done}-${status}`,
    title: "Test acme/app ci.yml",
    status,
    summary: `${stage.done} of ${stage.total} scenarios finished`,
    tables: [{
      title: "Scenarios",
      columns: ["scenario", "conclusion"],
      rows: Array.from(
        { length: stage.total },
        (_, i) => [`python-version=3.1${i}`, i < stage.done ? "success" : "running"],
      ),
    }],
    actions: status === "running"
      ? [{
        id: `cancel:${jobId}`,
        label: "Cancel",
        style: "danger",
        intent: { op: "cancel", target: jobId },
      }]
      : [{
        id: "rerun-failed",
        label: "Re-run failed",
        style: "primary",
        intent: { op: "test", repo: "acme/app", workflow: "ci.yml", target: "rerun:42" },
      }],
  });
}

/** Everything a test needs to drive the surface and inspect what happened. */
export interface Harness {
  deps: SurfaceDeps;
  store: Store;
  log: ReturnType<typeof memoryLogger>;
  executed: Array<{ intent: Intent; meta: RequestMeta; reply?: ReplyTarget }>;
  /** Awaits all background work, including work scheduled by work. */
  settle(): Promise<void>;
  backgroundErrors: unknown[];
  close(): Promise<void>;
}

/** Builds a harness; `execute` may be replaced to script failures. */
export async function harness(options: {
  parse?: Record<string, Intent>;
  execute?: (intent: Intent, meta: RequestMeta, reply?: ReplyTarget) => Promise<Report>;
  /** The durable queue's backlog limit (default: the service's). */
  inboxLimit?: number;
} = {}): Promise<Harness> {
  const store = await openKvStore(":memory:");
  const log = memoryLogger();
  const executed: Harness["executed"] = [];
  const pending: Promise<void>[] = [];
  const backgroundErrors: unknown[] = [];
  let ids = 0;
  const deps: SurfaceDeps = {
    log,
    store,
    now: () => new Date(NOW_SECONDS * 1000),
    newId: () => `req-${++ids}`,
    parse: fakeParse(options.parse ?? {}),
    execute: (intent, meta, reply) => {
      executed.push({ intent, meta, reply });
      return options.execute
        ? options.execute(intent, meta, reply)
        : Promise.resolve(reportFor(intent));
    },
    reportUrl: (id) => `https://ci.example.test/reports/${id}`,
    background: (_name, work) => {
      pending.push(work().catch((error) => void backgroundErrors.push(error)));
    },
    inbox: testInbox(store, (name, work) => deps.background(name, work), {
      log,
      limit: options.inboxLimit,
    }),
    fetch: globalThis.fetch,
  };
  return {
    deps,
    store,
    log,
    executed,
    backgroundErrors,
    async settle() {
      while (pending.length > 0) await pending.shift();
    },
    close: () => store.close(),
  };
}

/** A request to `/slack/events` signed with {@linkcode SECRET} at the fixed clock. */
export async function signedRequest(
  body: string,
  options: { type?: string; secret?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const headers = await signSlackRequest(options.secret ?? SECRET, body, NOW_SECONDS);
  headers.set("content-type", options.type ?? "application/x-www-form-urlencoded");
  for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
  return new Request("http://localhost/slack/events", { method: "POST", headers, body });
}
