/**
 * The caller's own reach as a type with no dependencies, so the surface contract
 * (`src/surface.ts`) can carry it without importing the policy; `src/policy/access.ts` decides
 * with it.
 *
 * @module
 */

/** What a caller's own credentials may do on a repository. */
export type RepoPermission = "none" | "read" | "write";

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
