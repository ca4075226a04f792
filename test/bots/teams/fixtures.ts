/**
 * Hand-built SurfaceDeps for the Teams tests (a table-driven fake parser, a fake execute that
 * builds a report with findings from the intent, an in-memory store, a background runner the test
 * can await) and a surface wired to a running Bot Connector simulator.
 *
 * @module
 */
import type { Intent, ParseResult } from "../../../src/intent/schema.ts";
import type { ReplyTarget } from "../../../src/jobs/model.ts";
import { memoryLogger } from "../../../src/log.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import type { Store } from "../../../src/store/port.ts";
import type { ExecuteOptions, RequestMeta, SurfaceDeps } from "../../../src/surface.ts";
import { createTeamsSurface, type TeamsSurface } from "../../../bots/teams/handler.ts";
import { type BotConnectorSim, startBotConnectorSim } from "../../sim/botconnector.ts";
import { testInbox } from "../../inbox/fixture.ts";

const UNSUPPORTED: ParseResult = {
  kind: "unsupported",
  error: "Cannot understand 'frobnicate': it is not a command",
  hint: "Start with a verb such as analyze, test or compare.",
  suggestions: ["analyze", "help"],
  examples: ["analyze repo:acme/app", "optimize repo:acme/app"],
};

/** A report derived from the intent, with findings and a re-run button. */
export function reportFor(intent: Intent, findings = 2): Report {
  return ReportSchema.parse({
    id: `rep-${intent.op}`,
    title: `${intent.op} ${intent.repo ?? "(no repo)"}`,
    status: "warning",
    summary: `${findings} findings in ${intent.repo}`,
    fields: [{ label: "Workflows", value: "3" }],
    findings: Array.from({ length: findings }, (_, i) => ({
      ruleId: i % 2 ? "unpinned-action" : "missing-timeout",
      severity: i % 2 ? "error" : "warning",
      file: ".github/workflows/ci.yml",
      line: i + 1,
      message: `Finding ${i} in ${intent.repo}: job 'build' has no timeout-minutes`,
      fix: "Add timeout-minutes: 30",
    })),
    actions: [{
      id: "rerun",
      label: "Re-run analysis",
      style: "primary",
      intent: { op: "analyze", repo: intent.repo ?? "acme/app" },
    }],
  });
}

/** Everything a test needs. */
export interface Harness {
  sim: BotConnectorSim;
  teams: TeamsSurface;
  deps: SurfaceDeps;
  store: Store;
  executed: Array<
    { intent: Intent; meta: RequestMeta; reply?: ReplyTarget; options?: ExecuteOptions }
  >;
  backgroundErrors: unknown[];
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a simulator and a surface validating its tokens. `parse` entries read as the exact
 * grammar, `natural` entries as plain language (what the surface must pass on as `understood`).
 */
export async function harness(options: {
  parse?: Record<string, Intent>;
  natural?: Record<string, Intent>;
  execute?: (intent: Intent, options?: ExecuteOptions) => Promise<Report>;
} = {}): Promise<Harness> {
  const sim = await startBotConnectorSim();
  const store = await openKvStore(":memory:");
  const executed: Harness["executed"] = [];
  const pending: Promise<void>[] = [];
  const backgroundErrors: unknown[] = [];
  let ids = 0;
  const table = options.parse ?? { "analyze repo:acme/app": { op: "analyze", repo: "acme/app" } };
  const deps: SurfaceDeps = {
    log: memoryLogger(),
    store,
    now: () => new Date(),
    newId: () => `id-${++ids}`,
    parse: (text) => {
      const natural = options.natural?.[text];
      if (natural) {
        return { kind: "intent", intent: natural, source: "natural", explanation: `read: ${text}` };
      }
      const intent = table[text];
      return intent
        ? { kind: "intent", intent, source: "grammar", explanation: "table" }
        : UNSUPPORTED;
    },
    execute: (intent, meta, reply, executeOptions) => {
      executed.push({ intent, meta, reply, options: executeOptions });
      return options.execute
        ? options.execute(intent, executeOptions)
        : Promise.resolve(reportFor(intent));
    },
    reportUrl: (id) => `https://ci.example.test/reports/${id}`,
    background: (_name, work) => {
      pending.push(work().catch((error) => void backgroundErrors.push(error)));
    },
    inbox: testInbox(store, (name, work) => deps.background(name, work)),
    fetch: globalThis.fetch,
  };
  const teams = createTeamsSurface(
    {
      appId: sim.appId,
      appPassword: sim.appPassword,
      auth: "botframework",
      openIdMetadataUrl: sim.openIdMetadataUrl,
      loginUrl: sim.loginUrl,
    },
    deps,
    { sleep: () => Promise.resolve(), minIntervalMs: 0 },
  );
  return {
    sim,
    teams,
    deps,
    store,
    executed,
    backgroundErrors,
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

/** A POST to `/api/messages` with the given activity and `Authorization` header. */
export function activityRequest(activity: unknown, authorization?: string): Request {
  const headers = new Headers({ "content-type": "application/json" });
  if (authorization) headers.set("authorization", authorization);
  return new Request("http://127.0.0.1/api/messages", {
    method: "POST",
    headers,
    body: typeof activity === "string" ? activity : JSON.stringify(activity),
  });
}
