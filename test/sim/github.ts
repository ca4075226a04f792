/**
 * A local GitHub REST simulator (Hono on 127.0.0.1, port 0) that the real Octokit-based provider
 * talks to through `baseUrl`. Scriptable state (repositories, workflow files, runs, jobs, logs),
 * strong ETags with 304s, rate-limit headers, and injectable faults.
 *
 * @example
 * ```ts
 * const sim = await startGitHubSim({ token: "t0k" });
 * sim.state.addRepo("acme/app", { files: { ".github/workflows/ci.yml": "name: CI\non: push\n" } });
 * // githubProvider({ baseUrl: sim.url, token: "t0k", log })
 * await sim.close();
 * ```
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { SimClock } from "./github_clock.ts";
import {
  hookBody,
  type SimWebhookDelivery,
  type SimWebhookTarget,
  WebhookSender,
} from "./github_hooks.ts";
import {
  faultAnswer,
  rateLimitHeaders,
  type SimFault,
  takeMatchingFault,
} from "./github_faults.ts";
import { abortableSleep, decodePath, ghError } from "./github_http.ts";
import { serveLog } from "./github_logs.ts";
import { AppSim, type SimApp, type SimAppOptions } from "./github_app.ts";
import { mountAppRoutes } from "./github_app_routes.ts";
import { OAuthSim, type SimOAuth, type SimOAuthOptions } from "./github_oauth.ts";
import { mountApiRoutes } from "./github_routes.ts";
import {
  mountPermissionRoute,
  personFinder,
  serveAsUser,
  type SimPermission,
  type SimUser,
} from "./github_users.ts";
import { GitHubSimState, type SimRepo, type SimRepoInput } from "./github_state.ts";

export { SimClock } from "./github_clock.ts";
export { GitHubSimState } from "./github_state.ts";
export { generatedLog, type SimLogBlob } from "./github_logs.ts";
export type { SimWebhookDelivery, SimWebhookTarget } from "./github_hooks.ts";
export type { SimFault } from "./github_faults.ts";
export type { SimPermission, SimUser } from "./github_users.ts";
export type { SimOAuth, SimOAuthOptions, SimOAuthToken } from "./github_oauth.ts";
export type { SimApp, SimAppOptions, SimInstallation, SimInstallationToken } from "./github_app.ts";
export type { SimTransition } from "./github_lifecycle.ts";
export type { SimJobInput, SimRepo, SimRepoInput, SimRunInput } from "./github_state.ts";
export type {
  SimArtifactSpec,
  SimScript,
  SimScriptContext,
  SimScriptJob,
  SimScriptResult,
  SimScriptStep,
} from "./github_script.ts";

/** One request the simulator saw. */
export interface SimRequest {
  method: string;
  /** Decoded path below the API prefix, without the query. */
  path: string;
  query: Record<string, string>;
  /** Subset: authorization, if-none-match, accept, user-agent, content-type. */
  headers: Record<string, string>;
  body?: unknown;
  status: number;
}

/** Options of {@linkcode startGitHubSim}. */
export interface GitHubSimOptions {
  /** When set, every API request must carry `Authorization: token|Bearer <token>`. */
  token?: string;
  /** Personal tokens (token → person): they see only what that person may (`github_users.ts`). */
  users?: Record<string, SimUser>;
  /** People by login: OAuth user tokens issued to these logins see what the person may. */
  people?: Record<string, { repos?: Record<string, SimPermission> }>;
  /** The App's OAuth client: device flow, web flow, refresh, revocation (`github_oauth.ts`). */
  oauth?: SimOAuthOptions;
  /** The GitHub App: key pair, installations, installation tokens (`github_app.ts`). */
  app?: SimAppOptions;
  /** An outside time source instead of the sim clock's own (`sim.clock.advance` adds to it). */
  now?: () => Date;
  /** Sim time at start. Default: the real time now. */
  start?: Date | string;
  /**
   * Automatic clock: sim time runs this many times faster than real time (600: a 5-minute job
   * takes 0.5 s). Without it the clock is manual: it moves only by `sim.clock.advance(ms)`.
   */
  timeScale?: number;
  /** Login that dispatches run as. Default `octocat`. */
  actor?: string;
  /** Send signed `workflow_run` / `workflow_job` deliveries here. */
  webhook?: SimWebhookTarget;
  /** Serve the API under a path, as GHES does (`/api/v3`). */
  prefix?: string;
  /** How dispatch treats `return_run_details`: GitHub today, ignored, or rejected (old GHES). */
  returnRunDetails?: "supported" | "ignored" | "rejected";
}

/** A running simulator. */
export interface GitHubSim {
  /** API base URL (origin + prefix): pass it as the provider's `baseUrl`. */
  url: string;
  origin: string;
  state: GitHubSimState;
  /** The sim clock (`now()`, `advance(ms)`). */
  clock: SimClock;
  faults: SimFault[];
  requests: SimRequest[];
  /** Every webhook delivery, redeliveries included. */
  webhookDeliveries: SimWebhookDelivery[];
  /** Sets (or, with no url, clears) where webhooks go. */
  setWebhook(url?: string, secret?: string): void;
  /** Sends a delivery again, same id and body; resolves with the new attempt once answered. */
  redeliver(deliveryId: string): Promise<SimWebhookDelivery>;
  /** Resolves once every delivery so far has been answered. */
  webhooksIdle(): Promise<void>;
  /** The OAuth side, when the `oauth` option was given. */
  oauth?: SimOAuth;
  /** The GitHub App, when the `app` option was given. */
  app?: SimApp;
  close(): Promise<void>;
}

/** The state, plus every repository's name: an App installed on "all" lists them. */
class IndexedState extends GitHubSimState {
  readonly #names = new Set<string>();

  override addRepo(full: string, input?: SimRepoInput): SimRepo {
    this.#names.add(full.toLowerCase());
    return super.addRepo(full, input);
  }

  allRepos(): SimRepo[] {
    return [...this.#names].map((name) => this.repo(name)).filter((r) => r !== undefined);
  }
}

const RECORDED_HEADERS = [
  "authorization",
  "if-none-match",
  "accept",
  "user-agent",
  "content-type",
  "range",
];
/**
 * Starts the simulator. Close it at the end of the test.
 *
 * @example
 * ```ts
 * const sim = await startGitHubSim({ prefix: "/api/v3" });
 * sim.url; // "http://127.0.0.1:<port>/api/v3"
 * await sim.close();
 * ```
 */
export async function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const clock = new SimClock({
    start: options.start,
    timeScale: options.timeScale,
    source: options.now,
  });
  const now = () => clock.now();
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const closing = new AbortController();
  const faults: SimFault[] = [];
  const requests: SimRequest[] = [];
  const logSignature = crypto.randomUUID();
  // Filled in once the server has a port; the state keeps this object and sees the update.
  const hosts = { api: "", web: "" };
  const state = new IndexedState(hosts, clock, { actor: options.actor });
  const hooks = new WebhookSender();
  hooks.target = options.webhook;
  const findPerson = personFinder(options.people, options.users);
  const personOf = (login: string): SimUser => findPerson(login) ?? { login };
  const oauth = options.oauth &&
    new OAuthSim(options.oauth, { now, origin: () => hosts.web, personOf });
  const app = options.app &&
    await AppSim.create(options.app, {
      state,
      hooks,
      allRepos: () => state.allRepos(),
      isPerson: (login) => findPerson(login) !== undefined,
      clientId: options.oauth?.clientId,
    });
  state.lifecycle.onTransition((transition) => {
    const body = hookBody(state, transition);
    if (body) hooks.send(transition.kind, body, transition.at);
  });

  const relative = (c: Context) => {
    const path = decodePath(new URL(c.req.url).pathname);
    return prefix && path.startsWith(prefix) ? path.slice(prefix.length) || "/" : path;
  };
  const rateHeaders = () => rateLimitHeaders(state.rateLimit);

  const root = new Hono();
  // Record, then apply scripted faults, for every request (API and log downloads alike).
  root.use("*", async (c, next) => {
    const method = c.req.method;
    const path = relative(c);
    const bodyText = method === "GET" || method === "HEAD" ? "" : await c.req.text();
    let body: unknown = undefined;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    const fault = takeMatchingFault(faults, method, path);
    if (fault?.delayMs) {
      // Only close() cuts the delay short: a client that gave up must still see no answer.
      await abortableSleep(fault.delayMs, closing.signal);
    }
    if (fault?.status !== undefined) {
      const nowSeconds = Math.floor(now().getTime() / 1000);
      c.res = faultAnswer({ ...fault, status: fault.status }, state.rateLimit, nowSeconds);
    } else await next();
    const headers: Record<string, string> = {};
    for (const name of RECORDED_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    requests.push({ method, path, query: c.req.query(), headers, body, status: c.res.status });
  });

  // Pre-signed log download: no Authorization, like GitHub's blob storage.
  root.get("/_logs/:job", (c) => {
    if (c.req.query("sig") !== logSignature) {
      return c.text("AuthenticationFailed: Server failed to authenticate the request.", 403);
    }
    const log = state.logBlob(Number(c.req.param("job")));
    if (log === undefined) return c.text("BlobNotFound: The specified blob does not exist.", 404);
    return serveLog(log, c.req.header("range"));
  });

  const api = new Hono();
  // Auth, rate limit accounting and headers. A 304 does not count against the limit.
  api.use("*", async (c, next) => {
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const path = relative(c);
    const rate = state.rateLimit;
    const nowSeconds = Math.floor(now().getTime() / 1000);
    if (nowSeconds >= rate.reset) {
      Object.assign(rate, { remaining: rate.limit, reset: nowSeconds + 3600 });
    }
    state.lifecycle.tick();
    const user = token === undefined ? undefined : options.users?.[token];
    // The App's routes and tokens first (an app JWT is good nowhere else), then people.
    const served = (await app?.serveApi(c, next, path, token)) ??
      (user ? await serveAsUser(c, next, path, state, user) : undefined) ??
      (await oauth?.serveApi(c, next, path, state, token));
    if (served) {
      c.res = served;
    } else if (options.token !== undefined && token !== options.token) {
      c.res = ghError(401, "Bad credentials");
    } else if (rate.remaining <= 0) {
      c.res = ghError(403, "API rate limit exceeded for user ID 1.");
    } else {
      await next();
    }
    if (c.res.status !== 304) rate.remaining = Math.max(0, rate.remaining - 1);
    for (const [name, value] of Object.entries(rateHeaders())) c.res.headers.set(name, value);
    c.res.headers.set("x-github-api-version-selected", "2022-11-28");
    c.res.headers.set("x-github-request-id", crypto.randomUUID().toUpperCase());
  });

  mountApiRoutes(api, {
    state,
    logSignature,
    returnRunDetails: options.returnRunDetails ?? "supported",
  });
  mountPermissionRoute(api, state, personOf);
  if (app) mountAppRoutes(api, app);
  oauth?.mountApi(api);

  // OAuth's web side sits at the host root, outside the API prefix (as on GHES).
  oauth?.mountWeb(root);
  root.route(prefix || "/", api);
  root.notFound(() => ghError(404, "Not Found"));

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    root.fetch,
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  Object.assign(hosts, { api: origin + prefix, web: origin });
  return {
    url: origin + prefix,
    origin,
    state,
    clock,
    faults,
    requests,
    webhookDeliveries: hooks.deliveries,
    setWebhook(url?: string, secret = "") {
      hooks.target = url ? { url, secret } : undefined;
    },
    redeliver: (id) => hooks.redeliver(id),
    webhooksIdle: () => hooks.idle(),
    ...(oauth ? { oauth } : {}),
    ...(app ? { app } : {}),
    async close() {
      closing.abort();
      state.lifecycle.close();
      await hooks.close();
      await server.shutdown();
    },
  };
}
