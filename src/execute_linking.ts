/**
 * `login` and `logout` in the executor: about the requester's own GitHub link, nothing else, so
 * they skip the repository authority checks. `login` is a durable job (it waits for the device
 * code to be approved); `logout` forgets the link at once.
 *
 * @module
 */
import { logoutReport } from "./accounts/reports.ts";
import { CiError } from "./errors.ts";
import type { ExecutorKit } from "./execute_kit.ts";
import { confirmsFirst } from "./execute_offer.ts";
import type { Intent } from "./intent/schema.ts";
import type { ReplyTarget } from "./jobs/model.ts";
import type { Decision } from "./policy/authorize.ts";
import { isWorkspaceMember, surfaceLabel } from "./policy/identity.ts";
import type { Report } from "./report/model.ts";
import type { ExecuteOptions, RequestMeta } from "./surface.ts";

/**
 * Creates the `login` / `logout` step.
 *
 * @example
 * ```ts
 * const linking = createLinking(createKit(deps));
 * await linking({ op: "logout" }, meta, {}); // "Unlinked …"
 * ```
 */
export function createLinking(
  kit: ExecutorKit,
): (
  intent: Intent,
  meta: RequestMeta,
  options: ExecuteOptions,
  reply?: ReplyTarget,
) => Promise<Report> {
  const { deps, save, audit, offer } = kit;
  const { runner, accounts } = deps;
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
  return linking;
}
