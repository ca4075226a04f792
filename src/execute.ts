/**
 * The one pipeline every surface's intents go through: authority → (job | inline operation) →
 * stored report, with an audit entry for everything that changes state. `status`, `cancel`,
 * `logout` and `use` live here because they are about jobs, links and conversations, not about a
 * CI provider. A request that names no repository gets the conversation's default, or a question
 * with the recent ones (`src/channel_repos_execute.ts`).
 *
 * Authority comes from the policy file, or — when linked accounts are configured ("GitHub
 * authority" mode) — from what each person may do on GitHub, the policy restricting further
 * (`src/policy/authority.ts`, docs/policy.md).
 *
 * @module
 */
import type { Accounts } from "./accounts/model.ts";
import { channelRepos } from "./channel_repos.ts";
import { runUse, withConversationRepos } from "./channel_repos_execute.ts";
import { isListing, runSubscription } from "./alerts/subscriptions.ts";
import { CiError, toCiError } from "./errors.ts";
import type { Intent } from "./intent/schema.ts";
import type { JobRecord, ReplyTarget } from "./jobs/model.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { runIntent } from "./ops/registry.ts";
import { withWorkflow } from "./ops/test/mod.ts";
import { statusReport } from "./status_report.ts";
import { logoutReport } from "./accounts/reports.ts";
import { auditInput, recordAudit } from "./policy/audit.ts";
import { failedDeliveries } from "./alerts/engine.ts";
import { failuresVisibleTo } from "./alerts/failed_view.ts";
import { subscribeDecision, subscribeRole, visibilityOf } from "./alerts/visibility.ts";
import { accessDenial } from "./policy/access.ts";
import {
  actsOnRepository,
  type GitHubCaller,
  githubDecision,
  revokedLink,
} from "./policy/authority.ts";
import type { GitHubAccess } from "./policy/github_access.ts";
import type { RepoAccess } from "./policy/repo_access.ts";
import {
  identityText,
  isWorkspaceMember,
  type Requester,
  requesterNamespace,
  surfaceLabel,
} from "./policy/identity.ts";
import { authorize, changesState, type Decision, requiredRole } from "./policy/authorize.ts";
import type { Policy } from "./policy/schema.ts";
import type { CIProvider } from "./providers/port.ts";
import type { ReportInput } from "./report/model.ts";
import { saveReport } from "./report/store.ts";
import { understoodReport } from "./report/understood.ts";
import type { Store } from "./store/port.ts";
import type { Execute, ExecuteOptions, RequestMeta } from "./surface.ts";

/** What the pipeline needs. */
export interface ExecutorDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  newId: () => string;
  provider: CIProvider;
  runner: JobRunner;
  /** The policy file, or null when none is configured. */
  policy: Policy | null;
  defaultRepo?: string;
  /** How long saved reports stay readable (`REPORT_TTL_DAYS`); default 7 days. */
  reportTtlMs?: number;
  /**
   * Linked GitHub accounts. When set, the service runs in GitHub-authority mode: chat members
   * may do what their linked account may do on GitHub (docs/policy.md).
   */
  accounts?: Accounts;
  /** The reach of a GitHub token (`createGitHubAccess`); required with `accounts`. */
  accessFor?: GitHubAccess;
}

/** The requester, with the GitHub login acting when known. */
type Who = RequestMeta & Requester;

/** What a GitHub caller reaches when its surface passed no capability: nothing. */
const NO_ACCESS: RepoAccess = { permission: () => Promise.resolve("none") };

/** The error a policy refusal becomes: its message, and its hint as what to do. */
const forbidden = (d: { message: string; hint: string }) =>
  new CiError("forbidden", d.message, { hint: d.hint });

/**
 * Whether an intent read from plain language (`understood`) is shown back with a Run button
 * instead of running: everything that changes state, and an apply preview (it drafts a pull
 * request from the suggestions it names; a misread id list would draft the wrong one).
 *
 * @example
 * ```ts
 * const natural = { source: "natural", explanation: "run the tests" } as const;
 * confirmsFirst({ op: "test", repo: "acme/app" }, natural); // true
 * confirmsFirst({ op: "analyze", repo: "acme/app" }, natural); // false
 * confirmsFirst({ op: "test", repo: "acme/app" }, undefined); // false: the exact grammar runs
 * ```
 */
export function confirmsFirst(intent: Intent, understood: ExecuteOptions["understood"]): boolean {
  // `use owner/repo` changes what later requests here run on: a misread repository would stick.
  return understood !== undefined &&
    (changesState(intent) || intent.apply !== undefined || understood.guessed === true ||
      (intent.op === "use" && intent.repo !== undefined));
}

/** Whether this intent runs as a durable job. */
export function runsAsJob(intent: Intent, runner: JobRunner): boolean {
  if (intent.op === "compare") return intent.runs !== undefined && runner.handles("compare");
  return runner.handles(intent.op);
}

/**
 * Creates the pipeline.
 *
 * @example
 * ```ts
 * // const execute = createExecutor({ store, log, now, newId, provider, runner, policy: null });
 * // const report = await execute({ op: "analyze", repo: "acme/app" }, meta);
 * ```
 */
export function createExecutor(deps: ExecutorDeps): Execute {
  const { store, runner, accounts } = deps;
  if (accounts && !deps.accessFor) {
    throw new CiError("config", "Linked accounts need a GitHub access checker (accessFor)");
  }
  const save = (input: ReportInput) => saveReport(store, input, deps);
  const audit = (
    who: Requester,
    intent: Intent,
    decision: Decision,
    outcome: "accepted" | "denied" | "succeeded" | "failed" | "cancelled",
    extra: { jobId?: string; message?: string } = {},
  ) =>
    recordAudit(store, auditInput(who, intent, decision, outcome, extra), deps).catch((error) =>
      deps.log.error("audit entry not written", { error })
    );
  /**
   * Shows an intent read from plain language back instead of running it. Nothing changed, so
   * nothing is audited; the log keeps that it was offered.
   */
  const offer = async (intent: Intent, meta: RequestMeta, options: ExecuteOptions) => {
    const saved = await save(understoodReport(intent, options.understood!));
    deps.log.info("understood intent shown for confirmation", {
      requestId: meta.requestId,
      surface: meta.surface,
      op: intent.op,
      repo: intent.repo,
      source: options.understood!.source,
      reportId: saved.id,
    });
    return saved;
  };
  const refuse = async (who: Requester, intent: Intent, decision: Decision, error: CiError) => {
    if (changesState(intent)) await audit(who, intent, decision, "denied");
    deps.log.info("request denied", { op: intent.op, repo: intent.repo, code: error.code });
    return error;
  };

  /** A cancel names a job; authorize it against that job's repository. */
  const cancelTarget = async (intent: Intent, meta: RequestMeta): Promise<JobRecord> => {
    if (intent.target) {
      const job = await runner.get(intent.target);
      if (job) return job;
      throw new CiError("not_found", `No job with id '${intent.target}'`, {
        hint: "Use `status` to list your jobs and their ids.",
      });
    }
    const mine = await runner.list(meta.surface, meta.userId ?? "-", 20);
    const running = mine.find((j) => j.status === "running");
    if (!running) {
      throw new CiError("not_found", "You have no running job to cancel", {
        hint: "Use `status` to list your jobs.",
      });
    }
    return running;
  };

  /** `login` (a durable job) and `logout`: about the requester's own link, nothing else. */
  const linking = async (
    intent: Intent,
    meta: RequestMeta,
    options: ExecuteOptions,
    reply?: ReplyTarget,
  ) => {
    if (!accounts) {
      throw new CiError("unsupported", "Linking a GitHub account is not set up on this service", {
        hint: "An admin turns it on with GITHUB_CLIENT_ID and SECRET_KEY (docs/github-app.md).",
      });
    }
    if (!isWorkspaceMember(meta)) {
      throw new CiError(
        "bad_request",
        `\`${intent.op}\` links a chat account to GitHub; from ${surfaceLabel(meta.surface)} ` +
          "you already act with your own GitHub token",
      );
    }
    if (confirmsFirst(intent, options.understood)) return await offer(intent, meta, options);
    const decision: Decision = { allowed: true, role: "viewer", required: "viewer" };
    if (intent.op === "logout") {
      const login = await accounts.logout(meta);
      const report = await save(logoutReport(login));
      await audit({ ...meta, ...(login ? { login } : {}) }, intent, decision, "succeeded", {
        message: report.summary,
      });
      return report;
    }
    if (!runner.handles("login")) {
      throw new CiError("config", "`login` is not available: its job is not registered", {
        hint: "Tell an admin: the service was started without the login job.",
      });
    }
    const accepted = await runner.submit(intent, meta, reply);
    await audit(meta, intent, decision, "accepted", { jobId: accepted.job.id });
    return accepted.report;
  };

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

  const repos = channelRepos(store);
  const run: Execute = async (requested, meta, reply, options = {}) => {
    const log = deps.log.child({ requestId: meta.requestId, surface: meta.surface });
    // `subscriptions` reads only what this conversation already receives, like `status`.
    if (isListing(requested)) {
      return await save(await runSubscription(store, requested, meta, deps.now()));
    }
    if (requested.op === "login" || requested.op === "logout") {
      return await linking(requested, meta, options, reply);
    }
    const job = requested.op === "cancel" ? await cancelTarget(requested, meta) : undefined;
    const intent: Intent = job
      ? { ...requested, target: job.id, ...(job.intent.repo ? { repo: job.intent.repo } : {}) }
      : requested;
    const caller = accounts && actsOnRepository(intent) ? await githubCaller(meta, options) : null;
    const who: Who = caller?.kind === "github" ? { ...meta, login: caller.login } : meta;
    const { decision, visibility } = caller && intent.repo !== undefined
      ? await decideOnGitHub(intent, who, intent.repo, caller)
      : await decideByPolicy(intent, who, options);
    // After authorization, so Run is never offered to someone who may not run it. A cancel is
    // shown with the job it resolved to, so Run stops that job, not whichever runs by then.
    if (confirmsFirst(intent, options.understood)) return await offer(intent, meta, options);
    log.info("operation started", { op: intent.op, repo: intent.repo });
    if (intent.op === "use") return await save(await runUse(repos, intent, meta, log));

    if (job) {
      await runner.cancel(job.id);
      await audit(who, intent, decision, "cancelled", { jobId: job.id });
      return await save({
        title: `Cancelling ${job.kind} job ${job.id}`,
        status: job.status === "running" ? "running" : "neutral",
        summary: job.status === "running"
          ? "Stopping its runs; the job's message will show the final state."
          : `That job has already finished (${job.status}).`,
      });
    }
    if (intent.op === "status") {
      const report = statusReport(
        await runner.list(meta.surface, meta.userId ?? "-", 20),
        // Failed alerts name repositories, channels and errors: only the requester's own.
        await failedDeliveries(store, 10, failuresVisibleTo(deps.policy, meta)),
      );
      return await save(report);
    }
    if (intent.op === "subscribe" || intent.op === "unsubscribe") {
      const shared = intent.op === "subscribe" && meta.conversation ? visibility : undefined;
      try {
        const saved = await save(await runSubscription(store, intent, meta, deps.now(), shared));
        await audit(who, intent, decision, "succeeded", { message: saved.summary.slice(0, 2000) });
        return saved;
      } catch (error) {
        const err = toCiError(error);
        await audit(who, intent, decision, "failed", { message: err.message });
        throw err;
      }
    }
    if (runsAsJob(intent, runner)) {
      try {
        // Asked before the job exists, so nothing has been dispatched when the question shows.
        const ready = await withWorkflow(intent, deps.provider, deps.defaultRepo);
        if ("question" in ready) return await save(ready.question);
        // The plan sees who asked (a workflow's `requested_by` input shows the login).
        const accepted = await runner.submit(ready.intent, who, reply);
        await audit(who, ready.intent, decision, "accepted", { jobId: accepted.job.id });
        return accepted.report;
      } catch (error) {
        const err = toCiError(error);
        await audit(who, intent, decision, "failed", { message: err.message });
        throw err;
      }
    }
    let report: ReportInput;
    try {
      report = await runIntent(intent, {
        provider: deps.provider,
        defaultRepo: deps.defaultRepo,
        log,
        now: deps.now,
        requester: {
          ...(who.login ? { login: who.login } : {}),
          identity: identityText(who),
          surface: surfaceLabel(who.surface),
        },
      });
    } catch (error) {
      const err = toCiError(error);
      if (changesState(intent)) {
        await audit(who, intent, decision, "failed", { message: err.message });
      }
      throw err;
    }
    const saved = await save(report);
    // An inline operation that changed something (e.g. opened a pull request) is audited too.
    if (changesState(intent)) {
      await audit(who, intent, decision, "succeeded", { message: saved.summary.slice(0, 2000) });
    }
    log.info("operation finished", { op: intent.op, reportId: saved.id, status: saved.status });
    return saved;
  };
  return withConversationRepos(run, {
    repos,
    log: deps.log,
    save,
    serviceDefault: deps.defaultRepo,
    offered: confirmsFirst,
  });
}
