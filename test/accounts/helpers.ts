/**
 * Shared set-up of the account tests: the GitHub simulator with its OAuth App and a person,
 * a store, and the accounts service on the simulator's clock.
 *
 * @module
 */
import type { StepContext } from "../../src/jobs/definition.ts";
import type { JobRecord } from "../../src/jobs/model.ts";
import { type Logger, memoryLogger } from "../../src/log.ts";
import { kvStore } from "../../src/store/kv.ts";
import type { Store } from "../../src/store/port.ts";
import { type AccountsService, createAccounts } from "../../src/accounts/mod.ts";
import { type GitHubSim, startGitHubSim } from "../sim/github.ts";

/** The App's OAuth client as the simulator knows it. */
export const CLIENT = { clientId: "Iv1.test", clientSecret: "s3cret" };
export const SECRET_KEY = "test-secret-key-0123456789abcdef";
export const PUBLIC_URL = "https://ci.example.test";
/** Alice in Slack. */
export const ALICE = { surface: "slack", userId: "U0ALICE", teamId: "T0ACME" } as const;
/** The request metadata a runner would pass for Alice. */
export const ALICE_META: JobRecord["meta"] = { ...ALICE, requestId: "r-1" };

/** Everything a test needs. */
export interface Setup {
  sim: GitHubSim;
  kv: Deno.Kv;
  store: Store;
  log: Logger & { entries: Array<Record<string, unknown>> };
  accounts: AccountsService;
  close(): Promise<void>;
}

/**
 * Starts the simulator and the accounts service.
 *
 * @example
 * ```ts
 * const t = await setup();
 * try { await t.accounts.linked(ALICE); } finally { await t.close(); }
 * ```
 */
export async function setup(
  options: { clientSecret?: string; publicUrl?: string } = {},
): Promise<Setup> {
  const sim = await startGitHubSim({
    oauth: CLIENT,
    people: { alice: { repos: { "acme/app": "pull" } } },
    start: "2026-11-24T10:00:00Z",
  });
  const kv = await Deno.openKv(":memory:");
  const store = kvStore(kv, { now: () => sim.clock.nowMs() });
  const log = memoryLogger();
  const accounts = await createAccounts({
    store,
    clientId: CLIENT.clientId,
    clientSecret: "clientSecret" in options ? options.clientSecret : CLIENT.clientSecret,
    secretKey: SECRET_KEY,
    unlinked: "public-read",
    apiUrl: sim.url,
    webUrl: sim.origin,
    publicUrl: options.publicUrl ?? PUBLIC_URL,
    fetch: globalThis.fetch,
    now: () => sim.clock.now(),
    log,
  });
  return {
    sim,
    kv,
    store,
    log,
    accounts,
    async close() {
      kv.close();
      await sim.close();
    },
  };
}

/** A step context for driving a job definition directly, without a runner. */
export function stepContext(t: Setup): StepContext {
  return {
    jobId: "job-1",
    provider: undefined as never,
    log: t.log,
    now: () => t.sim.clock.now(),
    once: (_key, fn) => fn({ resumed: false, startedAt: t.sim.clock.now().toISOString() }),
    watchRun: () => Promise.resolve(),
  };
}

/** Every key and value of the raw KV store, as JSON text. */
export async function rawKv(kv: Deno.Kv): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of kv.list({ prefix: [] })) {
    out.push(JSON.stringify(entry.key), JSON.stringify(entry.value));
  }
  return out;
}
