/**
 * `POST /github/webhooks`: GitHub's `workflow_run` / `workflow_job` deliveries wake the job
 * that follows the run, so progress shows as soon as GitHub knows it (polling stays as the
 * fallback), and completed runs and jobs go to the alerts engine (queued, so the answer stays
 * fast). Verified (HMAC-SHA256, with the secret of the delivery's repository, see
 * `github_webhook_secrets.ts`) before anything is parsed; answered well within GitHub's 10 s.
 *
 * Nothing acknowledged is lost: the delivery is stored in the inbox (`src/inbox/`, keyed by
 * `X-GitHub-Delivery`, which also de-duplicates redeliveries) and answered 202 at once; its work
 * runs from the durable queue (`src/inbox/queue.ts`), so a storm of deliveries costs one shared
 * store commit per group of acks, not the work of each. A process that dies before the work is
 * done leaves the record pending, and start-up replays it (alerting is idempotent per run,
 * attempt and conversation). Work that fails forgets the record, so GitHub's redelivery runs.
 * When the backlog is full the answer is 503 with `Retry-After` and nothing is stored (GitHub
 * does not redeliver on its own: the delivery shows as failed there, to be redelivered).
 *
 * A GitHub App's `installation` and `installation_repositories` deliveries update the registry
 * of installations (`src/providers/github/installations.ts`) before the answer; they count only
 * when signed with the App's own secret (`GITHUB_WEBHOOK_SECRET`): a repository's secret speaks
 * for that repository, not for where the App is installed.
 *
 * @module
 */
import { z } from "zod";
import type { Alerts } from "./alerts/engine.ts";
import { readBounded } from "./body.ts";
import { CiError } from "./errors.ts";
import { ANY_REPOSITORY, type WebhookSecrets } from "./github_webhook_secrets.ts";
import type { InboxQueue } from "./inbox/queue.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import {
  applyInstallationEvent,
  INSTALLATION_EVENTS,
  installationRegistry,
} from "./providers/github/installations.ts";
import { decodeGitHubWebhook, type GitHubWebhookEvent } from "./providers/github/webhooks.ts";
import type { Store } from "./store/port.ts";

/** GitHub's own payload limit is 25 MB; run and job events are a few dozen KiB. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Seconds a busy answer asks GitHub (or whoever redelivers) to wait. */
const BUSY_RETRY_SECONDS = 5;

/** What the inbox keeps of a delivery: the event name and the verified JSON body. */
const EntrySchema = z.object({ event: z.string(), body: z.unknown() });

/** Dependencies of the route. */
export interface GitHubWebhooksDeps {
  store: Store;
  runner: JobRunner;
  log: Logger;
  alerts?: Pick<Alerts, "accept">;
  /** The durable queue the deliveries' work runs from (the route registers its runner). */
  inbox: Pick<InboxQueue, "accept" | "register">;
}

/**
 * Creates the handler.
 *
 * @example
 * ```ts
 * // const secrets = webhookSecrets(env.GITHUB_WEBHOOK_SECRET, env.GITHUB_WEBHOOK_SECRETS);
 * // const webhooks = createGitHubWebhooks(secrets, { store, runner, log, alerts, inbox });
 * // app.post("/github/webhooks", (c) => webhooks(c.req.raw));
 * ```
 */
export function createGitHubWebhooks(
  secrets: WebhookSecrets,
  deps: GitHubWebhooksDeps,
): (request: Request) => Promise<Response> {
  const log = deps.log.child({ surface: "github-webhooks" });
  const json = (status: number, body: unknown) => Response.json(body, { status });
  const installations = installationRegistry(deps.store);

  /** Where the App is installed changed: recorded now, so the next call already knows. */
  const installation = async (name: string, body: unknown, signedBy: Set<string>) => {
    if (!signedBy.has(ANY_REPOSITORY)) {
      log.warn("installation event not signed with the App's webhook secret rejected", {
        event: name,
      });
      return json(401, {
        error:
          `${name} events must be signed with the App's webhook secret (GITHUB_WEBHOOK_SECRET)`,
      });
    }
    try {
      const change = await applyInstallationEvent(installations, name, body);
      log.info("GitHub App installation changed", { event: name, ...change });
      return json(202, { status: change.applied ? "installation updated" : "ignored" });
    } catch (error) {
      if (error instanceof CiError) return json(400, { error: error.message });
      throw error;
    }
  };

  /** Hands the event to the job runner and the alerts queue; what it did, for the answer. */
  const handle = async (event: Exclude<GitHubWebhookEvent, { kind: "ping" | "unsupported" }>) => {
    const runId = event.kind === "workflow_run" ? event.run.id : event.runId;
    const jobId = await deps.runner.jobForRun(event.repo, runId);
    if (jobId) {
      await deps.runner.wake(jobId);
      log.info("webhook woke a job", { jobId, runId, event: event.kind, action: event.action });
    }
    const alerted = (await deps.alerts?.accept(event)) ?? false;
    return jobId || alerted ? "accepted" : "no job follows this run";
  };

  deps.inbox.register("github", async (record) => {
    const entry = EntrySchema.parse(record.payload);
    const event = decodeGitHubWebhook(entry.event, entry.body);
    if (event.kind !== "ping" && event.kind !== "unsupported") await handle(event);
  }, { onFailure: "release" });

  return async (request) => {
    const read = await readBounded(request, MAX_WEBHOOK_BYTES);
    if (!read.ok) {
      return json(413, { error: `Payload is over ${MAX_WEBHOOK_BYTES} bytes (${read.size} read)` });
    }
    const raw = read.bytes;
    const signedBy = await secrets.verify(raw, request.headers.get("x-hub-signature-256"));
    if (signedBy.size === 0) {
      log.warn("webhook signature rejected");
      return json(401, { error: "Signature missing or invalid (X-Hub-Signature-256)" });
    }
    const name = request.headers.get("x-github-event");
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return json(400, { error: "Body is not JSON" });
    }
    if (name !== null && INSTALLATION_EVENTS.has(name)) return installation(name, body, signedBy);
    let event;
    try {
      event = decodeGitHubWebhook(name, body);
    } catch (error) {
      if (error instanceof CiError) return json(400, { error: error.message });
      throw error;
    }
    if (event.kind === "unsupported" || event.kind === "ping") {
      return json(202, { status: "ignored", event: name });
    }
    const scope = secrets.scopeFor(event.repo);
    if (scope === null || !signedBy.has(scope)) {
      // Signed with another repository's secret: whoever holds that one cannot speak for this.
      log.warn("webhook signed with another repository's secret rejected", { repo: event.repo });
      return json(401, {
        error: `Signature does not match the webhook secret configured for ${event.repo}`,
      });
    }
    const delivery = request.headers.get("x-github-delivery");
    if (!delivery) return json(202, { status: await handle(event) });
    switch (await deps.inbox.accept("github", delivery, { event: name, body })) {
      case "duplicate":
        return json(200, { status: "duplicate" });
      case "busy":
        return Response.json(
          { error: "Busy: too many deliveries are waiting; redeliver this one in a moment" },
          { status: 503, headers: { "retry-after": String(BUSY_RETRY_SECONDS) } },
        );
      case "accepted":
        return json(202, { status: "queued" });
    }
  };
}
