/**
 * `POST /github/webhooks`: GitHub's `workflow_run` / `workflow_job` deliveries wake the job
 * that follows the run, so progress shows as soon as GitHub knows it (polling stays as the
 * fallback), and completed runs and jobs go to the alerts engine (queued, so the answer stays
 * fast and a crash loses nothing). Verified (HMAC-SHA256) before anything is parsed; de-duplicated by
 * `X-GitHub-Delivery`; answered well within GitHub's 10 s.
 *
 * @module
 */
import type { Alerts } from "./alerts/engine.ts";
import { readBounded } from "./body.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { decodeGitHubWebhook, verifyGitHubSignature } from "./providers/github/webhooks.ts";
import type { Store } from "./store/port.ts";
import { CiError } from "./errors.ts";

/** GitHub's own payload limit is 25 MB; run and job events are a few dozen KiB. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Longer than anyone redelivers by hand from the settings page. */
export const DELIVERY_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Creates the handler.
 *
 * @example
 * ```ts
 * // const webhooks = createGitHubWebhooks(secret, { store, runner, log, alerts });
 * // app.post("/github/webhooks", (c) => webhooks(c.req.raw));
 * ```
 */
export function createGitHubWebhooks(
  secret: string,
  deps: { store: Store; runner: JobRunner; log: Logger; alerts?: Pick<Alerts, "accept"> },
): (request: Request) => Promise<Response> {
  const log = deps.log.child({ surface: "github-webhooks" });
  const json = (status: number, body: unknown) => Response.json(body, { status });
  return async (request) => {
    const read = await readBounded(request, MAX_WEBHOOK_BYTES);
    if (!read.ok) {
      return json(413, { error: `Payload is over ${MAX_WEBHOOK_BYTES} bytes (${read.size} read)` });
    }
    const raw = read.bytes;
    const signature = request.headers.get("x-hub-signature-256");
    if (!(await verifyGitHubSignature(secret, raw, signature))) {
      log.warn("webhook signature rejected");
      return json(401, { error: "Signature missing or invalid (X-Hub-Signature-256)" });
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return json(400, { error: "Body is not JSON" });
    }
    let event;
    try {
      event = decodeGitHubWebhook(request.headers.get("x-github-event"), body);
    } catch (error) {
      if (error instanceof CiError) return json(400, { error: error.message });
      throw error;
    }
    if (event.kind === "unsupported" || event.kind === "ping") {
      return json(202, { status: "ignored", event: request.headers.get("x-github-event") });
    }
    const delivery = request.headers.get("x-github-delivery");
    if (delivery) {
      const fresh = await deps.store.setIfAbsent(["github", "delivery", delivery], true, {
        ttlMs: DELIVERY_TTL_MS,
      });
      if (!fresh) return json(200, { status: "duplicate" });
    }
    const runId = event.kind === "workflow_run" ? event.run.id : event.runId;
    const jobId = await deps.runner.jobForRun(event.repo, runId);
    if (jobId) {
      await deps.runner.wake(jobId);
      log.info("webhook woke a job", { jobId, runId, event: event.kind, action: event.action });
    }
    const alerted = (await deps.alerts?.accept(event)) ?? false;
    const status = jobId || alerted ? "accepted" : "no job follows this run";
    return json(202, { status });
  };
}
