/**
 * OAuth of the GitHub simulator's App, as GitHub serves it: the device flow and the web flow at
 * the host root (`/login/…`, also on GHES), expiring `ghu_` user tokens with rotating `ghr_`
 * refresh tokens, and revocation through `DELETE /applications/{client_id}/token|grant`. A user
 * token then acts as its person (`github_users.ts`) until it expires (sim clock) or is revoked.
 * Tests play the person with {@linkcode OAuthSim.approve} / {@linkcode OAuthSim.deny} and
 * `browserLogin`.
 *
 * @example
 * ```ts
 * import { startGitHubSim } from "./github.ts";
 * const sim = await startGitHubSim({ oauth: { clientId: "Iv1.abc", clientSecret: "s3cr3t" } });
 * // POST {sim.origin}/login/device/code, then sim.oauth!.approve(userCode, "alice")
 * await sim.close();
 * ```
 *
 * @module
 */
import type { Context, Hono, Next } from "hono";
import { ghError, readJson } from "./github_http.ts";
import type { GitHubSimState } from "./github_state.ts";
import { serveAsUser, type SimUser } from "./github_users.ts";
import { oauthError, oauthParams, oauthReply, randomText } from "./github_oauth_wire.ts";

/** The App's OAuth settings (option `oauth` of the simulator). */
export interface SimOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Access token lifetime; default 28800 (8 h). */
  tokenLifetimeSeconds?: number;
  /** Device flow polling interval; default 5. */
  interval?: number;
}

/** One issued user access token with its refresh token. */
export interface SimOAuthToken {
  token: string;
  refreshToken: string;
  login: string;
  expiresAt: Date;
  refreshTokenExpiresAt: Date;
  /** Revoked by the API, or replaced by a refresh. */
  revoked: boolean;
}

/** What tests see of the OAuth side (`sim.oauth`). */
export interface SimOAuth {
  /** The person approves the device code in their browser. */
  approve(userCode: string, login: string): void;
  /** The person cancels. */
  deny(userCode: string): void;
  /** Who is signed in to the sim's "browser" for the web flow (authorize redirects at once). */
  browserLogin?: string;
  /** Access tokens issued so far, with their login, for assertions. */
  issued: SimOAuthToken[];
}

/** What the OAuth side needs from the simulator. */
export interface OAuthDeps {
  now: () => Date;
  /** Origin of the web side (for `verification_uri`), known once the server listens. */
  origin: () => string;
  /** The person a login stands for. */
  personOf: (login: string) => SimUser;
}

interface DeviceCode {
  deviceCode: string;
  userCode: string;
  expiresAtMs: number;
  interval: number;
  lastPollMs?: number;
  status: "pending" | "approved" | "denied" | "used";
  login?: string;
}

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const DEVICE_CODE_SECONDS = 900;
const WEB_CODE_MS = 10 * 60_000;
const REFRESH_SECONDS = 15_897_600;
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const HEX = "0123456789abcdef";

/**
 * The OAuth state and routes. Create one per simulator, mount its routes, and let the API
 * middleware ask {@linkcode OAuthSim.serveApi} about each token.
 *
 * @example
 * ```ts
 * // const oauth = new OAuthSim(options.oauth, { now, origin: () => origin, personOf });
 * // oauth.mountWeb(root); oauth.mountApi(api);
 * ```
 */
export class OAuthSim implements SimOAuth {
  readonly issued: SimOAuthToken[] = [];
  browserLogin?: string;
  readonly #options: SimOAuthOptions;
  readonly #deps: OAuthDeps;
  readonly #devices = new Map<string, DeviceCode>();
  readonly #codes = new Map<string, { login: string; expiresAtMs: number; redirectUri: string }>();

  constructor(options: SimOAuthOptions, deps: OAuthDeps) {
    this.#options = options;
    this.#deps = deps;
  }

  /** The person approves the device code in their browser. */
  approve(userCode: string, login: string): void {
    const device = this.#pendingDevice(userCode);
    Object.assign(device, { status: "approved", login });
  }

  /** The person cancels. */
  deny(userCode: string): void {
    this.#pendingDevice(userCode).status = "denied";
  }

  #pendingDevice(userCode: string): DeviceCode {
    const wanted = userCode.toUpperCase().replace(/[^A-Z0-9]/g, "");
    const device = [...this.#devices.values()]
      .find((d) => d.userCode.replace("-", "") === wanted);
    if (!device) throw new Error(`GitHub sim: no device code with user code ${userCode}`);
    if (device.status !== "pending") {
      throw new Error(`GitHub sim: user code ${userCode} is already ${device.status}`);
    }
    if (this.#nowMs() >= device.expiresAtMs) {
      throw new Error(`GitHub sim: user code ${userCode} has expired`);
    }
    return device;
  }

  #nowMs(): number {
    return this.#deps.now().getTime();
  }

  /** Mounts the web side (`/login/…`) on the host root. */
  mountWeb(root: Hono): void {
    const { clientId } = this.#options;
    root.post("/login/device/code", async (c) => {
      const params = await oauthParams(c);
      if (params.client_id !== clientId) return oauthError(c, "incorrect_client_credentials");
      const device: DeviceCode = {
        deviceCode: randomText(40, HEX),
        userCode: `${randomText(4, UPPER)}-${randomText(4, "0123456789")}`,
        expiresAtMs: this.#nowMs() + DEVICE_CODE_SECONDS * 1000,
        interval: this.#options.interval ?? 5,
        status: "pending",
      };
      this.#devices.set(device.deviceCode, device);
      return oauthReply(c, {
        device_code: device.deviceCode,
        user_code: device.userCode,
        verification_uri: `${this.#deps.origin()}/login/device`,
        expires_in: DEVICE_CODE_SECONDS,
        interval: device.interval,
      });
    });

    root.post("/login/oauth/access_token", async (c) => {
      const params = await oauthParams(c);
      if (params.client_id !== clientId) return oauthError(c, "incorrect_client_credentials");
      if (params.grant_type === DEVICE_GRANT) return this.#pollDevice(c, params.device_code);
      if (params.client_secret !== this.#options.clientSecret) {
        return oauthError(c, "incorrect_client_credentials");
      }
      if (params.grant_type === "refresh_token") return this.#refresh(c, params.refresh_token);
      if (params.code !== undefined) return this.#exchangeCode(c, params);
      return oauthError(c, "unsupported_grant_type");
    });

    root.get("/login/oauth/authorize", (c) => {
      const { client_id: id, redirect_uri: redirectUri, state } = c.req.query();
      if (id !== clientId) return c.html("<h1>404</h1><p>Not Found</p>", 404);
      if (!this.browserLogin) {
        return c.html("<!doctype html><title>Sign in to GitHub</title><h1>Sign in to GitHub</h1>");
      }
      // GitHub would fall back to the registered callback URL; the sim has none.
      if (!redirectUri) return c.html("<p>The redirect_uri is missing.</p>", 400);
      const code = randomText(20, HEX);
      this.#codes.set(code, {
        login: this.browserLogin,
        expiresAtMs: this.#nowMs() + WEB_CODE_MS,
        redirectUri,
      });
      const target = new URL(redirectUri);
      target.searchParams.set("code", code);
      if (state !== undefined) target.searchParams.set("state", state);
      return c.redirect(target.toString(), 302);
    });

    root.get("/login/device", (c) =>
      c.html(
        "<!doctype html><title>Device Activation</title><h1>Device Activation</h1>" +
          "<p>Enter the code displayed on your device</p>",
      ));
  }

  #pollDevice(c: Context, deviceCode: string | undefined): Response {
    const device = this.#devices.get(deviceCode ?? "");
    const now = this.#nowMs();
    if (!device || device.status === "used") return oauthError(c, "incorrect_device_code");
    if (now >= device.expiresAtMs) return oauthError(c, "expired_token");
    if (device.status === "denied") return oauthError(c, "access_denied");
    if (device.status === "approved") {
      device.status = "used";
      return this.#issue(c, device.login!);
    }
    // Only a still-pending poll is told to slow down: once approved, the token is the answer.
    const early = device.lastPollMs !== undefined &&
      now - device.lastPollMs < device.interval * 1000;
    device.lastPollMs = now;
    if (!early) return oauthError(c, "authorization_pending");
    device.interval += 5;
    return oauthError(c, "slow_down", { interval: device.interval });
  }

  #refresh(c: Context, refreshToken: string | undefined): Response {
    const old = this.issued.find((t) => t.refreshToken === refreshToken);
    if (!old || old.revoked || this.#nowMs() >= old.refreshTokenExpiresAt.getTime()) {
      return oauthError(c, "bad_refresh_token");
    }
    old.revoked = true;
    return this.#issue(c, old.login);
  }

  #exchangeCode(c: Context, params: Record<string, string>): Response {
    const grant = this.#codes.get(params.code);
    this.#codes.delete(params.code);
    if (!grant || this.#nowMs() >= grant.expiresAtMs) {
      return oauthError(c, "bad_verification_code");
    }
    if (params.redirect_uri !== undefined && params.redirect_uri !== grant.redirectUri) {
      return oauthError(c, "redirect_uri_mismatch");
    }
    return this.#issue(c, grant.login);
  }

  #issue(c: Context, login: string): Response {
    const lifetime = this.#options.tokenLifetimeSeconds ?? 28_800;
    const now = this.#nowMs();
    const record: SimOAuthToken = {
      token: `ghu_${randomText(36)}`,
      refreshToken: `ghr_${randomText(76)}`,
      login,
      expiresAt: new Date(now + lifetime * 1000),
      refreshTokenExpiresAt: new Date(now + REFRESH_SECONDS * 1000),
      revoked: false,
    };
    this.issued.push(record);
    return oauthReply(c, {
      access_token: record.token,
      expires_in: lifetime,
      refresh_token: record.refreshToken,
      refresh_token_expires_in: REFRESH_SECONDS,
      scope: "",
      token_type: "bearer",
    });
  }

  /** Mounts the API side (`/applications/{client_id}/…`, Basic auth with the client secret). */
  mountApi(api: Hono): void {
    const revoke = (everyToken: boolean) => async (c: Context) => {
      const found = await this.#appToken(c);
      if (found instanceof Response) return found;
      for (const t of this.issued) {
        if (t === found || (everyToken && t.login === found.login)) t.revoked = true;
      }
      return new Response(null, { status: 204 });
    };
    api.delete("/applications/:client_id/token", revoke(false));
    api.delete("/applications/:client_id/grant", revoke(true));
    // Check a token: GitHub answers with the token and its user, or 404.
    api.post("/applications/:client_id/token", async (c) => {
      const found = await this.#appToken(c);
      if (found instanceof Response) return found;
      return Response.json({
        token: found.token,
        expires_at: found.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        scopes: [],
        app: { client_id: this.#options.clientId, name: "ci-orchestrator" },
        user: { login: found.login, type: "User" },
      });
    });
  }

  /** The live token named in the body of an `/applications/…` call, or GitHub's error. */
  async #appToken(c: Context): Promise<SimOAuthToken | Response> {
    const basic = /^basic\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    let credentials = "";
    try {
      credentials = basic ? atob(basic) : "";
    } catch {
      // Not base64: refused below like a wrong secret.
    }
    if (credentials !== `${this.#options.clientId}:${this.#options.clientSecret}`) {
      return ghError(401, "Bad credentials");
    }
    if (c.req.param("client_id") !== this.#options.clientId) return ghError(404, "Not Found");
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const found = this.issued.find((t) => t.token === body.access_token);
    const live = found && !found.revoked && this.#nowMs() < found.expiresAt.getTime();
    return live ? found : ghError(404, "Not Found");
  }

  /**
   * Serves an API request if it is OAuth business: `/applications/…` (its routes check Basic
   * auth) or a request with a user token this side issued (401 once expired or revoked).
   * Returns undefined for anything else.
   */
  async serveApi(
    c: Context,
    next: Next,
    path: string,
    state: GitHubSimState,
    token: string | undefined,
  ): Promise<Response | undefined> {
    if (path.startsWith("/applications/")) {
      await next();
      return c.res;
    }
    const record = token === undefined ? undefined : this.issued.find((t) => t.token === token);
    if (!record) return undefined;
    if (record.revoked || this.#nowMs() >= record.expiresAt.getTime()) {
      return ghError(401, "Bad credentials");
    }
    return await serveAsUser(c, next, path, state, this.#deps.personOf(record.login));
  }
}
