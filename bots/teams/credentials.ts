/**
 * The bot's own token (bot→channel) from an explicit login URL: a plain OAuth 2 client-credentials
 * request to `${loginUrl}/oauth2/v2.0/token`. Used instead of the SDK's MSAL credentials when
 * `loginUrl` is set (private clouds, and tests pointing it at the Bot Connector simulator): MSAL
 * refuses non-HTTPS authorities and does instance discovery on the internet. Tokens are cached
 * per instance (the SDK's cache is process-global).
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";

/** What the SDK's `ServiceClientCredentialsFactory` asks of us (structural: the class is not exported). */
export interface CredentialsFactory {
  isValidAppId(appId: string): Promise<boolean>;
  isAuthenticationDisabled(): Promise<boolean>;
  createCredentials(appId: string, audience?: string): Promise<{
    signRequest<T extends { headers: { set(name: string, value: string): void } }>(
      resource: T,
    ): Promise<T>;
  }>;
}

/**
 * Creates the factory.
 *
 * @example
 * ```ts
 * const factory = loginUrlCredentials({ appId, appPassword, loginUrl: "https://login.example/tenant" }, fetch);
 * ```
 */
export function loginUrlCredentials(
  config: { appId: string; appPassword: string; loginUrl: string },
  fetcher: typeof fetch,
  now: () => Date = () => new Date(),
): CredentialsFactory {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const endpoint = `${config.loginUrl.replace(/\/+$/, "")}/oauth2/v2.0/token`;
  const token = async (audience: string): Promise<string> => {
    const cached = cache.get(audience);
    if (cached && cached.expiresAt > now().getTime()) return cached.token;
    const scope = audience.endsWith("/.default") ? audience : `${audience}/.default`;
    const response = await fetcher(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: config.appId,
        client_secret: config.appPassword,
        scope,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.json().catch(() => ({})) as {
      access_token?: string;
      expires_in?: number;
    };
    if (!response.ok || typeof body.access_token !== "string") {
      throw new CiError(
        "unauthorized",
        `The Teams bot could not get a token from ${
          new URL(endpoint).host
        }: HTTP ${response.status}`,
        { hint: "Check MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD." },
      );
    }
    const lifetime = Math.max(60, (body.expires_in ?? 3600) - 300) * 1000;
    cache.set(audience, { token: body.access_token, expiresAt: now().getTime() + lifetime });
    return body.access_token;
  };
  return {
    isValidAppId: (appId) => Promise.resolve(appId === config.appId),
    isAuthenticationDisabled: () => Promise.resolve(false),
    createCredentials: (_appId, audience) =>
      Promise.resolve({
        async signRequest(resource) {
          resource.headers.set(
            "authorization",
            `Bearer ${await token(audience ?? "https://api.botframework.com")}`,
          );
          return resource;
        },
      }),
  };
}
