/**
 * Running as a GitHub App: an installation token per repository owner. The App signs a JWT
 * with its private key (PKCS#1 as GitHub hands it out, or PKCS#8), finds the owner's
 * installation (the registry of `installations.ts` first, else `GET /users/{owner}/installation`,
 * which answers for organisations too), and exchanges the JWT for that installation's token
 * (`@octokit/auth-app`). Tokens live in memory only, until 5 minutes before they expire, measured
 * on the injected clock so tests can move time.
 *
 * @module
 */
import { Octokit } from "@octokit/rest";
import { createAppAuth } from "@octokit/auth-app";
import githubAppJwt from "universal-github-app-jwt";
import { CiError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import { timedFetch } from "./client.ts";
import type { RequestAuth } from "./request_auth.ts";
import {
  covers,
  type InstallationRecord,
  installationRegistry,
  type RegistryStore,
} from "./installations.ts";

/** Options of {@linkcode createInstallationAuth}. */
export interface InstallationAuthOptions {
  /** `GITHUB_APP_ID`. */
  appId: string | number;
  /** `GITHUB_APP_PRIVATE_KEY` as PEM (`BEGIN RSA PRIVATE KEY` or `BEGIN PRIVATE KEY`). */
  privateKey: string;
  /** `GITHUB_API_URL`, without a trailing slash. */
  apiUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  log: Logger;
  /** Where the installation registry lives (the service's Store). */
  store: RegistryStore;
  /** Per HTTP attempt. Default 10 000. */
  timeoutMs?: number;
}

/** The installation auth: what the client asks, plus the App's own page. */
export interface InstallationAuth extends RequestAuth {
  /** The App's page (`html_url` of `GET /app`), where owners install it. */
  appUrl(): Promise<string | undefined>;
}

/** A token is replaced this long before GitHub says it expires. */
export const TOKEN_MARGIN_MS = 5 * 60_000;
/** Installations learnt by asking GitHub are asked again after this (webhooks may be off). */
export const LOOKUP_TTL_MS = 60 * 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

/**
 * Creates the installation auth. Nothing is requested until the first `tokenFor`.
 *
 * @example
 * ```ts
 * import { jsonLogger } from "../../log.ts";
 * declare const store: RegistryStore; // the service's Store
 * const auth = createInstallationAuth({
 *   appId: 1, privateKey: Deno.env.get("GITHUB_APP_PRIVATE_KEY") ?? "",
 *   apiUrl: "https://api.github.com", fetch, now: () => new Date(), log: jsonLogger(),
 *   store,
 * });
 * // const token = await auth.tokenFor("acme", "app");
 * ```
 */
export function createInstallationAuth(options: InstallationAuthOptions): InstallationAuth {
  const { now, log } = options;
  const registry = installationRegistry(options.store);
  const octokit = new Octokit({
    baseUrl: options.apiUrl,
    userAgent: "ci-orchestrator",
    request: { fetch: timedFetch(options.fetch, options.timeoutMs ?? 10_000) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  // The JWT is ours (the injected clock); auth-app exchanges it for installation tokens.
  const createJwt = async (appId: string | number, timeDifference?: number) => {
    const seconds = Math.floor(now().getTime() / 1000) + (timeDifference ?? 0);
    const jwt = await githubAppJwt({ id: appId, privateKey: options.privateKey, now: seconds });
    return { jwt: jwt.token, expiresAt: new Date(jwt.expiration * 1000).toISOString() };
  };
  const appAuth = createAppAuth({
    appId: options.appId,
    createJwt,
    request: octokit.request,
    // Our cache decides (on the injected clock); auth-app's own would keep tokens twice.
    cache: { get: () => "", set: () => {} },
    log: { warn: (message: string) => log.warn(message, { source: "auth-app" }) },
  });
  const tokens = new Map<number, CachedToken>();
  const pending = new Map<number, Promise<string>>();
  // The installation each owner's last token came from, so `forget` finds it even after the
  // registry entry expired.
  const lastInstallation = new Map<string, number>();
  let appPage: Promise<string | undefined> | undefined;

  const asApp = async () => `bearer ${(await createJwt(options.appId)).jwt}`;

  /** GitHub's refusal of the App itself, said without the key or the JWT. */
  const appRefused = (error: unknown) =>
    new CiError(
      "unauthorized",
      `GitHub refused the App's credentials (GITHUB_APP_ID ${options.appId}): ${statusOf(error)}`,
      {
        hint: "Check GITHUB_APP_ID and that GITHUB_APP_PRIVATE_KEY is a current key of that " +
          "App (App settings → Private keys).",
        cause: error,
      },
    );

  const appUrl = (): Promise<string | undefined> => {
    appPage ??= (async () => {
      try {
        const { data } = await octokit.request("GET /app", {
          headers: { authorization: await asApp() },
        });
        return data?.html_url;
      } catch (error) {
        appPage = undefined;
        log.warn("could not read the GitHub App's page", { status: statusOf(error) });
        return undefined;
      }
    })();
    return appPage;
  };

  const notInstalled = async (where: string) => {
    const page = await appUrl();
    const at = page ? ` at ${page}/installations/new` : " from its page on GitHub";
    return new CiError("not_found", `The GitHub App is not installed on ${where}`, {
      hint: `Install it${at} and choose the repositories it may use.`,
    });
  };

  const mint = async (installationId: number): Promise<string> => {
    const cached = tokens.get(installationId);
    if (cached && now().getTime() < cached.expiresAt - TOKEN_MARGIN_MS) return cached.token;
    let running = pending.get(installationId);
    if (!running) {
      running = (async () => {
        try {
          const auth = await appAuth({ type: "installation", installationId, refresh: true });
          tokens.set(installationId, { token: auth.token, expiresAt: Date.parse(auth.expiresAt) });
          log.info("GitHub App installation token issued", {
            installationId,
            expiresAt: auth.expiresAt,
          });
          return auth.token;
        } catch (error) {
          if (statusOf(error) === 401) throw appRefused(error);
          throw error;
        } finally {
          pending.delete(installationId);
        }
      })();
      pending.set(installationId, running);
    }
    return await running;
  };

  /** Asks GitHub for `owner`'s installation and records it; null when there is none. */
  const lookup = async (owner: string): Promise<InstallationRecord | null> => {
    let data;
    try {
      ({ data } = await octokit.request("GET /users/{username}/installation", {
        username: owner,
        headers: { authorization: await asApp() },
      }));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      if (statusOf(error) === 401) throw appRefused(error);
      throw error;
    }
    let repos: InstallationRecord["repos"] = "all";
    if (data.repository_selection === "selected") {
      const token = await mint(data.id);
      const listed = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
        headers: { authorization: `token ${token}` },
      });
      repos = listed.map((r) => r.full_name.toLowerCase());
    }
    const record = { id: data.id, repos, suspended: Boolean(data.suspended_at) };
    await registry.put(owner, record, LOOKUP_TTL_MS);
    return record;
  };

  return {
    appUrl,

    async tokenFor(owner: string, repo?: string): Promise<string> {
      const full = repo === undefined ? undefined : `${owner}/${repo}`;
      let record = await registry.get(owner);
      let fresh = false;
      if (!record) {
        record = await lookup(owner);
        fresh = true;
      }
      // A repository added while webhooks were not reaching us: ask GitHub once before refusing.
      if (record && full && !covers(record, full) && !fresh) record = await lookup(owner);
      if (!record) throw await notInstalled(owner);
      if (full && !covers(record, full)) throw await notInstalled(full);
      if (record.suspended) {
        throw new CiError("forbidden", `The GitHub App's installation on ${owner} is suspended`, {
          hint: `An owner of ${owner} can unsuspend it in the installation's settings on GitHub.`,
        });
      }
      lastInstallation.set(owner.toLowerCase(), record.id);
      return await mint(record.id);
    },

    async forget(owner: string): Promise<void> {
      const record = await registry.get(owner);
      for (const id of [record?.id, lastInstallation.get(owner.toLowerCase())]) {
        if (id !== undefined) tokens.delete(id);
      }
      await registry.forget(owner);
    },
  };
}
