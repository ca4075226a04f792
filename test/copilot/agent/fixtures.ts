/**
 * SurfaceDeps for the Copilot agent tests: the real command parser, a fake execute that builds a
 * report from the intent (a running job for `test`, finished later through the agent's
 * deliverer), an in-memory store, a settable clock and the Copilot simulator.
 *
 * @module
 */
import { CiError } from "../../../src/errors.ts";
import { parseCommand } from "../../../src/intent/parse.ts";
import type { Intent } from "../../../src/intent/schema.ts";
import type { ReplyTarget } from "../../../src/jobs/model.ts";
import { memoryLogger } from "../../../src/log.ts";
import { type Report, ReportSchema } from "../../../src/report/model.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import type { Store } from "../../../src/store/port.ts";
import type { RequestMeta, SurfaceDeps } from "../../../src/surface.ts";
import {
  type CopilotAgent,
  type CopilotAgentConfig,
  createCopilotAgent,
} from "../../../copilot/agent/mod.ts";
import { type CopilotSim, startCopilotSim } from "../../sim/copilot.ts";
import { testInbox } from "../../inbox/fixture.ts";

/** A finished report derived from the intent, so assertions can tie output to input. */
export function reportFor(intent: Intent, id: string): Report {
  return ReportSchema.parse({
    id,
    title: `${intent.op} ${intent.repo ?? "(no repo)"}`,
    status: "warning",
    summary: `2 findings in ${intent.repo}`,
    findings: [{
      ruleId: "missing-timeout",
      severity: "warning",
      file: ".github/workflows/ci.yml",
      line: 12,
      message: `Job 'build' in ${intent.repo} has no timeout-minutes`,
      fix: "Add timeout-minutes: 30",
    }],
    links: [{ label: "Run 4242", url: "https://github.com/acme/app/actions/runs/4242" }],
  });
}

/** A `test` job's report at a stage. */
export function jobReport(id: string, done: number, status: Report["status"]): Report {
  return ReportSchema.parse({
    id,
    title: "Test acme/app",
    status,
    summary: `${done} of 2 scenarios finished`,
    tables: [{ title: "Scenarios", columns: ["scenario", "conclusion"], rows: [["3.11", "ok"]] }],
  });
}

/** What a test drives and inspects. */
export interface Harness {
  sim: CopilotSim;
  agent: CopilotAgent;
  deps: SurfaceDeps;
  store: Store;
  log: ReturnType<typeof memoryLogger>;
  executed: Array<{ intent: Intent; meta: RequestMeta; reply?: ReplyTarget }>;
  /** Moves the clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * Builds a harness. `test` intents become jobs whose progress and final report reach the agent's
 * deliverer (unless `jobNeverEnds`); `forbid` makes execute refuse like the policy does.
 */
export async function harness(options: {
  config?: Partial<CopilotAgentConfig>;
  jobNeverEnds?: boolean;
  forbid?: boolean;
} = {}): Promise<Harness> {
  const sim = startCopilotSim();
  const store = await openKvStore(":memory:");
  const log = memoryLogger();
  const executed: Harness["executed"] = [];
  let clock = Date.UTC(2026, 10, 24, 12);
  let ids = 0;
  // execute needs the agent's deliverer, and the agent needs execute.
  const late: { agent?: CopilotAgent } = {};
  const deps: SurfaceDeps = {
    log,
    store,
    now: () => new Date(clock),
    newId: () => `id-${++ids}`,
    parse: parseCommand,
    execute: (intent, meta, reply) => {
      executed.push({ intent, meta, reply });
      if (options.forbid) {
        return Promise.reject(
          new CiError("forbidden", `\`${intent.op}\` on ${intent.repo} needs the operator role`, {
            hint: "Ask an admin to add `github:octocat` to a grant.",
          }),
        );
      }
      if (intent.op !== "test") return Promise.resolve(reportFor(intent, `rep-${intent.op}`));
      if (!options.jobNeverEnds && reply) {
        // The runner delivers later, from its own task.
        setTimeout(async () => {
          await late.agent!.deliver(reply, jobReport("rep-job", 1, "running"), "progress");
          await late.agent!.deliver(reply, jobReport("rep-job-final", 2, "success"), "final");
        }, 5);
      }
      return Promise.resolve(jobReport("rep-job", 0, "running"));
    },
    reportUrl: (id) => `https://ci.example.test/reports/${id}`,
    background: () => {
      throw new Error("the Copilot agent does not use background()");
    },
    inbox: testInbox(store, (name, work) => deps.background(name, work)),
    fetch: globalThis.fetch,
  };
  const agent = createCopilotAgent(
    { apiUrl: sim.url, modelEndpoint: sim.modelEndpoint, ...options.config },
    deps,
  );
  late.agent = agent;
  return {
    sim,
    agent,
    deps,
    store,
    log,
    executed,
    advance: (ms) => void (clock += ms),
    async close() {
      await sim.close();
      await store.close();
    },
  };
}
