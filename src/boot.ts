/**
 * Composition root: configuration → store, provider, logger → the app. Shared by `main.ts`
 * and by tests that start the whole service in process.
 *
 * @module
 */
import type { Hono } from "hono";
import { type Config, loadConfig } from "./config.ts";
import { randomId } from "./ids.ts";
import { backgroundRunner } from "./jobs/background.ts";
import { jsonLogger, type Logger } from "./log.ts";
import { githubProvider, type GitHubProviderOptions } from "./providers/github/provider.ts";
import { type AppDeps, createApp } from "./server.ts";
import { openKvStore } from "./store/kv.ts";

/** A booted service. */
export interface Service {
  app: Hono;
  deps: AppDeps;
  config: Config;
  /** Waits for background work, then closes the store. */
  close(): Promise<void>;
}

/**
 * Boots the service from an environment record. Throws `CiError("config")` listing every
 * invalid variable.
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
  overrides: {
    log?: Logger;
    fetch?: typeof fetch;
    now?: () => Date;
    /** Tuning of the GitHub client (tests shorten its back-off). */
    github?: Partial<GitHubProviderOptions>;
  } = {},
): Promise<Service> {
  const config = loadConfig(env);
  const log = overrides.log ?? jsonLogger({ level: config.env.LOG_LEVEL });
  const fetchFn = overrides.fetch ?? globalThis.fetch.bind(globalThis);
  const store = await openKvStore(config.env.KV_PATH);
  const background = backgroundRunner(log);
  const deps: AppDeps = {
    config,
    store,
    log,
    now: overrides.now ?? (() => new Date()),
    newId: randomId,
    fetch: fetchFn,
    provider: githubProvider({
      token: config.github.token,
      baseUrl: config.github.apiUrl,
      fetch: fetchFn,
      log,
      ...overrides.github,
    }),
    background,
  };
  return {
    app: createApp(deps),
    deps,
    config,
    async close() {
      await background.drain();
      await store.close();
    },
  };
}
