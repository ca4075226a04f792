/**
 * `GET /auth/github/callback`: where GitHub sends the browser after the web flow. The sealed
 * `state` says whose link this is (the browser is trusted with nothing else); it redeems once and
 * expires. The code is exchanged, the login read with the new token, the link stored, and a
 * small page says so. Pages are static HTML with everything escaped and no scripts allowed.
 *
 * @module
 */
import { escapeHtml } from "../report/escape.ts";
import { toCiError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { LinkStore } from "./links.ts";
import type { OAuthClient } from "./oauth.ts";
import type { WebStates } from "./web_state.ts";

/** What the callback needs. */
export interface CallbackOptions {
  oauth: OAuthClient;
  links: LinkStore;
  states: WebStates;
  /** The `redirect_uri` the authorize URL named (GitHub checks they match). */
  redirectUri: string;
  now: () => Date;
  log: Logger;
}

function page(status: number, title: string, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>` +
    `<p>${escapeHtml(message)}</p></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'",
      // The URL holds a one-time code: keep it out of caches and Referer headers.
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  });
}

const AGAIN = "Type login in chat again to get a fresh link.";
const UNREACHABLE = new Set(["upstream", "timeout", "rate_limited"]);

/**
 * The callback handler.
 *
 * @example
 * ```ts
 * const callback = createCallback({ oauth, links, states, redirectUri, now, log });
 * // app.get("/auth/github/callback", (c) => callback(c.req.raw));
 * ```
 */
export function createCallback(o: CallbackOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "GET") return page(405, "Method not allowed", "Use GET.");
    const query = new URL(request.url).searchParams;
    const code = query.get("code");
    const state = query.get("state");
    if (query.get("error")) {
      return page(400, "GitHub account not linked", `You did not approve on GitHub. ${AGAIN}`);
    }
    if (!code || !state) {
      return page(400, "GitHub account not linked", `This link is incomplete. ${AGAIN}`);
    }
    try {
      const who = await o.states.redeem(state);
      const grant = await o.oauth.exchangeCode(code, o.redirectUri);
      const login = await o.oauth.user(grant.accessToken);
      await o.links.put(who, {
        login,
        tokens: { accessToken: grant.accessToken, refreshToken: grant.refreshToken },
        expiresAt: grant.expiresAt,
        refreshExpiresAt: grant.refreshExpiresAt,
        linkedAt: o.now().toISOString(),
      });
      o.log.info("account linked (web flow)", { surface: who.surface, login });
      return page(
        200,
        `Linked to GitHub as @${login}`,
        `Linked to GitHub as @${login} — you can close this tab.`,
      );
    } catch (error) {
      const err = toCiError(error);
      o.log.warn("web-flow callback refused", { code: err.code, reason: err.message });
      if (err.code === "bad_request" || err.code === "unauthorized") {
        return page(400, "GitHub account not linked", `${err.message}. ${AGAIN}`);
      }
      if (UNREACHABLE.has(err.code)) {
        return page(502, "GitHub account not linked", `GitHub could not be reached. ${AGAIN}`);
      }
      return page(500, "GitHub account not linked", `Linking failed on our side. ${AGAIN}`);
    }
  };
}
