/**
 * The conversation's repositories in the pipeline: a request that names no repository runs on
 * the conversation's default, or is answered with "Which repository?" and the recent choices;
 * a request that succeeded on a repository puts it first among the recent ones. `use` itself
 * runs inside the executor, after the same authorization as `analyze`.
 *
 * This only fills in or asks: whatever runs afterwards is authorized and audited for whoever
 * sent it (or pressed the choice), exactly as if they had typed the repository.
 *
 * @module
 */
import { type ChannelRepos, conversationKey, missesRepository } from "./channel_repos.ts";
import { USE_HINT, useReport, whichRepositoryReport } from "./channel_repos_reports.ts";
import { CiError } from "./errors.ts";
import type { Intent } from "./intent/schema.ts";
import type { Logger } from "./log.ts";
import type { Report, ReportInput } from "./report/model.ts";
import type { Execute, ExecuteOptions, RequestMeta } from "./surface.ts";

/** What {@linkcode withConversationRepos} needs. */
export interface ConversationReposDeps {
  repos: ChannelRepos;
  log: Logger;
  save: (input: ReportInput) => Promise<Report>;
  /** The service-wide default (`DEFAULT_REPO`): when set, nothing is asked. */
  serviceDefault?: string;
  /** Whether the pipeline shows this intent back instead of running it (nothing to remember). */
  offered: (intent: Intent, understood: ExecuteOptions["understood"]) => boolean;
}

/**
 * Wraps the pipeline `run` with the conversation's default and recent repositories.
 *
 * @example
 * ```ts
 * // const execute = withConversationRepos(run, { repos, log, save, offered: confirmsFirst });
 * // await execute({ op: "analyze" }, meta); // the default, or "Which repository?"
 * ```
 */
export function withConversationRepos(run: Execute, deps: ConversationReposDeps): Execute {
  const { repos } = deps;
  return async (intent, meta, reply, options = {}) => {
    const key = conversationKey(meta);
    const log = deps.log.child({ requestId: meta.requestId, surface: meta.surface });
    let filled = intent;
    if (key && missesRepository(intent)) {
      const own = await repos.defaultRepo(key);
      if (own) {
        filled = { ...intent, repo: own };
        log.info("conversation default repository used", { op: intent.op, repo: own });
      } else if (deps.serviceDefault === undefined) {
        const choices = await repos.recent(key);
        if (choices.length > 0) {
          log.info("asked which repository", { op: intent.op, choices: choices.length });
          return await deps.save(whichRepositoryReport(intent, choices));
        }
        return await run(intent, meta, reply, options).catch((error) => {
          throw withUseHint(error);
        });
      }
    }
    const report = await run(filled, meta, reply, options);
    if (key && filled.repo !== undefined && !deps.offered(filled, options.understood)) {
      await repos.remember(key, filled.repo).catch((error) =>
        log.error("recent repository not kept", { error })
      );
    }
    return report;
  };
}

/** A refusal for a missing repository also says how to set a default. */
function withUseHint(error: unknown): unknown {
  if (!(error instanceof CiError)) return error;
  const hint = error.hint ? `${error.hint} ${USE_HINT}` : USE_HINT;
  return new CiError(error.code, error.message, {
    hint,
    cause: error.cause ?? error,
    ...(error.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: error.retryAfterSeconds }
      : {}),
  });
}

/**
 * Runs an authorized `use`: sets the conversation's default repository, or shows it.
 *
 * @example
 * ```ts
 * // await runUse(repos, { op: "use", repo: "acme/app" }, meta, log); // "Default repository: acme/app"
 * ```
 */
export async function runUse(
  repos: ChannelRepos,
  intent: Intent,
  meta: RequestMeta,
  log: Logger,
): Promise<ReportInput> {
  const key = conversationKey(meta);
  if (key === null) {
    throw new CiError(
      "bad_request",
      "`use` sets a conversation's default repository, and this request came from no " +
        "conversation",
      { hint: "Name the repository in each command instead, e.g. `analyze repo:owner/name`." },
    );
  }
  if (intent.repo === undefined) return useReport(await repos.defaultRepo(key), false);
  await repos.setDefault(key, intent.repo);
  log.info("conversation default repository set", { repo: intent.repo });
  return useReport(intent.repo, true);
}
