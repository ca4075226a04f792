/**
 * Repository globs: `owner/name` where either part may contain `*` (any characters except `/`).
 * GitHub treats owner and repository names case-insensitively, and so do we.
 *
 * @module
 */

/** What a repository glob looks like: two segments of name characters and `*`. */
export const REPO_GLOB_PATTERN = /^[A-Za-z0-9*][A-Za-z0-9*-]{0,38}\/[A-Za-z0-9._*-]{1,100}$/;

/**
 * Whether `text` is a valid repository glob.
 *
 * @example
 * ```ts
 * isRepoGlob("acme/*"); // true
 * isRepoGlob("acme"); // false
 * ```
 */
export function isRepoGlob(text: string): boolean {
  return REPO_GLOB_PATTERN.test(text) && !text.includes("**");
}

/**
 * Whether `repo` (`owner/name`) matches `glob`, ignoring case.
 *
 * @example
 * ```ts
 * matchesRepo("acme/*", "Acme/App"); // true
 * matchesRepo("acme/app-*", "acme/app"); // false
 * ```
 */
export function matchesRepo(glob: string, repo: string): boolean {
  return globRegExp(glob).test(repo);
}

function globRegExp(glob: string): RegExp {
  // Everything but `*` is matched literally; `.` is the only regex metacharacter a glob allows.
  const body = glob.split("*").map((part) => part.replace(/[.\\^$+?()[\]{}|]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${body}$`, "i");
}
