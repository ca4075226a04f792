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
import { channelRepos } from "./channel_repos.ts";
import { runUse, withConversationRepos } from "./channel_repos_execute.ts";
import { isListing, runSubscription } from "./alerts/subscriptions.ts";
import { CiError } from "./errors.ts";
import { createAuthority } from "./execute_authority.ts";
import { createKit, type ExecutorDeps, type Who } from "./execute_kit.ts";
import { createLinking } from "./execute_linking.ts";
import { confirmsFirst } from "./execute_offer.ts";
import { createSteps } from "./execute_ops.ts";
import type { Intent } from "./intent/schema.ts";
import type { JobRunner } from "./jobs/runner.ts";
import { actsOnRepository } from "./policy/authority.ts";
import type { Execute } from "./surface.ts";

export type { ExecutorDeps } from "./execute_kit.ts";
export { confirmsFirst } from "./execute_offer.ts";

/**
 * Whether this intent runs as a durable job.
 *
 * @example
 * ```ts
 * runsAsJob({ op: "compare", repo: "acme/app", runs: 5 }, runner); // true when compare jobs run
 * ```
 */
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
  const kit = createKit(deps);
  const { save, offer } = kit;
  const linking = createLinking(kit);
  const { githubCaller, decideOnGitHub, decideByPolicy } = createAuthority(kit);
  const steps = createSteps(kit);

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
    const job = requested.op === "cancel" ? await steps.cancelTarget(requested, meta) : undefined;
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

    const step = { intent, meta, who, decision, visibility, reply, log };
    if (job) return await steps.cancel(step, job);
    if (intent.op === "status") return await steps.status(meta);
    if (intent.op === "subscribe" || intent.op === "unsubscribe") {
      return await steps.subscription(step);
    }
    if (runsAsJob(intent, runner)) return await steps.job(step);
    return await steps.inline(step);
  };
  return withConversationRepos(run, {
    repos,
    log: deps.log,
    save,
    serviceDefault: deps.defaultRepo,
    offered: confirmsFirst,
  });
}
