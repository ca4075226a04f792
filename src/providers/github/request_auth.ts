/**
 * Per-request credentials for the GitHub client: each request carries the token of the owner of
 * the repository it is about (a GitHub App has one installation per owner). Which repository is
 * read from the route parameters, or from the URL of a next page.
 *
 * @module
 */
import type { Octokit } from "@octokit/rest";
import { CiError } from "../../errors.ts";
import type { Logger } from "../../log.ts";

/**
 * Per-request credentials (a GitHub App: one installation token per repository owner).
 *
 * @example
 * ```ts
 * const fixed: RequestAuth = { tokenFor: () => Promise.resolve("ghs_x"), forget: async () => {} };
 * ```
 */
export interface RequestAuth {
  /** The token for a request about `owner`'s repository `repo`. */
  tokenFor(owner: string, repo?: string): Promise<string>;
  /** Forgets what was cached for `owner` after GitHub refused its token (401). */
  forget(owner: string): Promise<void>;
}

const refused = (error: unknown) =>
  typeof error === "object" && error !== null && "status" in error && error.status === 401;

/** The repository a request is about: its route parameters, else its (next-page) URL. */
function targetOf(
  options: { url: string; owner?: unknown; repo?: unknown },
  basePath: string,
): { owner: string; repo?: string } | undefined {
  if (typeof options.owner === "string") {
    return {
      owner: options.owner,
      repo: typeof options.repo === "string" ? options.repo : undefined,
    };
  }
  let path = /^https?:/.test(options.url) ? new URL(options.url).pathname : options.url;
  if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
  const match = /^\/repos\/([^/?#]+)\/([^/?#]+)/.exec(path);
  if (!match) return undefined;
  return { owner: decodeURIComponent(match[1]), repo: decodeURIComponent(match[2]) };
}

/**
 * Sends every request with the token of its repository's owner. A 401 means the token was
 * revoked (the App uninstalled, the key rotated): forget it and what we knew of the installation,
 * then try once more with a fresh one. Install it last, so it wraps the other hooks.
 *
 * @example
 * ```ts
 * import { Octokit } from "@octokit/rest";
 * import { memoryLogger } from "../../log.ts";
 * const auth: RequestAuth = { tokenFor: () => Promise.resolve("ghs_x"), forget: async () => {} };
 * installRequestAuth(new Octokit(), auth, "https://api.github.com", memoryLogger());
 * ```
 */
export function installRequestAuth(
  octokit: Pick<Octokit, "hook">,
  auth: RequestAuth,
  baseUrl: string,
  log: Logger,
) {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  octokit.hook.wrap("request", async (request, options) => {
    const target = targetOf(options, basePath);
    if (!target) {
      // Every operation of the provider is about one repository; a call that is not has no
      // installation to act as, and must not silently go out unauthenticated.
      throw new CiError(
        "internal",
        `GitHub request ${options.method} ${options.url} names no repository, so no installation token applies`,
        { hint: "This is a bug in the GitHub provider: every call must name owner and repo." },
      );
    }
    const send = async () => {
      options.headers.authorization = `token ${await auth.tokenFor(target.owner, target.repo)}`;
      return await request(options);
    };
    try {
      return await send();
    } catch (error) {
      if (!refused(error)) throw error;
      log.warn("GitHub refused an installation token; asking for a new one", {
        owner: target.owner,
      });
      await auth.forget(target.owner);
    }
    try {
      return await send();
    } catch (error) {
      if (!refused(error)) throw error;
      throw new CiError(
        "unauthorized",
        `GitHub refused the App's installation token for ${target.owner} twice`,
        {
          hint: `Check that the GitHub App is still installed on ${target.owner} and that ` +
            "GITHUB_APP_PRIVATE_KEY is a current key of the App.",
          cause: error,
        },
      );
    }
  });
}
