/**
 * GitHub's OAuth endpoints, as small `fetch` calls: the device flow, the web-flow code
 * exchange, refresh, revocation and `GET /user`. Not `@octokit/oauth-methods`: it derives the
 * OAuth host from the API URL (`api.github.com` → `github.com`, else the API URL minus
 * `/api/v3`) and cannot take `GITHUB_URL` on its own. OAuth endpoints live at `webUrl`
 * (`https://github.com/login/device/code`), the API at `apiUrl`. Every call has a timeout and
 * asks for JSON; token values never appear in an error.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../errors.ts";

/** GitHub said no (an OAuth `error` answer, or 401 with a token): not worth retrying. */
export class OAuthRefusedError extends CiError {
  /** GitHub's `error` code, e.g. `bad_refresh_token`, or `bad_credentials` for a 401. */
  readonly oauthError: string;
  constructor(oauthError: string, description?: string) {
    super("unauthorized", `GitHub refused: ${oauthError}${description ? ` (${description})` : ""}`);
    this.name = "OAuthRefusedError";
    this.oauthError = oauthError;
  }
}

/** What the device flow shows the person. */
export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** Seconds the codes stay valid. */
  expiresIn: number;
  /** Seconds to wait between polls. */
  interval: number;
}

/** Tokens GitHub issued, with absolute expiry times (ISO) when they expire. */
export interface TokenGrant {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
  refreshExpiresAt?: string;
}

/** One poll of the device flow. */
export type DevicePoll =
  | { kind: "token"; grant: TokenGrant }
  | { kind: "pending" }
  /** Poll less often: `interval` is the new interval in seconds. */
  | { kind: "slow_down"; interval: number }
  | { kind: "expired" }
  | { kind: "denied" };

/** Options of {@linkcode createOAuthClient}. */
export interface OAuthClientOptions {
  clientId: string;
  clientSecret?: string;
  apiUrl: string;
  webUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  /** Per call. Default 10 s. */
  timeoutMs?: number;
}

/** The calls. */
export interface OAuthClient {
  requestDeviceCode(): Promise<DeviceCode>;
  pollDeviceCode(deviceCode: string): Promise<DevicePoll>;
  /** Web flow: the `code` GitHub sent to the callback. Needs the client secret. */
  exchangeCode(code: string, redirectUri: string): Promise<TokenGrant>;
  /** Needs the client secret; throws {@linkcode OAuthRefusedError} when GitHub refuses. */
  refresh(refreshToken: string): Promise<TokenGrant>;
  /** Needs the client secret. A token GitHub no longer knows counts as revoked. */
  revoke(accessToken: string): Promise<void>;
  /** The login the token belongs to. */
  user(accessToken: string): Promise<string>;
  /** Where the web flow starts. */
  authorizeUrl(redirectUri: string, state: string): string;
}

const DeviceCodeSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().url(),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative().default(5),
});

const GrantSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});

const ErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  interval: z.number().positive().optional(),
});

const UserSchema = z.object({ login: z.string().min(1) });

/** GitHub adds 5 s to the interval on `slow_down`; its answer may also name the new one. */
const SLOW_DOWN_SECONDS = 5;

/**
 * The OAuth client.
 *
 * @example
 * ```ts
 * const oauth = createOAuthClient({ clientId, apiUrl: "https://api.github.com",
 *   webUrl: "https://github.com", fetch, now: () => new Date() });
 * const code = await oauth.requestDeviceCode(); // show code.userCode and code.verificationUri
 * ```
 */
export function createOAuthClient(o: OAuthClientOptions): OAuthClient {
  const timeoutMs = o.timeoutMs ?? 10_000;

  const call = async (url: string, init: RequestInit, what: string) => {
    let response: Response;
    try {
      response = await o.fetch(url, {
        ...init,
        headers: { accept: "application/json", ...init.headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof DOMException && cause.name === "TimeoutError";
      throw new CiError(
        timedOut ? "timeout" : "upstream",
        `GitHub did not answer ${what}${timedOut ? ` within ${timeoutMs / 1000} s` : ""}`,
        { hint: "Try again in a minute.", cause },
      );
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: response.status, body };
  };

  const upstream = (what: string, status: number) =>
    new CiError("upstream", `GitHub answered ${what} with HTTP ${status}`, {
      hint: "Try again in a minute.",
    });

  const secret = (what: string) => {
    if (!o.clientSecret) {
      throw new CiError("config", `${what} needs GITHUB_CLIENT_SECRET`, {
        hint: "Set GITHUB_CLIENT_SECRET (the GitHub App's client secret).",
      });
    }
    return o.clientSecret;
  };

  const at = (seconds: number | undefined) =>
    seconds === undefined ? undefined : new Date(o.now().getTime() + seconds * 1000).toISOString();

  const toGrant = (body: z.infer<typeof GrantSchema>): TokenGrant => ({
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    ...(body.expires_in ? { expiresAt: at(body.expires_in) } : {}),
    ...(body.refresh_token_expires_in
      ? { refreshExpiresAt: at(body.refresh_token_expires_in) }
      : {}),
  });

  /** POST to the token endpoint: a grant, or GitHub's OAuth error. */
  const tokenRequest = async (params: Record<string, string>, what: string) => {
    const { status, body } = await call(`${o.webUrl}/login/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: o.clientId, ...params }),
    }, what);
    const error = ErrorSchema.safeParse(body);
    if (error.success) return { error: error.data };
    const grant = GrantSchema.safeParse(body);
    if (status === 200 && grant.success) return { grant: toGrant(grant.data) };
    throw upstream(what, status);
  };

  const grantOrThrow = async (params: Record<string, string>, what: string) => {
    const answer = await tokenRequest(params, what);
    if (answer.error) {
      throw new OAuthRefusedError(answer.error.error, answer.error.error_description);
    }
    return answer.grant!;
  };

  return {
    async requestDeviceCode() {
      const what = "the device code request";
      const { status, body } = await call(`${o.webUrl}/login/device/code`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: o.clientId }),
      }, what);
      const parsed = DeviceCodeSchema.safeParse(body);
      if (status === 200 && parsed.success) {
        const d = parsed.data;
        return {
          deviceCode: d.device_code,
          userCode: d.user_code,
          verificationUri: d.verification_uri,
          expiresIn: d.expires_in,
          interval: d.interval,
        };
      }
      const error = ErrorSchema.safeParse(body);
      if (error.success) {
        throw new CiError("config", `GitHub refused the device flow: ${error.data.error}`, {
          hint: "Check GITHUB_CLIENT_ID and that the GitHub App has the device flow enabled.",
        });
      }
      throw upstream(what, status);
    },
    async pollDeviceCode(deviceCode) {
      const answer = await tokenRequest({
        device_code: deviceCode,
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      }, "the device code poll");
      if (answer.grant) return { kind: "token", grant: answer.grant };
      const { error, interval } = answer.error!;
      switch (error) {
        case "authorization_pending":
          return { kind: "pending" };
        case "slow_down":
          return { kind: "slow_down", interval: interval ?? 0 };
        case "expired_token":
        case "incorrect_device_code":
          return { kind: "expired" };
        case "access_denied":
          return { kind: "denied" };
        default:
          throw new OAuthRefusedError(error, answer.error!.error_description);
      }
    },
    exchangeCode: (code, redirectUri) =>
      grantOrThrow({
        client_secret: secret("The web flow"),
        code,
        redirect_uri: redirectUri,
      }, "the code exchange"),
    refresh: (refreshToken) =>
      grantOrThrow({
        client_secret: secret("Refreshing a token"),
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }, "the token refresh"),
    async revoke(accessToken) {
      const what = "the token revocation";
      const basic = btoa(`${o.clientId}:${secret("Revoking a token")}`);
      const { status } = await call(
        `${o.apiUrl}/applications/${encodeURIComponent(o.clientId)}/token`,
        {
          method: "DELETE",
          headers: { authorization: `Basic ${basic}`, "content-type": "application/json" },
          body: JSON.stringify({ access_token: accessToken }),
        },
        what,
      );
      // 404/422: GitHub no longer knows the token, which is what revoking wanted.
      if (status === 204 || status === 404 || status === 422) return;
      if (status === 401) throw new OAuthRefusedError("bad_client_credentials");
      throw upstream(what, status);
    },
    async user(accessToken) {
      const what = "GET /user";
      const { status, body } = await call(`${o.apiUrl}/user`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }, what);
      if (status === 401) throw new OAuthRefusedError("bad_credentials");
      const parsed = UserSchema.safeParse(body);
      if (status !== 200 || !parsed.success) throw upstream(what, status);
      return parsed.data.login;
    },
    authorizeUrl(redirectUri, state) {
      const url = new URL(`${o.webUrl}/login/oauth/authorize`);
      url.searchParams.set("client_id", o.clientId);
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("state", state);
      return url.toString();
    },
  };
}

/**
 * The slower interval a `slow_down` asks for, in seconds: GitHub adds 5 s, or names the new one.
 *
 * @example
 * ```ts
 * slowerInterval(5, 0); // 10
 * slowerInterval(5, 15); // 15
 * ```
 */
export function slowerInterval(current: number, suggested: number): number {
  return Math.max(suggested, current + SLOW_DOWN_SECONDS);
}
