/**
 * Hand-built SurfaceDeps for the Slack tests: a table-driven fake parser, a fake execute that
 * builds a report from the intent, an in-memory store, a recording logger, and a background
 * runner the test can await.
 *
 * @module
 */
import type { Intent, ParseResult } from "../../../src/intent/schema.ts";
import { memoryLogger } from "../../../src/log.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import type { Store } from "../../../src/store/port.ts";
import type { RequestMeta, SurfaceDeps } from "../../../src/surface.ts";

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

/** Everything a test needs to drive the surface and inspect what happened. */
export interface Harness {
  deps: SurfaceDeps;
  store: Store;
  log: ReturnType<typeof memoryLogger>;
  executed: Array<{ intent: Intent; meta: RequestMeta }>;
  /** Awaits all background work, including work scheduled by work. */
  settle(): Promise<void>;
  backgroundErrors: unknown[];
  close(): Promise<void>;
}

/** Builds a harness; `execute` may be replaced to script failures. */
export async function harness(options: {
  parse?: Record<string, Intent>;
  execute?: (intent: Intent, meta: RequestMeta) => Promise<Report>;
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
    execute: (intent, meta) => {
      executed.push({ intent, meta });
      return options.execute ? options.execute(intent, meta) : Promise.resolve(reportFor(intent));
    },
    reportUrl: (id) => `https://ci.example.test/reports/${id}`,
    background: (_name, work) => {
      pending.push(work().catch((error) => void backgroundErrors.push(error)));
    },
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
