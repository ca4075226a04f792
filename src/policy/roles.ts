/**
 * Roles, weakest first. A role includes everything the roles before it may do.
 *
 * @module
 */
import { z } from "zod";

/** Every role, in increasing order of power. */
export const ROLES = ["viewer", "operator", "admin"] as const;

/** One role name. */
export const RoleSchema = z.enum(ROLES, {
  error: () => `must be one of ${ROLES.join(", ")}`,
});

/** One role name. */
export type Role = z.infer<typeof RoleSchema>;

/**
 * Whether `have` is at least `need`.
 *
 * @example
 * ```ts
 * atLeast("admin", "operator"); // true
 * atLeast(null, "viewer"); // false
 * ```
 */
export function atLeast(have: Role | null, need: Role): boolean {
  return have !== null && ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/**
 * The stronger of two roles (`null` means no role).
 *
 * @example
 * ```ts
 * strongest("viewer", "operator"); // "operator"
 * strongest(null, null); // null
 * ```
 */
export function strongest(a: Role | null, b: Role | null): Role | null {
  if (a === null) return b;
  if (b === null) return a;
  return atLeast(a, b) ? a : b;
}
