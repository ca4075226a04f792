/**
 * Who a request comes from, written `surface:id` in the policy file. An id may be scoped to a
 * workspace (Slack team, Discord guild, Teams tenant) as `surface:scope/id`; an unscoped id
 * matches in every workspace the service serves.
 *
 * @module
 */
import type { SurfaceName } from "../surface.ts";

/** Surfaces governed by the policy (the CLI acts with the user's own token instead). */
export const POLICY_SURFACES = ["slack", "discord", "teams", "copilot", "mcp"] as const;

/** A surface whose users the policy names. */
export type PolicySurface = (typeof POLICY_SURFACES)[number];

/** A parsed identity from the policy file. */
export interface Identity {
  surface: PolicySurface;
  /** Workspace the id is limited to; absent means any workspace. */
  scope?: string;
  /** The platform's user id, normalised (lower case where the platform ignores case). */
  id: string;
  /** As written in the file, for messages. */
  text: string;
}

/** The requester as a surface reports it. */
export interface Requester {
  surface: SurfaceName;
  userId?: string;
  /** Slack team id, Discord guild id or Teams tenant id, when the surface knows it. */
  teamId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SNOWFLAKE = /^\d{5,20}$/;

interface Rule {
  scope?: RegExp;
  id: RegExp;
  /** Ids compared without case (GUIDs, GitHub logins). */
  fold: boolean;
  expected: string;
}

const RULES: Record<PolicySurface, Rule> = {
  slack: {
    scope: /^[TE][A-Z0-9]{2,}$/,
    id: /^[UW][A-Z0-9]{2,}$/,
    fold: false,
    expected:
      "a Slack member id like slack:U0123ABCD, or slack:T0123ABCD/U0123ABCD for one workspace",
  },
  discord: {
    scope: SNOWFLAKE,
    id: SNOWFLAKE,
    fold: false,
    expected: "a Discord user id like discord:80351110224678912, or discord:<guild-id>/<user-id>",
  },
  teams: {
    scope: GUID,
    id: GUID,
    fold: true,
    expected: "a Microsoft Entra object id like teams:00000000-0000-0000-0000-000000000000, " +
      "or teams:<tenant-id>/<object-id>",
  },
  copilot: {
    id: /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/,
    fold: true,
    expected: "a GitHub login like copilot:octocat",
  },
  mcp: {
    id: /^[A-Za-z0-9._-]{1,64}$/,
    fold: false,
    expected: "an MCP token name like mcp:release-bot",
  },
};

/**
 * Parses `surface:id` or `surface:scope/id`; returns the reason when it is not one.
 *
 * @example
 * ```ts
 * parseIdentity("slack:T01/U123ABC"); // { ok: true, identity: { surface: "slack", scope: "T01", … } }
 * parseIdentity("slack:@alice").ok; // false
 * ```
 */
export function parseIdentity(
  text: string,
): { ok: true; identity: Identity } | { ok: false; reason: string } {
  const colon = text.indexOf(":");
  const surface = text.slice(0, colon);
  if (colon < 0 || !(POLICY_SURFACES as readonly string[]).includes(surface)) {
    return {
      ok: false,
      reason: `must be written surface:id with surface one of ${POLICY_SURFACES.join(", ")}`,
    };
  }
  const rule = RULES[surface as PolicySurface];
  const rest = text.slice(colon + 1);
  const slash = rest.indexOf("/");
  const scope = slash < 0 ? undefined : rest.slice(0, slash);
  const id = slash < 0 ? rest : rest.slice(slash + 1);
  const scopeOk = scope === undefined || (rule.scope?.test(scope) ?? false);
  if (!scopeOk || !rule.id.test(id)) return { ok: false, reason: `must be ${rule.expected}` };
  const norm = (s: string) => rule.fold ? s.toLowerCase() : s;
  return {
    ok: true,
    identity: {
      surface: surface as PolicySurface,
      ...(scope === undefined ? {} : { scope: norm(scope) }),
      id: norm(id),
      text,
    },
  };
}

/**
 * Whether a policy identity names this requester.
 *
 * @example
 * ```ts
 * const id = parseIdentity("slack:U123ABC");
 * if (id.ok) identityMatches(id.identity, { surface: "slack", userId: "U123ABC", teamId: "T1" }); // true
 * ```
 */
export function identityMatches(identity: Identity, who: Requester): boolean {
  if (identity.surface !== who.surface || !who.userId) return false;
  const fold = RULES[identity.surface].fold;
  const norm = (s: string) => fold ? s.toLowerCase() : s;
  if (identity.id !== norm(who.userId)) return false;
  return identity.scope === undefined ||
    (who.teamId !== undefined && identity.scope === norm(who.teamId));
}

/**
 * How the requester is written in a policy file (unscoped), e.g. `slack:U123ABC`.
 *
 * @example
 * ```ts
 * identityText({ surface: "discord", userId: "80351110224678912" }); // "discord:80351110224678912"
 * ```
 */
export function identityText(who: Requester): string {
  return `${who.surface}:${who.userId ?? "<unknown user>"}`;
}
