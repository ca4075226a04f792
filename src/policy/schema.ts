/**
 * The policy file's shape: groups of platform identities, and grants of a role on repository
 * globs to users, groups or everyone.
 *
 * @module
 */
import { z } from "zod";
import { isRepoGlob } from "./glob.ts";
import { parseIdentity } from "./identity.ts";
import type { Presets } from "../workflow/presets.ts";
import { RoleSchema } from "./roles.ts";

/** A group name as used under `groups` and in `grants[].groups`. */
export const GroupNameSchema = z.string().regex(
  /^[A-Za-z0-9_-]{1,64}$/,
  "must be a group name of letters, digits, - and _ (at most 64)",
);

/** `namespace:id` or `namespace:scope/id`, parsed into an {@linkcode import("./identity.ts").Identity}. */
export const IdentitySchema = z.string().transform((text, ctx) => {
  const parsed = parseIdentity(text);
  if (parsed.ok) return parsed.identity;
  ctx.addIssue({ code: "custom", message: parsed.reason });
  return z.NEVER;
});

/** A repository glob such as `acme/app`, `acme/*` or `*` + `/` + `*` (every repository). */
export const RepoGlobSchema = z.string().refine(
  isRepoGlob,
  "must be a glob like acme/*, acme/app or */* (owner/name, * for any part)",
);

/** One grant: `role` on every repository matching `repos`, for the listed people. */
export const GrantSchema = z.object({
  repos: z.array(RepoGlobSchema).min(1, "must list at least one repository glob"),
  role: RoleSchema,
  users: z.array(IdentitySchema).default([]),
  groups: z.array(GroupNameSchema).default([]),
  everyone: z.boolean().default(false),
}).strict();

/** Who may subscribe a conversation to CI alerts. */
export const SubscriptionsSchema = z.object({
  requireRole: RoleSchema.default("viewer"),
}).strict();

/**
 * One rule of the `pullRequests` section: who may preview and open pull requests (`optimize
 * apply`, `migrate … apply`) on the matching repositories; the first matching rule wins and
 * the default is admin (see `src/policy/pull_requests.ts`).
 */
export const PullRequestRuleSchema = z.object({
  repos: z.array(RepoGlobSchema).min(1, "must list at least one repository glob"),
  requireRole: RoleSchema,
}).strict();

/** One rule of the `pullRequests` section. */
export type PullRequestRule = z.infer<typeof PullRequestRuleSchema>;

/** The policy file without the checks that span sections (see {@linkcode crossCheck}). */
export const PolicyShape = z.object({
  groups: z.record(GroupNameSchema, z.array(IdentitySchema)).default({}),
  grants: z.array(GrantSchema),
  subscriptions: SubscriptionsSchema.default({ requireRole: "viewer" }),
  /** Who may open pull requests, per repository; absent: admin everywhere. */
  pullRequests: z.array(PullRequestRuleSchema).optional(),
  /** Organisation-wide matrix presets; read by `src/workflow/presets.ts` (see `loadPolicy`). */
  presets: z.unknown().optional(),
}).strict();

/** One problem found across sections. */
export interface CrossIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Checks that span sections: every group a grant names is defined, and every grant names
 * someone. Works on raw or parsed data, so it can report alongside schema errors.
 *
 * @example
 * ```ts
 * crossCheck({ grants: [{ repos: ["a/b"], role: "viewer", groups: ["x"] }] }).length; // 1
 * ```
 */
export function crossCheck(value: unknown): CrossIssue[] {
  if (!isRecord(value) || !Array.isArray(value.grants)) return [];
  const defined = isRecord(value.groups) ? Object.keys(value.groups) : [];
  const issues: CrossIssue[] = [];
  value.grants.forEach((grant, i) => {
    if (!isRecord(grant)) return;
    const groups = Array.isArray(grant.groups) ? grant.groups : [];
    groups.forEach((name, j) => {
      if (typeof name === "string" && !defined.includes(name)) {
        const known = defined.length ? defined.join(", ") : "none";
        issues.push({
          path: ["grants", i, "groups", j],
          message: `names group '${name}', which is not defined under groups (defined: ${known})`,
        });
      }
    });
    const users = Array.isArray(grant.users) ? grant.users : [];
    const nobody = grant.everyone === undefined || grant.everyone === false;
    if (users.length === 0 && groups.length === 0 && nobody) {
      issues.push({
        path: ["grants", i],
        message: "grants its role to nobody: add users, groups or everyone: true",
      });
    }
  });
  return issues;
}

/**
 * The policy file's data, `presets` still raw: `loadPolicy` turns it into a {@linkcode Policy}.
 *
 * @example
 * ```ts
 * const data = PolicySchema.parse({
 *   grants: [{ repos: ["acme/*"], role: "operator", users: ["slack:U123ABC"] }],
 * });
 * data.subscriptions.requireRole; // "viewer"
 * ```
 */
export const PolicySchema = PolicyShape.superRefine((policy, ctx) => {
  for (const issue of crossCheck(policy)) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
});

/** A validated policy, with its matrix presets parsed (values kept exactly as written). */
export type Policy = Omit<z.output<typeof PolicySchema>, "presets"> & { presets: Presets };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
