/**
 * Who a request comes from, written `namespace:id` in the policy file. Chat identities
 * (`slack:`, `discord:`, `teams:`) may be scoped to a workspace (Slack team, Discord guild, Teams
 * tenant) as `namespace:scope/id`; an unscoped id matches in every workspace the service serves.
 * GitHub accounts are `github:<login>` whichever surface they come through (Copilot, or MCP with
 * their own token), and MCP API keys are `mcp-key:<name>`: a key is never a login, so a GitHub
 * user who happens to own the login `release-bot` gets nothing from `mcp-key:release-bot`.
 *
 * @module
 */
import type { SurfaceName } from "../surface.ts";

/** The kinds of identity the policy names. */
export const NAMESPACES = ["slack", "discord", "teams", "github", "mcp-key"] as const;

/** One kind of identity. */
export type Namespace = (typeof NAMESPACES)[number];

/** Namespaces whose users are members of a chat workspace this service is installed in. */
const WORKSPACE_NAMESPACES: ReadonlySet<Namespace> = new Set(["slack", "discord", "teams"]);

/** Prefixes of earlier versions, refused with what to write instead. */
const RETIRED = ["mcp", "copilot"];

/** A parsed identity from the policy file. */
export interface Identity {
  namespace: Namespace;
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
  /** MCP only: `mcp-key` when the caller presented an API key, else a GitHub account. */
  via?: "github" | "mcp-key";
  /**
   * The GitHub login acting, when known: a chat member's linked account, or the account of a
   * Copilot or MCP caller's own token. Recorded in the audit log and where GitHub shows who
   * asked; never used to match a grant (grants match `github:` identities by `userId`).
   */
  login?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SNOWFLAKE = /^\d{5,20}$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;

interface Rule {
  scope?: RegExp;
  id: RegExp;
  /** Ids compared without case (GUIDs, GitHub logins). */
  fold: boolean;
  expected: string;
}

const RULES: Record<Namespace, Rule> = {
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
  github: {
    id: GITHUB_LOGIN,
    fold: true,
    expected: "a GitHub login like github:octocat (Copilot users, MCP callers with a GitHub token)",
  },
  "mcp-key": {
    id: KEY_NAME,
    fold: false,
    expected: "an MCP API key name like mcp-key:api-key",
  },
};

/**
 * The namespace a requester's identity lives in; `null` for the CLI, which the policy does not
 * govern.
 *
 * @example
 * ```ts
 * requesterNamespace({ surface: "copilot", userId: "octocat" }); // "github"
 * requesterNamespace({ surface: "mcp", userId: "api-key", via: "mcp-key" }); // "mcp-key"
 * ```
 */
export function requesterNamespace(who: Requester): Namespace | null {
  switch (who.surface) {
    case "slack":
    case "discord":
    case "teams":
      return who.surface;
    case "copilot":
      return "github";
    case "mcp":
      return who.via === "mcp-key" ? "mcp-key" : "github";
    default:
      return null;
  }
}

/**
 * Whether the requester is a member of a chat workspace the service serves — who `everyone`
 * in a grant means. GitHub accounts and MCP keys are not: anyone can make a GitHub account.
 *
 * @example
 * ```ts
 * isWorkspaceMember({ surface: "slack", userId: "U123ABC" }); // true
 * isWorkspaceMember({ surface: "copilot", userId: "octocat" }); // false
 * ```
 */
export function isWorkspaceMember(who: Requester): boolean {
  const namespace = requesterNamespace(who);
  return namespace !== null && WORKSPACE_NAMESPACES.has(namespace) && Boolean(who.userId);
}

function retiredReason(prefix: string, rest: string): string {
  const id = rest.includes("/") ? "<id>" : rest || "<id>";
  return `uses the retired prefix '${prefix}:': write github:${id} for a GitHub account ` +
    `(Copilot, or MCP with a GitHub token) or mcp-key:${id} for an MCP API key`;
}

/**
 * Parses `namespace:id` or `namespace:scope/id`; returns the reason when it is not one.
 *
 * @example
 * ```ts
 * parseIdentity("slack:T01/U123ABC"); // { ok: true, identity: { namespace: "slack", scope: "T01", … } }
 * parseIdentity("slack:@alice").ok; // false
 * parseIdentity("mcp:release-bot").ok; // false: github:release-bot or mcp-key:release-bot
 * ```
 */
export function parseIdentity(
  text: string,
): { ok: true; identity: Identity } | { ok: false; reason: string } {
  const colon = text.indexOf(":");
  const namespace = text.slice(0, colon);
  if (colon >= 0 && RETIRED.includes(namespace)) {
    return { ok: false, reason: retiredReason(namespace, text.slice(colon + 1)) };
  }
  if (colon < 0 || !(NAMESPACES as readonly string[]).includes(namespace)) {
    return {
      ok: false,
      reason: `must be written namespace:id with namespace one of ${NAMESPACES.join(", ")}`,
    };
  }
  const rule = RULES[namespace as Namespace];
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
      namespace: namespace as Namespace,
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
  if (identity.namespace !== requesterNamespace(who) || !who.userId) return false;
  const fold = RULES[identity.namespace].fold;
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
 * identityText({ surface: "copilot", userId: "octocat" }); // "github:octocat"
 * ```
 */
export function identityText(who: Requester): string {
  return `${requesterNamespace(who) ?? who.surface}:${who.userId ?? "<unknown user>"}`;
}

const SURFACE_LABELS: Record<SurfaceName, string> = {
  slack: "Slack",
  discord: "Discord",
  teams: "Microsoft Teams",
  copilot: "Copilot",
  mcp: "MCP",
  cli: "the CLI",
};

/**
 * The surface's name as people write it, for text shown on GitHub ("Requested by @alice (Slack)").
 *
 * @example
 * ```ts
 * surfaceLabel("teams"); // "Microsoft Teams"
 * ```
 */
export function surfaceLabel(surface: SurfaceName): string {
  return SURFACE_LABELS[surface];
}
