/**
 * Who may do this, decided once per request: in GitHub-authority mode (linked accounts) what the
 * person may do on GitHub, the policy restricting further; otherwise the policy file, with a
 * GitHub-token caller's own reach (`src/policy/authority.ts`, docs/policy.md). A refusal is
 * audited when the intent changes state.
 *
 * @module
 */
import {
  type KnownVisibility,
  subscribeDecision,
  subscribeRole,
  visibilityOf,
} from "./alerts/visibility.ts";
import { CiError } from "./errors.ts";
import { type ExecutorKit, forbidden, NO_ACCESS, type Who } from "./execute_kit.ts";
import type { Intent } from "./intent/schema.ts";
import { accessDenial } from "./policy/access.ts";
import { type GitHubCaller, githubDecision, revokedLink } from "./policy/authority.ts";
import { authorize, changesState, type Decision, requiredRole } from "./policy/authorize.ts";
import { requesterNamespace } from "./policy/identity.ts";
import type { RepoAccess } from "./policy/repo_access.ts";
import type { ExecuteOptions, RequestMeta } from "./surface.ts";

/** The decision, and the repository's visibility when a subscription needed it. */
export interface Authorized {
  decision: Decision;
  visibility: KnownVisibility | undefined;
}

/** The executor's authority checks. */
export interface Authority {
  /** Who the caller is on GitHub in GitHub-authority mode; `null`: the policy alone decides. */
  githubCaller: (meta: RequestMeta, options: ExecuteOptions) => Promise<GitHubCaller | null>;
  /** GitHub-authority mode for an intent on a repository: GitHub, then the policy. */
  decideOnGitHub: (
    intent: Intent,
    who: Who,
    repo: string,
    caller: GitHubCaller,
  ) => Promise<Authorized>;
  /** The policy file decides (with a GitHub-token caller's own reach). */
  decideByPolicy: (intent: Intent, who: Who, options: ExecuteOptions) => Promise<Authorized>;
}

/**
 * Creates the authority checks; each throws the refusal (a {@linkcode CiError}) when denied.
 *
 * @example
 * ```ts
 * const { decideByPolicy } = createAuthority(createKit(deps));
 * const { decision } = await decideByPolicy({ op: "analyze", repo: "acme/app" }, meta, {});
 * ```
 */
export function createAuthority(kit: ExecutorKit): Authority {
  const { deps, refuse } = kit;
  const { accounts } = deps;
  /** Who the caller is on GitHub in GitHub-authority mode; `null`: the policy alone decides. */
  const githubCaller = async (
    meta: RequestMeta,
    options: ExecuteOptions,
  ): Promise<GitHubCaller | null> => {
    const namespace = requesterNamespace(meta);
    // A Copilot or MCP caller brings their own token: "linked" by construction. Without the
    // capability, fail closed rather than fall back on the service's own token.
    if (namespace === "github") {
      return { kind: "github", login: meta.userId ?? "-", access: options.access ?? NO_ACCESS };
    }
    // MCP API keys and the CLI keep their policy roles.
    if (!accounts || namespace === null || namespace === "mcp-key") return null;
    const linked = meta.userId ? await accounts.linked(meta) : null;
    if (!linked) return { kind: "unlinked", unlinked: accounts.unlinked };
    const own = deps.accessFor!(linked.token);
    const access: RepoAccess = {
      permission: (repo) =>
        own.permission(repo).catch(async (error) => {
          if (!(error instanceof CiError && error.code === "unauthorized")) throw error;
          await accounts.unlink(meta);
          throw revokedLink(linked.login, error);
        }),
    };
    return { kind: "github", login: linked.login, access };
  };

  /** GitHub-authority mode for an intent on a repository: GitHub, then the policy. */
  const decideOnGitHub = async (intent: Intent, who: Who, repo: string, caller: GitHubCaller) => {
    const log = deps.log.child({ requestId: who.requestId, surface: who.surface });
    const sharing = intent.op === "subscribe" || intent.op === "unsubscribe";
    const changes = changesState(intent);
    // An unlinked person's change is refused before anything is read with the service's token.
    const visibility = caller.kind === "github" && sharing
      ? await visibilityOf(deps.provider, repo, log)
      : undefined;
    const required = visibility ? subscribeRole(visibility, deps.policy) : requiredRole(
      intent,
      deps.policy,
    );
    const verdict = await githubDecision({
      policy: deps.policy,
      intent,
      repo,
      caller,
      required,
      changes,
      isPublic: async () => (await visibilityOf(deps.provider, repo, log)) === "public",
      policyDecision: () => {
        const decision = authorize(deps.policy, who, intent);
        return decision.allowed && visibility
          ? subscribeDecision(deps.policy, who, repo, visibility)
          : decision;
      },
    });
    if ("error" in verdict) throw await refuse(who, intent, verdict.decision, verdict.error);
    return { decision: verdict.decision, visibility };
  };

  /** The policy file decides (with a GitHub-token caller's own reach): as without accounts. */
  const decideByPolicy = async (intent: Intent, who: Who, options: ExecuteOptions) => {
    const decision = authorize(deps.policy, who, intent);
    if (!decision.allowed) {
      throw await refuse(who, intent, decision, forbidden(decision));
    }
    const repo = intent.repo ?? deps.defaultRepo;
    // Fail closed: a GitHub-token caller whose surface lost the capability is refused, not let
    // through on the service's own token.
    const access = options.access ??
      (requesterNamespace(who) === "github" ? NO_ACCESS : undefined);
    const denial = access && repo !== undefined
      ? await accessDenial({
        access,
        policy: deps.policy,
        who,
        intent,
        repo,
        required: decision.required,
        changes: changesState(intent),
      })
      : null;
    if (denial) {
      const refused: Decision = {
        allowed: false,
        role: decision.role,
        required: decision.required,
        message: denial.message,
        hint: denial.hint ?? "",
      };
      throw await refuse(who, intent, refused, denial);
    }
    // Alerts carry log excerpts: a private repository needs more than the policy's base role.
    // (Without a conversation `runSubscription` refuses anyway, saying why.)
    const shared = intent.op === "subscribe" && who.conversation ? intent.repo : undefined;
    const log = deps.log.child({ requestId: who.requestId, surface: who.surface });
    const visibility = shared ? await visibilityOf(deps.provider, shared, log) : undefined;
    const gate = shared && visibility && subscribeDecision(deps.policy, who, shared, visibility);
    if (gate && !gate.allowed) {
      throw await refuse(who, intent, gate, forbidden(gate));
    }
    return { decision, visibility };
  };

  return { githubCaller, decideOnGitHub, decideByPolicy };
}
