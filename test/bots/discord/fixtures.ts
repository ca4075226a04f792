/**
 * Hand-built SurfaceDeps for the Discord tests: a table-driven fake parser, a fake execute that
 * builds a report from the intent, an in-memory store, a settable clock, a recording logger, a
 * background runner the test can await, and signing with a fresh Ed25519 key pair.
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
import { createDiscordSurface, type DiscordSurface } from "../../../bots/discord/surface.ts";
import {
  type DiscordSim,
  generateDiscordKeys,
  signInteraction,
  startDiscordSim,
} from "../../sim/discord.ts";
import { testInbox } from "../../inbox/fixture.ts";

/** Seconds since the epoch of the test clock's start. */
export const NOW_SECONDS = 1_795_000_000;

const UNSUPPORTED: ParseResult = {
  kind: "unsupported",
  error: "Cannot understand 'frobnicate': it is not a command",
  hint: "Start with a verb such as analyze, test or compare.",
  suggestions: ["/ci-test analyze", "/ci-test help"],
  examples: ["/ci-test analyze repo:acme/app", "/ci-test optimize repo:acme/app"],
};

/** A report derived from the intent, with two findings and a Re-run button. */
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
      },
    ],
    actions: [{
      id: "rerun-failed",
      label: "Re-run failed",
      style: "primary",
      intent: { op: "test", repo: "acme/app", workflow: "ci.yml", target: "rerun:42" },
    }],
  });
}

/** A `test` job's report at some stage. */
export function jobReport(jobId: string, done: number, status: Report["status"] = "running") {
  return ReportSchema.parse({
    id: `rep-${jobId}-${done}-${status}`,
    title: "Test acme/app ci.yml",
    status,
    summary: `${done} of 2 scenarios finished`,
    actions: status === "running"
      ? [{
        id: "cancel",
        label: "Cancel",
        style: "danger",
        intent: { op: "cancel", target: jobId },
      }]
      : [],
  });
}

/** Everything a test needs. */
export interface Harness {
  deps: SurfaceDeps;
  store: Store;
  sim: DiscordSim;
  surface: DiscordSurface;
  log: ReturnType<typeof memoryLogger>;
  executed: Array<{ intent: Intent; meta: RequestMeta; reply?: ReplyTarget }>;
  /** Moves the clock. */
  advance(ms: number): void;
  /** A signed request to `/discord/interactions` at the current clock. */
  request(body: unknown, options?: { timestamp?: number; tamper?: boolean }): Promise<Request>;
  settle(): Promise<void>;
  backgroundErrors: unknown[];
  close(): Promise<void>;
}

/** Builds a harness against a fresh simulator. */
export async function harness(options: {
  parse?: Record<string, Intent>;
  execute?: (intent: Intent, meta: RequestMeta, reply?: ReplyTarget) => Promise<Report>;
  botToken?: boolean;
} = {}): Promise<Harness> {
  const sim = await startDiscordSim();
  const store = await openKvStore(":memory:");
  const log = memoryLogger();
  const keys = await generateDiscordKeys();
  const executed: Harness["executed"] = [];
  const pending: Promise<void>[] = [];
  const backgroundErrors: unknown[] = [];
  let nowMs = NOW_SECONDS * 1000;
  let ids = 0;
  const deps: SurfaceDeps = {
    log,
    store,
    now: () => new Date(nowMs),
    newId: () => `id-${++ids}`,
    parse: (text) => {
      const intent = options.parse?.[text];
      return intent
        ? { kind: "intent", intent, source: "grammar", explanation: "test table" }
        : UNSUPPORTED;
    },
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
    inbox: testInbox(store, (name, work) => deps.background(name, work), { log }),
    fetch: globalThis.fetch,
  };
  const surface = createDiscordSurface({
    publicKey: keys.publicKeyHex,
    applicationId: sim.applicationId,
    botToken: options.botToken === false ? undefined : sim.botToken,
    apiUrl: sim.apiUrl,
    sleep: () => Promise.resolve(),
  }, deps);
  return {
    deps,
    store,
    sim,
    surface,
    log,
    executed,
    backgroundErrors,
    advance: (ms) => void (nowMs += ms),
    async request(body, opts = {}) {
      const text = JSON.stringify(body);
      const timestamp = opts.timestamp ?? Math.floor(nowMs / 1000);
      const headers = await signInteraction(keys.privateKey, text, timestamp);
      const sent = opts.tamper ? text.replace("acme", "evil") : text;
      return new Request("http://localhost/discord/interactions", {
        method: "POST",
        headers,
        body: sent,
      });
    },
    async settle() {
      while (pending.length > 0) await pending.shift();
    },
    async close() {
      while (pending.length > 0) await pending.shift();
      await store.close();
      await sim.close();
    },
  };
}
