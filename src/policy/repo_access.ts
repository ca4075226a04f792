/**
 * The caller's own reach as a type with no dependencies, so the surface contract
 * (`src/surface.ts`) can carry it without importing the policy; `src/policy/access.ts` and
 * `src/policy/authority.ts` decide with it.
 *
 * @module
 */

/**
 * GitHub's repository permission levels, weakest first (`none`: hidden or missing). `write` is
 * what GitHub's API calls `push`, `read` what it calls `pull`.
 */
export const PERMISSIONS = ["none", "read", "triage", "write", "maintain", "admin"] as const;

/** What a caller's own credentials may do on a repository. */
export type RepoPermission = (typeof PERMISSIONS)[number];

/**
 * Whether `have` is at least `need`.
 *
 * @example
 * ```ts
 * permissionAtLeast("maintain", "write"); // true
 * permissionAtLeast("triage", "write"); // false
 * ```
 */
export function permissionAtLeast(have: RepoPermission, need: RepoPermission): boolean {
  return PERMISSIONS.indexOf(have) >= PERMISSIONS.indexOf(need);
}

/**
 * A per-request capability: asks, with the caller's own credentials, what they may do on a
 * repository.
 *
 * @example
 * ```ts
 * const readOnly: RepoAccess = { permission: () => Promise.resolve("read") };
 * ```
 */
export interface RepoAccess {
  /** The caller's permission on `repo` (`owner/name`); `none` when hidden or missing. */
  permission(repo: string): Promise<RepoPermission>;
}
