/**
 * The wire format of GitHub's OAuth endpoints (`/login/device/code`,
 * `/login/oauth/access_token`): parameters from the query, a form or a JSON body; answers as JSON
 * when `Accept` asks for it, else form-urlencoded; errors as HTTP 200 with `error`,
 * `error_description` and `error_uri`, as GitHub does.
 *
 * @module
 */
import type { Context } from "hono";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// GitHub's own descriptions of each error code.
const DESCRIPTIONS: Record<string, string> = {
  incorrect_client_credentials: "The client_id and/or client_secret passed are incorrect.",
  authorization_pending: "The authorization request is still pending.",
  slow_down: "Too many requests have been made in the same timeframe.",
  expired_token: "The `device_code` has expired.",
  access_denied: "The authorization request was denied.",
  incorrect_device_code: "The device_code provided is not valid.",
  bad_refresh_token: "The refresh token passed is incorrect or expired.",
  bad_verification_code: "The code passed is incorrect or expired.",
  redirect_uri_mismatch:
    "The redirect_uri MUST match the registered callback URL for this application.",
  unsupported_grant_type: "The grant type is not supported.",
};

/**
 * `length` random characters from `alphabet` (letters and digits by default).
 *
 * @example
 * ```ts
 * randomText(4, "0123456789").length; // 4
 * ```
 */
export function randomText(length: number, alphabet = ALNUM): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * The request's OAuth parameters: query string, then the form or JSON body over it.
 *
 * @example
 * ```ts
 * // const { client_id } = await oauthParams(c);
 * ```
 */
export async function oauthParams(c: Context): Promise<Record<string, string>> {
  const params: Record<string, string> = { ...c.req.query() };
  const text = await c.req.text();
  if (/json/i.test(c.req.header("content-type") ?? "")) {
    try {
      const body = JSON.parse(text);
      if (typeof body === "object" && body !== null) {
        for (const [key, value] of Object.entries(body)) params[key] = String(value);
      }
    } catch {
      // GitHub treats an unreadable body as missing parameters.
    }
  } else {
    for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  }
  return params;
}

/**
 * An OAuth answer: JSON when the request's `Accept` contains `application/json`, else
 * `application/x-www-form-urlencoded`.
 *
 * @example
 * ```ts
 * // return oauthReply(c, { access_token: "ghu_…", token_type: "bearer" });
 * ```
 */
export function oauthReply(c: Context, body: Record<string, string | number>): Response {
  if ((c.req.header("accept") ?? "").includes("application/json")) return Response.json(body);
  const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
  return new Response(form.toString(), {
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  });
}

/**
 * An OAuth error answer (HTTP 200, as GitHub sends them) with GitHub's description.
 *
 * @example
 * ```ts
 * // return oauthError(c, "slow_down", { interval: 10 });
 * ```
 */
export function oauthError(
  c: Context,
  error: string,
  extra: Record<string, string | number> = {},
): Response {
  return oauthReply(c, {
    error,
    error_description: DESCRIPTIONS[error] ?? error,
    error_uri: `https://docs.github.com/developers/apps/authorizing-oauth-apps#${
      error.replaceAll("_", "-")
    }`,
    ...extra,
  });
}
