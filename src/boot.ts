/**
 * Composition root: configuration → store, provider, policy, job runner → the app. Shared by
 * `main.ts` and by tests that start the whole service in process.
 *
 * @module
 */
import type { Hono } from "hono";
import { type Config, loadConfig } from "./config.ts";
import { createCore } from "./core.ts";
import { randomId } from "./ids.ts";
import { backgroundRunner } from "./jobs/background.ts";
import { jsonLogger, type Logger } from "./log.ts";
import { reportTtlMs } from "./report/store.ts";
import { createAccounts } from "./accounts/mod.ts";
import { githubProvider, type GitHubProviderOptions } from "./providers/github/provider.ts";
import { type AppDeps, createApp, type TeamsEndpoints } from "./server.ts";
import { openKvStore } from "./store/kv.ts";
import type { Store } from "./store/port.ts";
import type { Deliverer, Notifier, SurfaceName } from "./surface.ts";
import type { JobDeliver } from "./jobs/runner.ts";
import { type AlertsDeps, createAlerts } from "./alerts/engine.ts";
import { createQueueRouter } from "./alerts/queue.ts";
import { createInbox } from "./inbox/inbox.ts";
import { replayInbox } from "./inbox/replay.ts";
import { createInboxQueue } from "./inbox/queue.ts";
import { demoDeliver, demoExecute, demoStore } from "./demo.ts";

/**
 * On a store shared by several instances (PostgreSQL) a young pending inbox record may still be
 * running on another instance; older than this, its instance is taken to have died.
 */
const SHARED_REPLAY_GRACE_MS = 5 * 60_000;

/**
 * The store `DATABASE_URL` names (PostgreSQL, shared by every instance), else the embedded Deno
 * KV file. The database client loads only when it is used.
 */
async function openStore(config: Config): Promise<Store> {
  if (!config.env.DATABASE_URL) return await openKvStore(config.env.KV_PATH);
  const { openPostgresStore } = await import("./store/postgres.ts");
  return await openPostgresStore(config.env.DATABASE_URL);
}

/** A booted service. */
export interface Service {
  app: Hono;
  deps: AppDeps;
  config: Config;
  /** Waits for background work, then closes the store (which stops the job queue). */
  close(): Promise<void>;
}

/** What tests may replace. */
export interface BootOverrides {
  log?: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Tuning of the GitHub client (tests shorten its back-off). */
  github?: Partial<GitHubProviderOptions>;
  /** Upper bound on waits between job steps (tests poll faster). */
  maxJobWaitMs?: number;
  /** Alert retry and coalescing delays (tests shorten them). */
  alerts?: Pick<AlertsDeps, "backoffMs" | "coalesceMs">;
  /** Bot Framework endpoints of the Teams surface (tests point them at the simulator). */
  teams?: TeamsEndpoints;
  /** Demo mode (`deno task demo`): every stored and sent report's title starts "Demo: ". */
  demo?: boolean;
}

/**
 * Boots the service from an environment record. Throws `CiError("config")` listing every
 * invalid variable, or naming an unreadable policy file.
 *
 * @example
 * ```ts
 * const service = await boot({ KV_PATH: ":memory:" });
 * const res = await service.app.request("/healthz");
 * await service.close();
 * ```
 */
export async function boot(
  env: Record<string, string | undefined>,
  overrides: BootOverrides = {},
): Promise<Service> {
  const config = loadConfig(env);
  const log = overrides.log ?? jsonLogger({ level: config.env.LOG_LEVEL });
  // The policy reader (and YAML with it) loads only when a policy file is configured.
  const policy = config.env.POLICY_FILE
    ? await (await import("./policy/load.ts")).readPolicyFile(config.env.POLICY_FILE)
    : null;
  const fetchFn = overrides.fetch ?? globalThis.fetch.bind(globalThis);
  const now = overrides.now ?? (() => new Date());
  // One queue listener per store: the router hands alert messages to the alerts engine and
  // everything else to the job runner.
  const opened = await openStore(config);
  const router = createQueueRouter(overrides.demo ? demoStore(opened) : opened);
  const store = router.store;
  const background = backgroundRunner(log);
  // As a GitHub App, every call carries the installation token of its repository's owner.
  const githubApp = config.github.app;
  // auth-app and the JWT library load only when the service runs as an App.
  const appAuth = githubApp
    ? (await import("./providers/github/app_auth.ts")).createInstallationAuth({
      appId: githubApp.appId,
      privateKey: githubApp.privateKey,
      apiUrl: config.github.apiUrl,
      fetch: fetchFn,
      now,
      log,
      store,
    })
    : undefined;
  if (githubApp) {
    const ignored = config.github.token ? "; GITHUB_TOKEN is ignored for GitHub operations" : "";
    log.info(`GitHub: running as GitHub App ${githubApp.appId}${ignored}`);
  }
  const provider = githubProvider({
    token: appAuth ? undefined : config.github.token,
    appAuth,
    baseUrl: config.github.apiUrl,
    fetch: fetchFn,
    log,
    ...overrides.github,
  });
  const deliverers = new Map<SurfaceName, Deliverer>();
  const notifiers = new Map<SurfaceName, Notifier>();
  const alerts = createAlerts({
    store,
    queue: router,
    provider,
    notifiers,
    log,
    now,
    newId: randomId,
    reportTtlMs: reportTtlMs(config.env.REPORT_TTL_DAYS),
    ...overrides.alerts,
  });
  // Linked GitHub accounts: what a person may do comes from their own GitHub permissions.
  const linking = config.github.accounts;
  const accounts = linking
    ? await createAccounts({
      store,
      ...linking,
      apiUrl: config.github.apiUrl,
      webUrl: config.github.webUrl,
      publicUrl: config.publicUrl,
      fetch: fetchFn,
      now,
      log,
    })
    : undefined;
  const jobDeliver: JobDeliver = async (reply, report, phase) => {
    const deliver = deliverers.get(reply.surface);
    if (!deliver) {
      log.warn("no deliverer for a job reply", { surface: reply.surface, phase });
      return;
    }
    await deliver(reply, report, phase);
  };
  const core = createCore({
    store,
    log,
    now,
    newId: randomId,
    provider,
    policy,
    deliver: overrides.demo ? demoDeliver(jobDeliver) : jobDeliver,
    maxJobWaitMs: overrides.maxJobWaitMs,
    sharedStore: Boolean(config.env.DATABASE_URL),
    ...(accounts
      ? { accounts, jobs: [accounts.loginJob], githubApiUrl: config.github.apiUrl, fetch: fetchFn }
      : {}),
    reportTtlMs: reportTtlMs(config.env.REPORT_TTL_DAYS),
  });
  const { runner } = core;
  const execute = overrides.demo ? demoExecute(core.execute) : core.execute;
  const inbox = createInboxQueue(store, {
    log,
    now,
    concurrency: config.env.INBOX_CONCURRENCY,
    limit: config.env.INBOX_BACKLOG_LIMIT,
    spawn: (name, work) => background.run(name, work),
  });
  const deps: AppDeps = {
    config,
    store,
    log,
    now,
    newId: randomId,
    fetch: fetchFn,
    provider,
    background,
    runner,
    deliverers,
    notifiers,
    alerts,
    execute,
    teamsEndpoints: overrides.teams,
    ...(overrides.demo ? { demo: true } : {}),
    inbox,
    ...(accounts ? { authCallback: accounts.callback } : {}),
  };
  const app = createApp(deps);
  await runner.start();
  // Records received from now on are this process's own (queued live), never replayed.
  const startedAt = now();
  // Requests acknowledged by a process that died before finishing them run now (or are
  // reported lost when too old); in the background, so start-up does not wait for them.
  background.run("inbox.replay", async () => {
    const summary = await replayInbox(createInbox(store, { log, now }), inbox.replayers, {
      log,
      now,
      startedAt,
      graceMs: config.env.DATABASE_URL ? SHARED_REPLAY_GRACE_MS : 0,
    });
    if (summary.replayed + summary.failed + summary.lost > 0) {
      log.info("inbox replayed", { ...summary });
    }
  });
  return {
    app,
    deps,
    config,
    async close() {
      await background.drain();
      for (const deliver of deliverers.values()) {
        await deliver.idle?.();
        deliver.close?.();
      }
      await store.close();
    },
  };
}
