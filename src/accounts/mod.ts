/**
 * Linked GitHub accounts, assembled: the link store, the OAuth client, the `login` job and the
 * web-flow callback behind the {@linkcode Accounts} port. Tokens are opened only to be handed to
 * one request, refreshed when they have expired, and revoked with GitHub on `logout`.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { JobDefinition } from "../jobs/definition.ts";
import type { Logger } from "../log.ts";
import { isWorkspaceMember, type Requester } from "../policy/identity.ts";
import type { Store } from "../store/port.ts";
import { createCallback } from "./callback.ts";
import { createLinkStore, type Link, linkKeyText } from "./links.ts";
import { loginJob, type LoginState } from "./login_job.ts";
import type { Accounts, LinkedAccount } from "./model.ts";
import { createOAuthClient, OAuthRefusedError } from "./oauth.ts";
import { createSecretBox, SealedValueError } from "./secret_box.ts";
import { createWebStates } from "./web_state.ts";

export type { LoginState } from "./login_job.ts";
export { linkedReport, logoutReport } from "./reports.ts";

/** What {@linkcode createAccounts} needs (from `config.github` and the service). */
export interface AccountsOptions {
  store: Store;
  clientId: string;
  clientSecret?: string;
  secretKey: string;
  unlinked: "public-read" | "none";
  apiUrl: string;
  webUrl: string;
  publicUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  log: Logger;
}

/** The port, plus the `login` job definition and the callback route's handler. */
export interface AccountsService extends Accounts {
  loginJob: JobDefinition<LoginState>;
  /** `GET /auth/github/callback`. */
  callback: (request: Request) => Promise<Response>;
}

/** Refresh a little early, so a token does not expire between here and GitHub. */
const EXPIRY_MARGIN_MS = 60_000;
const CALLBACK_PATH = "/auth/github/callback";

const expiredError = () =>
  new CiError("unauthorized", "Your GitHub link has expired", {
    hint: "Type `login` to link your GitHub account again.",
  });

/**
 * Builds the accounts service.
 *
 * @example
 * ```ts
 * const accounts = await createAccounts({ store, ...config.github.accounts!, apiUrl, webUrl,
 *   publicUrl, fetch, now: () => new Date(), log });
 * const linked = await accounts.linked({ surface: "slack", userId: "U1", teamId: "T1" });
 * ```
 */
export async function createAccounts(o: AccountsOptions): Promise<AccountsService> {
  const log = o.log.child({ component: "accounts" });
  const links = createLinkStore(o.store, await createSecretBox(o.secretKey, "account-link-tokens"));
  const loginBox = await createSecretBox(o.secretKey, "account-login");
  const states = createWebStates(loginBox, o.store, o.now);
  const oauth = createOAuthClient({ ...o, apiUrl: trim(o.apiUrl), webUrl: trim(o.webUrl) });
  const redirectUri = `${trim(o.publicUrl)}${CALLBACK_PATH}`;
  const web = o.clientSecret && o.publicUrl ? { states, redirectUri } : undefined;
  /** One refresh at a time per person in this process: refresh tokens are single-use. */
  const refreshing = new Map<string, Promise<Link>>();

  /** The link, or null; an unreadable one (SECRET_KEY changed) is deleted. */
  const load = async (who: Requester): Promise<Link | null> => {
    try {
      return await links.get(who);
    } catch (error) {
      if (!(error instanceof SealedValueError)) throw error;
      log.warn("unreadable link deleted", { surface: who.surface });
      await links.delete(who);
      throw new CiError("unauthorized", "Your GitHub link could not be read", {
        hint: "Type `login` to link your GitHub account again.",
      });
    }
  };

  const expired = (iso: string | undefined) =>
    iso !== undefined && o.now().getTime() >= Date.parse(iso) - EXPIRY_MARGIN_MS;

  const refresh = async (who: Requester, link: Link): Promise<Link> => {
    const refreshToken = link.tokens.refreshToken;
    if (!refreshToken || !o.clientSecret || expired(link.refreshExpiresAt)) {
      await links.delete(who);
      throw expiredError();
    }
    try {
      const grant = await oauth.refresh(refreshToken);
      const next: Link = {
        ...link,
        // A grant without a new refresh token leaves the old one in use.
        tokens: {
          accessToken: grant.accessToken,
          refreshToken: grant.refreshToken ?? refreshToken,
        },
        expiresAt: grant.expiresAt,
        refreshExpiresAt: grant.refreshToken ? grant.refreshExpiresAt : link.refreshExpiresAt,
      };
      await links.put(who, next);
      return next;
    } catch (error) {
      if (!(error instanceof OAuthRefusedError)) throw error;
      // Another process may have used the refresh token first: its new pair is then stored.
      const now = await load(who);
      if (now && now.tokens.refreshToken !== refreshToken && !expired(now.expiresAt)) return now;
      log.info("refresh refused, link deleted", { surface: who.surface, reason: error.oauthError });
      await links.delete(who);
      throw expiredError();
    }
  };

  const linked = async (who: Requester): Promise<LinkedAccount | null> => {
    if (!isWorkspaceMember(who)) return null;
    let link = await load(who);
    if (!link) return null;
    if (expired(link.expiresAt)) {
      const key = linkKeyText(who);
      let pending = refreshing.get(key);
      if (!pending) {
        pending = refresh(who, link).finally(() => refreshing.delete(key));
        refreshing.set(key, pending);
      }
      link = await pending;
    }
    return { login: link.login, token: link.tokens.accessToken };
  };

  return {
    unlinked: o.unlinked,
    linked,
    async logout(who) {
      if (!isWorkspaceMember(who)) return null;
      const link = await load(who).catch(() => null);
      if (!link) return null;
      try {
        await oauth.revoke(link.tokens.accessToken);
      } catch (error) {
        // Best effort: the link goes anyway. The error never holds the token.
        const err = error instanceof CiError ? error : undefined;
        log.warn("token not revoked with GitHub", { code: err?.code, reason: err?.message });
      }
      await links.delete(who);
      log.info("account unlinked", { surface: who.surface, login: link.login });
      return link.login;
    },
    async unlink(who) {
      if (isWorkspaceMember(who)) await links.delete(who);
    },
    loginJob: loginJob({ oauth, links, box: loginBox, web, now: o.now, log }),
    callback: createCallback({ oauth, links, states, redirectUri, now: o.now, log }),
  };
}

const trim = (url: string) => url.replace(/\/+$/, "");
