/**
 * The `botbuilder` `CloudAdapter`, loaded on first use (a heavy SDK kept off start-up), with
 * authentication configured from our settings, and a tiny req/res shim so `adapter.process`
 * runs on a Web `Request`.
 *
 * Auth: with `auth: "botframework"` the SDK validates every channel→bot JWT (issuer, audience =
 * our app id, signature against the OpenID metadata's JWKS with channel endorsements, expiry,
 * `serviceurl` claim). `auth: "emulator"` gives the SDK no app id, which disables validation —
 * only for local testing, and the caller logs a warning.
 *
 * @module
 */
import type { CloudAdapter, TurnContext } from "botbuilder";
import type { Logger } from "../../src/log.ts";
import { loginUrlCredentials } from "./credentials.ts";

/** Configuration of the Teams surface (from `MICROSOFT_APP_*` and `TEAMS_AUTH`). */
export interface TeamsConfig {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType?: string;
  auth: "botframework" | "emulator";
  /** Where channel→bot token keys are published (tests: the simulator). */
  openIdMetadataUrl?: string;
  /** The bot's token authority; its token endpoint is `${loginUrl}/oauth2/v2.0/token`. */
  loginUrl?: string;
  /** Largest accepted activity body. Default 256 KiB. */
  maxBodyBytes?: number;
}

/** The loaded adapter and the app id proactive calls use. */
export interface TeamsBot {
  adapter: CloudAdapter;
  appId: string;
}

const BOT_FRAMEWORK = "https://api.botframework.com";
const LOGIN = "https://login.microsoftonline.com/botframework.com";
const CHANNEL_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration";
const EMULATOR_METADATA =
  "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

/**
 * A loader that builds the adapter once, on first call.
 *
 * @example
 * ```ts
 * const load = lazyTeamsBot(config, log, fetch);
 * const { adapter } = await load();
 * ```
 */
export function lazyTeamsBot(
  config: TeamsConfig,
  log: Logger,
  fetcher: typeof fetch,
): () => Promise<TeamsBot> {
  let loading: Promise<TeamsBot> | undefined;
  return () => {
    loading ??= build(config, log, fetcher).catch((error) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function build(config: TeamsConfig, log: Logger, fetcher: typeof fetch): Promise<TeamsBot> {
  const bb = await import("botbuilder");
  if (config.auth === "emulator") {
    const auth = new bb.ConfigurationBotFrameworkAuthentication({});
    return { adapter: withErrors(new bb.CloudAdapter(auth), log), appId: "" };
  }
  const settings = {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppTenantId: config.tenantId,
    MicrosoftAppType: config.appType,
  };
  // Setting any endpoint makes the SDK take all of them as given, so all are set together.
  const endpoints = config.openIdMetadataUrl || config.loginUrl
    ? {
      ToChannelFromBotLoginUrl: config.loginUrl ?? LOGIN,
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK,
      ToBotFromChannelTokenIssuer: BOT_FRAMEWORK,
      OAuthUrl: BOT_FRAMEWORK,
      ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl ?? CHANNEL_METADATA,
      ToBotFromEmulatorOpenIdMetadataUrl: config.openIdMetadataUrl ?? EMULATOR_METADATA,
      CallerId: "urn:botframework:azure",
      ValidateAuthority: true,
    }
    : {};
  type Factory = ConstructorParameters<typeof bb.ConfigurationBotFrameworkAuthentication>[1];
  const credentials = (config.loginUrl && config.appPassword
    ? loginUrlCredentials(
      { appId: config.appId, appPassword: config.appPassword, loginUrl: config.loginUrl },
      fetcher,
    )
    : new bb.ConfigurationServiceClientCredentialFactory(settings)) as unknown as Factory;
  const auth = new bb.ConfigurationBotFrameworkAuthentication(
    { ...settings, ...endpoints },
    credentials,
  );
  return { adapter: withErrors(new bb.CloudAdapter(auth), log), appId: config.appId };
}

function withErrors(adapter: CloudAdapter, log: Logger): CloudAdapter {
  adapter.onTurnError = (_context, error) => {
    log.error("teams turn failed", { error: String(error) });
    return Promise.resolve();
  };
  return adapter;
}

/** What `adapter.process` answered. */
export interface ShimResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Runs `adapter.process` on an already-parsed body and returns what it wrote.
 *
 * @example
 * ```ts
 * const out = await processActivity(adapter, request.headers, body, (ctx) => ctx.sendActivity("hi"));
 * new Response(JSON.stringify(out.body ?? {}), { status: out.status });
 * ```
 */
export async function processActivity(
  adapter: CloudAdapter,
  headers: Headers,
  body: unknown,
  logic: (context: TurnContext) => Promise<void>,
): Promise<ShimResponse> {
  const out: ShimResponse = { status: 200, body: undefined, headers: {} };
  const res = {
    socket: undefined,
    status(code: number) {
      out.status = code;
      return res;
    },
    header(name: string, value: unknown) {
      out.headers[name.toLowerCase()] = String(value);
      return res;
    },
    send(value?: unknown) {
      out.body = value;
      return res;
    },
    end() {
      return res;
    },
  };
  const req = { method: "POST", headers: Object.fromEntries(headers), body };
  await adapter.process(req as never, res as never, logic);
  return out;
}
