/**
 * A local Bot Connector (Microsoft Teams' side of the Bot Framework) on 127.0.0.1:0, speaking
 * the real wire protocol so the real `botbuilder` SDK can be tested against it:
 * - OpenID metadata and a JWKS with a locally generated RSA key (endorsed for `msteams`), so the
 *   SDK validates real channel→bot tokens that tests sign with {@linkcode BotConnectorSim.token};
 * - the bot's own client-credentials token endpoint (`/botframework.com/oauth2/v2.0/token`);
 * - the Connector API: replies (`POST /v3/conversations/{id}/activities/{replyToId}`), sends and
 *   proactive posts (`POST …/activities`), updates (`PUT …/activities/{id}`), all recorded,
 *   with scriptable 429/502 faults.
 *
 * @module
 */
import { Hono } from "hono";
import type { Activity } from "botbuilder";
import { generateSigningKey, jwksEntry, signJwt, verifyJwt } from "./botconnector_jwt.ts";

/** The channel→bot token issuer the SDK expects. */
export const CHANNEL_ISSUER = "https://api.botframework.com";
/** Path of the bot's token endpoint (what `loginUrl` points at, without it). */
export const TOKEN_PATH = "/botframework.com/oauth2/v2.0/token";

/** One call the bot made to the Connector API. */
export interface ConnectorCall {
  kind: "reply" | "send" | "update";
  conversationId: string;
  /** `replyToId` for replies, the updated id for updates. */
  activityId?: string;
  /** The id the simulator assigned (sends and replies) or kept (updates). */
  id: string;
  activity: Partial<Activity>;
  /** True when the bearer token was one this simulator issued to the bot. */
  authorized: boolean;
}

/** A scripted failure of the next Connector API calls. */
export interface Fault {
  status: 429 | 500 | 502 | 503;
  retryAfterSeconds?: number;
  times?: number;
}

/** The running simulator. */
export interface BotConnectorSim {
  /** Base URL, also the `serviceUrl` of activities. */
  url: string;
  serviceUrl: string;
  openIdMetadataUrl: string;
  /** What the bot uses as its login URL: `${loginUrl}/oauth2/v2.0/token` is the token endpoint. */
  loginUrl: string;
  appId: string;
  appPassword: string;
  calls: ConnectorCall[];
  /** Resolves with the first call matching `predicate`; the error lists every call seen. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  tokenRequests: number;
  /** A channel→bot `Authorization` header; overrides change or remove claims. */
  token(overrides?: Record<string, unknown>, options?: { forged?: boolean }): Promise<string>;
  /** The next Connector API calls fail with this status. */
  fail(fault: Fault): void;
  close(): Promise<void>;
}

/**
 * Starts the simulator.
 *
 * @example
 * ```ts
 * const sim = await startBotConnectorSim({ appId: "11111111-2222-3333-4444-555555555555" });
 * const auth = await sim.token();
 * await sim.close();
 * ```
 */
export async function startBotConnectorSim(
  options: {
    appId?: string;
    appPassword?: string;
    /** Channels the signing key is endorsed for (Microsoft's keys list Web Chat, Direct Line …). */
    endorsements?: string[];
  } = {},
): Promise<BotConnectorSim> {
  const appId = options.appId ?? "00000000-0000-4000-8000-0000000000a1";
  const appPassword = options.appPassword ?? "sim-password";
  const key = await generateSigningKey("sim-key-1");
  const forger = await generateSigningKey("sim-key-1");
  const faults: Fault[] = [];
  const calls: ConnectorCall[] = [];
  let sequence = 0;
  let base = "";
  const state = { tokenRequests: 0 };
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  const app = new Hono();
  app.get("/v1/.well-known/openidconfiguration", (c) =>
    c.json({
      issuer: CHANNEL_ISSUER,
      authorization_endpoint: `${base}/v1/auth`,
      jwks_uri: `${base}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
    }));
  app.get(
    "/v1/.well-known/keys",
    (c) => c.json({ keys: [jwksEntry(key, options.endorsements ?? ["msteams"])] }),
  );
  app.post(TOKEN_PATH, async (c) => {
    const form = new URLSearchParams(await c.req.text());
    state.tokenRequests++;
    if (form.get("client_id") !== appId || form.get("client_secret") !== appPassword) {
      return c.json({ error: "invalid_client" }, 401);
    }
    const accessToken = await signJwt(key, {
      iss: "https://sts.windows.net/sim/",
      aud: CHANNEL_ISSUER,
      appid: appId,
      exp: nowSeconds() + 3600,
    });
    return c.json({ token_type: "Bearer", expires_in: 3600, access_token: accessToken });
  });

  const record = async (
    kind: ConnectorCall["kind"],
    conversationId: string,
    activityId: string | undefined,
    request: Request,
  ): Promise<Response> => {
    const activity = await request.json() as Partial<Activity>;
    const fault = faults[0];
    if (fault) {
      if ((fault.times ?? 1) <= 1) faults.shift();
      else fault.times = (fault.times ?? 1) - 1;
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined
        ? { "retry-after": String(fault.retryAfterSeconds) }
        : {};
      return Response.json({ error: { code: "Throttled", message: "sim fault" } }, {
        status: fault.status,
        headers,
      });
    }
    const bearer = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    const authorized = (await verifyJwt(key, bearer, nowSeconds())) !== null;
    const id = kind === "update" ? activityId ?? "" : `act-${++sequence}`;
    calls.push({ kind, conversationId, activityId, id, activity, authorized });
    return Response.json({ id });
  };
  app.post(
    "/v3/conversations/:conversationId/activities",
    (c) => record("send", c.req.param("conversationId"), undefined, c.req.raw),
  );
  app.post(
    "/v3/conversations/:conversationId/activities/:activityId",
    (c) => record("reply", c.req.param("conversationId"), c.req.param("activityId"), c.req.raw),
  );
  app.put(
    "/v3/conversations/:conversationId/activities/:activityId",
    (c) => record("update", c.req.param("conversationId"), c.req.param("activityId"), c.req.raw),
  );

  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  base = `http://127.0.0.1:${server.addr.port}`;
  return {
    url: base,
    serviceUrl: `${base}/`,
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    loginUrl: `${base}/botframework.com`,
    appId,
    appPassword,
    calls,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = calls.map((c) => `${c.kind} ${JSON.stringify(c.activity).slice(0, 160)}`);
          throw new Error(`No matching Teams call in ${timeoutMs} ms; calls: ${seen.join(" | ")}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    async token(overrides = {}, tokenOptions = {}) {
      const claims: Record<string, unknown> = {
        iss: CHANNEL_ISSUER,
        aud: appId,
        serviceurl: `${base}/`,
        nbf: nowSeconds() - 60,
        exp: nowSeconds() + 3600,
        ...overrides,
      };
      for (const [name, value] of Object.entries(claims)) {
        if (value === undefined) delete claims[name];
      }
      return `Bearer ${await signJwt(tokenOptions.forged ? forger : key, claims)}`;
    },
    fail(fault) {
      faults.push({ ...fault });
    },
    close: () => server.shutdown(),
  };
}

/** Ids of the simulated Teams tenant, team and people. */
export const TEAMS = {
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  botId: "28:00000000-0000-4000-8000-0000000000a1",
  botName: "ci-orchestrator",
  userId: "29:1a2b3c-user",
  userAadId: "6b1c2d3e-0000-4000-8000-00000000u001",
  userName: "Ada Lovelace",
  conversationId: "19:ci-channel@thread.tacv2;messageid=1732400000000",
  channelId: "19:ci-channel@thread.tacv2",
  teamId: "19:team-general@thread.tacv2",
} as const;

/**
 * A Teams channel message activity addressed to the bot (`<at>ci-orchestrator</at> …` with its
 * mention entity), shaped like the Bot Connector sends it.
 *
 * @example
 * ```ts
 * const activity = messageActivity(sim.serviceUrl, "analyze repo:acme/app", { mention: true });
 * ```
 */
export function messageActivity(
  serviceUrl: string,
  text: string,
  options: { mention?: boolean; id?: string } = {},
): Partial<Activity> {
  const at = `<at>${TEAMS.botName}</at>`;
  return {
    type: "message",
    id: options.id ?? `1732400${Math.floor(Math.random() * 1e6)}`,
    timestamp: new Date(),
    localTimestamp: new Date(),
    serviceUrl,
    channelId: "msteams",
    from: { id: TEAMS.userId, name: TEAMS.userName, aadObjectId: TEAMS.userAadId },
    conversation: {
      id: TEAMS.conversationId,
      isGroup: true,
      conversationType: "channel",
      tenantId: TEAMS.tenantId,
      name: "ci",
    },
    recipient: { id: TEAMS.botId, name: TEAMS.botName },
    textFormat: "plain",
    locale: "en-US",
    text: options.mention ? `${at} ${text}` : text,
    entities: options.mention
      ? [{ type: "mention", text: at, mentioned: { id: TEAMS.botId, name: TEAMS.botName } }]
      : [],
    channelData: {
      teamsChannelId: TEAMS.channelId,
      teamsTeamId: TEAMS.teamId,
      channel: { id: TEAMS.channelId, name: "ci" },
      team: { id: TEAMS.teamId, name: "Acme" },
      tenant: { id: TEAMS.tenantId },
    },
  };
}

/**
 * The invoke Teams sends when a user presses an `Action.Execute` button.
 *
 * @example
 * ```ts
 * const click = executeActivity(sim.serviceUrl, "run", { actionId: "abc" });
 * ```
 */
export function executeActivity(
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  options: { id?: string; replyToId?: string } = {},
): Partial<Activity> {
  const message = messageActivity(serviceUrl, "", { id: options.id });
  return {
    ...message,
    type: "invoke",
    name: "adaptiveCard/action",
    text: undefined,
    entities: undefined,
    replyToId: options.replyToId ?? "act-1",
    value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
  };
}

/**
 * The invoke Teams sends when a user presses an `Action.Execute` inside a card with inputs:
 * the inputs' values (by input `id`) are merged into the action's `data`, as Adaptive Cards
 * submit them.
 *
 * @example
 * ```ts
 * const click = executeWithInputs(sim.serviceUrl, { verb: "ci.edit", data: { actionId: "abc" } },
 *   { command: "test repo:acme/web ref:main" });
 * ```
 */
export function executeWithInputs(
  serviceUrl: string,
  action: { verb: string; data?: Record<string, unknown> },
  inputs: Record<string, string>,
  options: { id?: string; replyToId?: string } = {},
): Partial<Activity> {
  return executeActivity(serviceUrl, action.verb, { ...action.data, ...inputs }, options);
}
