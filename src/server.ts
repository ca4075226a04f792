/**
 * The Hono app: mounts every configured surface, the report pages and the operator routes.
 * `createApp` is pure wiring; tests call `app.request()` in process.
 *
 * @module
 */
import { Hono } from "hono";
import {
  createSlackMessenger,
  createSlackNotifier,
  createSlackSurface,
} from "../bots/slack/mod.ts";
import { createTeamsSurface } from "../bots/teams/mod.ts";
import { createDiscordSurface } from "../bots/discord/mod.ts";
import type { DiscordSend } from "../bots/discord/gateway.ts";
import type { Config } from "./config.ts";
import { CiError, toCiError } from "./errors.ts";
import { createGitHubWebhooks } from "./github_webhooks.ts";
import { webhookSecrets } from "./github_webhook_secrets.ts";
import { parseCommand, parseWithModel } from "./intent/parse.ts";
import { createOpenAICompatibleModel } from "./intent/model/openai_compatible.ts";
import type { BackgroundRunner } from "./jobs/background.ts";
import type { Logger } from "./log.ts";
import type { CIProvider } from "./providers/port.ts";
import { renderHtml } from "./report/html.ts";
import { notFoundPage, PAGE_HEADERS } from "./report/page/document.ts";
import { DEFAULT_PNG_WIDTH, defaultChartIndex, renderChartPng } from "./report/png.ts";
import { loadReport, reportGoneMessage, reportTtlMs } from "./report/store.ts";
import { renderChartSvg } from "./report/svg.ts";
import type { Store } from "./store/port.ts";
import type { Deliverer, Notifier, SurfaceDeps, SurfaceHandler, SurfaceName } from "./surface.ts";
import type { Alerts } from "./alerts/engine.ts";
import type { Execute } from "./surface.ts";
import type { InboxQueue } from "./inbox/queue.ts";
import type { JobRunner } from "./jobs/runner.ts";
import { createRequestMetrics, metricsHandler } from "./metrics.ts";
import { consoleSettings } from "./console/access.ts";
import { registerConsole } from "./console/routes.ts";
import { createLimits, limitExecute, limitOptionsFrom, type Limits } from "./limits/mod.ts";

/** Everything the app needs, injected. */
export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  now: () => Date;
  newId: () => string;
  fetch: typeof fetch;
  provider: CIProvider;
  background: BackgroundRunner;
  /** The pipeline every surface's intents go through (policy, jobs, reports). */
  execute: Execute;
  runner: JobRunner;
  /** Where job replies go, by surface; each mounted surface registers its own. */
  deliverers: Map<SurfaceName, Deliverer>;
  /** How alerts reach subscribed conversations, by surface; each surface registers its own. */
  notifiers: Map<SurfaceName, Notifier>;
  /** Turns GitHub run events into alerts for subscribed conversations. */
  alerts: Alerts;
  /** Where the Teams surface validates tokens and gets its own; default: Microsoft's. */
  teamsEndpoints?: TeamsEndpoints;
  /**
   * Set only by `deno task demo` (boot's `demo` option), whose GitHub is the simulator: the
   * console needs no credential there. Never from the environment.
   */
  demo?: boolean;
  /** Per-caller limits shared by every surface; made from the environment when absent. */
  limits?: Limits;
  /** Set by `createApp` when Discord is on: how the `!ci-test` gateway replies in threads. */
  discordSend?: DiscordSend;
  /**
   * The durable, bounded queue behind the inbox; each mounted surface registers how its records
   * run (live, and at start-up replay).
   */
  inbox: InboxQueue;
  /** `GET /auth/github/callback` (the OAuth web flow), when account linking is on. */
  authCallback?: (request: Request) => Promise<Response>;
}

/**
 * Bot Framework endpoints that only tests change (they point them at a local simulator).
 *
 * @example
 * ```ts
 * const endpoints: TeamsEndpoints = { openIdMetadataUrl: sim.openIdMetadataUrl, loginUrl: sim.loginUrl };
 * ```
 */
export interface TeamsEndpoints {
  /** OpenID metadata whose JWKS signs channel→bot tokens. */
  openIdMetadataUrl?: string;
  /** The bot's token authority (`${loginUrl}/oauth2/v2.0/token`). */
  loginUrl?: string;
}

/** Largest request body any route accepts; surfaces may set lower limits. */
export const MAX_BODY_BYTES = 1024 * 1024;

// Paths we serve and their methods, so a wrong method gets 405 with `Allow` instead of 404.
const ROUTES: Array<[RegExp, string]> = [
  [/^\/slack\/events$/, "POST"],
  [/^\/github\/webhooks$/, "POST"],
  [/^\/api\/messages$/, "POST"],
  [/^\/discord\/interactions$/, "POST"],
  [/^\/copilot$/, "POST"],
  [/^\/mcp$/, "POST"],
  [/^\/auth\/github\/callback$/, "GET"],
  [/^\/reports\/[^/]+$/, "GET"],
  [/^\/reports\/[^/]+\/chart\.png$/, "GET"],
  [/^\/(healthz|readyz)$/, "GET"],
  [/^\/metrics$/, "GET"],
  [/^\/$/, "GET, POST"],
  [/^\/console\/jobs\/[^/]+$/, "GET"],
];

const STATUS_FOR: Record<CiError["code"], number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  rate_limited: 429,
  upstream: 502,
  timeout: 504,
  config: 500,
  unsupported: 501,
  internal: 500,
};

/**
 * Builds the surface dependencies shared by every chat surface.
 *
 * @example
 * ```ts
 * // const surfaceDeps = surfaceDepsFrom(appDeps);
 * ```
 */
export function surfaceDepsFrom(deps: AppDeps): SurfaceDeps {
  // One limiter per app: main.ts calls this again for the Discord gateway, which must share it.
  const limits = deps.limits ??= createLimits(limitOptionsFrom(deps.config.env), deps.now);
  const llm = deps.config.llm;
  // The SDK itself loads on the first question, never here.
  const model = llm && createOpenAICompatibleModel({ ...llm, fetch: deps.fetch });
  return {
    log: deps.log,
    store: deps.store,
    now: deps.now,
    newId: deps.newId,
    fetch: deps.fetch,
    parse: (text) => parseCommand(text),
    ...(model ? { resolve: (text: string) => parseWithModel(text, model) } : {}),
    execute: limitExecute(deps.execute, limits),
    reportUrl: (id) => `${deps.config.publicUrl}/reports/${id}`,
    background: (name, work) => deps.background.run(name, work),
    inbox: deps.inbox,
  };
}

/**
 * Creates the Hono app.
 *
 * @example
 * ```ts
 * // const app = createApp(deps);
 * // const res = await app.request("/healthz");
 * ```
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const surfaceDeps = surfaceDepsFrom(deps);
  let slack: SurfaceHandler | undefined;
  if (deps.config.slack) {
    // One messenger serves the surface and the job runner: both update the same messages.
    const messenger = createSlackMessenger(deps.config.slack, surfaceDeps);
    slack = createSlackSurface(deps.config.slack, surfaceDeps, { messenger });
    deps.deliverers.set("slack", messenger.deliver);
    // Alerts are posted unprompted to a channel: that needs the bot token.
    if (deps.config.slack.botToken) {
      deps.notifiers.set(
        "slack",
        createSlackNotifier({
          botToken: deps.config.slack.botToken,
          apiUrl: deps.config.slack.apiUrl,
        }, {
          store: deps.store,
          fetch: deps.fetch,
          log: deps.log,
          newId: deps.newId,
          reportUrl: surfaceDeps.reportUrl,
        }),
      );
    }
  }

  const metrics = createRequestMetrics();
  app.use(metrics.middleware);
  app.use(async (c, next) => {
    const requestId = c.req.header("x-request-id")?.slice(0, 64) || deps.newId();
    const started = performance.now();
    c.header("x-request-id", requestId);
    await next();
    if (c.req.path !== "/healthz") {
      deps.log.info("request", {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  });
  // Declared sizes are refused here; surfaces read bodies through their own bounded readers,
  // which also catch chunked bodies that declare nothing. (Hono's bodyLimit re-creates the
  // Request, which makes Deno warn about legacy abort signals on every request.)
  app.use(async (c, next) => {
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > MAX_BODY_BYTES) {
      await c.req.raw.body?.cancel();
      return c.json(
        { error: `Request body is ${declared} bytes, larger than the ${MAX_BODY_BYTES} allowed` },
        413,
      );
    }
    await next();
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/metrics", metricsHandler(metrics, deps));
  app.get("/readyz", async (c) => {
    try {
      await deps.store.ping();
      return c.json({ status: "ready" });
    } catch (error) {
      deps.log.error("store not reachable", { error });
      return c.json({ status: "unavailable", error: "store not reachable" }, 503);
    }
  });
  // Report pages are bearer links (the unguessable id is the credential): they expire after
  // REPORT_TTL_DAYS and no shared cache (CDN, proxy) may keep a copy.
  const reportExpiry = { now: deps.now, ttlMs: reportTtlMs(deps.config.env.REPORT_TTL_DAYS) };
  const reportGone = { error: reportGoneMessage(reportExpiry.ttlMs) };
  // A browser gets a page for a missing report too; API clients asking for JSON get JSON.
  app.get("/reports/:id", async (c) => {
    const report = await loadReport(deps.store, c.req.param("id"), reportExpiry);
    const accept = c.req.header("accept") ?? "";
    if (!report && /application\/json/.test(accept) && !/text\/html/.test(accept)) {
      return c.json(reportGone, 404);
    }
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    if (!report) return c.html(notFoundPage(`${reportGone.error}.`), 404);
    return c.html(renderHtml(report, { webUrl: deps.config.github.webUrl, now: deps.now() }));
  });
  // No credentials like the page (Slack's image fetcher sends none); cached by the browser only.
  app.get("/reports/:id/chart.png", async (c) => {
    const report = await loadReport(deps.store, c.req.param("id"), reportExpiry);
    if (!report) return c.json(reportGone, 404);
    const asked = c.req.query("chart");
    if (asked !== undefined && !/^\d{1,4}$/.test(asked)) {
      return c.json(
        { error: `'chart' must be a chart number from 0: current value is ${asked.slice(0, 40)}` },
        400,
      );
    }
    const index = asked === undefined ? defaultChartIndex(report.charts) : Number(asked);
    const chart = report.charts[index];
    if (!chart) {
      const error = report.charts.length === 0
        ? "This report has no charts"
        : `This report has ${report.charts.length} chart(s), numbered from 0: no chart ${asked}`;
      return c.json({ error }, 404);
    }
    const png = await renderChartPng(renderChartSvg(chart), { width: DEFAULT_PNG_WIDTH });
    c.header("content-type", "image/png");
    c.header("cache-control", "private, max-age=300");
    c.header("x-content-type-options", "nosniff");
    c.header("x-robots-tag", "noindex");
    return c.body(png);
  });
  app.get("/auth/github/callback", (c) => {
    if (!deps.authCallback) {
      return c.json(
        { error: "Account linking is off: set GITHUB_CLIENT_ID and SECRET_KEY to enable it" },
        404,
      );
    }
    return deps.authCallback(c.req.raw);
  });
  app.post("/slack/events", (c) => {
    if (!slack) {
      return c.json(
        { error: "The Slack surface is off: set SLACK_SIGNING_SECRET to enable it" },
        404,
      );
    }
    return slack(c.req.raw);
  });

  const teams = deps.config.teams
    ? createTeamsSurface({ ...deps.config.teams, ...deps.teamsEndpoints }, surfaceDeps, {
      replayers: deps.inbox.replayers,
    })
    : undefined;
  if (teams) {
    deps.deliverers.set("teams", teams.deliver);
    deps.notifiers.set("teams", teams.notify);
  }
  app.post("/api/messages", (c) => {
    if (!teams) {
      return c.json(
        { error: "The Teams surface is off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD" },
        404,
      );
    }
    return teams.handler(c.req.raw);
  });

  const discord = deps.config.discord
    ? createDiscordSurface(deps.config.discord, surfaceDeps)
    : undefined;
  if (discord) {
    deps.deliverers.set("discord", discord.deliver);
    deps.notifiers.set("discord", discord.notify);
    deps.discordSend = discord.send;
  }
  app.post("/discord/interactions", (c) => {
    if (!discord) {
      return c.json(
        { error: "The Discord surface is off: set DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID" },
        404,
      );
    }
    return discord.handler(c.req.raw);
  });

  // The Copilot and MCP SDKs load on the first request, not at start-up.
  let copilot: Promise<Awaited<ReturnType<typeof loadCopilot>>> | undefined;
  const loadCopilot = async () =>
    (await import("../copilot/agent/mod.ts")).createCopilotAgent(
      { apiUrl: deps.config.github.apiUrl },
      { ...surfaceDeps, limits: deps.limits },
    );
  const copilotOn = deps.config.env.COPILOT_AGENT === "on";
  if (copilotOn) {
    deps.deliverers.set(
      "copilot",
      async (reply, report, phase) =>
        (await (copilot ??= loadCopilot())).deliver(reply, report, phase),
    );
  }
  app.post("/copilot", async (c) => {
    if (!copilotOn) {
      return c.json({ error: "The Copilot agent is off: set COPILOT_AGENT=on to enable it" }, 404);
    }
    // The signature covers the raw bytes: hand over the body unread.
    return (await (copilot ??= loadCopilot()))(c.req.raw);
  });

  // Off unless switched on: MCP=on admits callers' own GitHub tokens (each acting only where that
  // token reaches), MCP_API_KEY a shared key; the policy file decides what each identity may do.
  const mcpConfig = deps.config.mcp;
  let mcp: Promise<Awaited<ReturnType<typeof loadMcp>>> | undefined;
  const loadMcp = async () =>
    (await import("../copilot/mcp/mod.ts")).createMcpEndpoint(
      { ...mcpConfig!, githubApiUrl: deps.config.github.apiUrl },
      // Each tool call is admitted at /mcp's edge (an HTTP 429), not again inside execute.
      { ...surfaceDeps, execute: deps.execute, limits: deps.limits, runner: deps.runner },
    );
  if (mcpConfig) {
    deps.deliverers.set(
      "mcp",
      async (reply, report, phase) => (await (mcp ??= loadMcp())).deliver(reply, report, phase),
    );
  }
  app.on(["POST", "GET", "DELETE"], "/mcp", async (c) => {
    if (!mcpConfig) {
      await c.req.raw.body?.cancel();
      return c.json(
        { error: "The MCP endpoint is off: set MCP=on or MCP_API_KEY to enable it" },
        404,
      );
    }
    return (await (mcp ??= loadMcp())).handler(c.req.raw);
  });

  const secrets = webhookSecrets(
    deps.config.env.GITHUB_WEBHOOK_SECRET,
    deps.config.env.GITHUB_WEBHOOK_SECRETS,
  );
  const webhooks = secrets
    ? createGitHubWebhooks(secrets, {
      store: deps.store,
      runner: deps.runner,
      log: deps.log,
      alerts: deps.alerts,
      inbox: deps.inbox,
    })
    : undefined;
  app.post("/github/webhooks", (c) => {
    if (!webhooks) {
      return c.json(
        {
          error:
            "GitHub webhooks are off: set GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRETS to enable them",
        },
        404,
      );
    }
    return webhooks(c.req.raw);
  });

  // The web console (src/console/): every surface's rendering of one reply, side by side.
  registerConsole(app, {
    settings: consoleSettings(deps.config.env, deps.demo === true),
    parse: surfaceDeps.parse,
    resolve: surfaceDeps.resolve,
    execute: surfaceDeps.execute,
    reportUrl: surfaceDeps.reportUrl,
    origin: deps.config.publicUrl,
    newId: deps.newId,
    now: deps.now,
    store: deps.store,
    jobs: deps.runner,
    reportTtlMs: reportExpiry.ttlMs,
  });

  app.notFound((c) => {
    const route = ROUTES.find(([pattern]) => pattern.test(c.req.path));
    if (route) {
      c.header("allow", route[1]);
      return c.json({ error: `Method ${c.req.method} is not allowed on ${c.req.path}` }, 405);
    }
    return c.json({ error: `No route for ${c.req.method} ${c.req.path}` }, 404);
  });
  app.onError((error, c) => {
    const err = toCiError(error);
    deps.log.error("request failed", { path: c.req.path, code: err.code, error: err });
    const status = STATUS_FOR[err.code] as 400;
    return c.json(
      { error: status >= 500 ? "Internal error" : err.message, hint: err.hint },
      status,
    );
  });
  return app;
}
