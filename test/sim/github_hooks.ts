/**
 * Webhooks from the GitHub simulator: every lifecycle transition becomes a signed
 * `workflow_run` / `workflow_job` delivery, sent like GitHub's Hookshot (headers, HMAC-SHA256
 * signature of the raw body, one delivery at a time, short timeout), recorded, and re-sendable
 * with the same delivery id (GitHub's redelivery keeps the GUID).
 *
 * @module
 */
import type { components } from "@octokit/openapi-types";
import type { SimTransition } from "./github_lifecycle.ts";
import type { GitHubSimState } from "./github_state.ts";

type S = components["schemas"];

/** A `workflow_run` webhook body. */
export type WorkflowRunEvent =
  | S["webhook-workflow-run-requested"]
  | S["webhook-workflow-run-in-progress"]
  | S["webhook-workflow-run-completed"];

/** A `workflow_job` webhook body. */
export type WorkflowJobEvent =
  | S["webhook-workflow-job-queued"]
  | S["webhook-workflow-job-in-progress"]
  | S["webhook-workflow-job-completed"];

/** Where deliveries go. */
export interface SimWebhookTarget {
  url: string;
  secret: string;
  /** Per delivery; GitHub gives up after 10 s. Default 10 000. */
  timeoutMs?: number;
}

/** One delivery (a redelivery is a new entry with the same `id`). */
export interface SimWebhookDelivery {
  /** `X-GitHub-Delivery`. */
  id: string;
  event: string;
  action?: string;
  /** The raw body as sent (and signed). */
  body: string;
  /** Sim time of the transition. */
  at: string;
  redelivery: boolean;
  /** `X-GitHub-Hook-Installation-Target-ID`: the repository's id. */
  repositoryId: number;
  /** The receiver's status code; 0 when it failed or timed out; undefined until then. */
  status?: number;
  error?: string;
}

const encoder = new TextEncoder();

/**
 * `sha256=<hex>`: GitHub's `X-Hub-Signature-256` of a raw body.
 *
 * @example
 * ```ts
 * await signBody("It's a Secret to Everybody", "Hello, World!");
 * // "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
 * ```
 */
export async function signBody(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The webhook body of a transition, or undefined when its repository or workflow is gone.
 *
 * @example
 * ```ts
 * // sim.state.lifecycle.onTransition((t) => console.log(hookBody(sim.state, t)?.action));
 * ```
 */
export function hookBody(
  state: GitHubSimState,
  transition: SimTransition,
): WorkflowRunEvent | WorkflowJobEvent | undefined {
  const repo = state.repo(transition.run.repository.full_name);
  const workflow = repo && state.workflows(repo).find((w) => w.id === transition.run.workflow_id);
  if (!repo || !workflow) return undefined;
  // GitHub's webhook repository is the REST one minus the fields only REST can carry.
  const {
    template_repository: _template,
    temp_clone_token: _token,
    ...full
  } = state.repoPayload(repo);
  const repository: S["repository-webhooks"] = {
    ...full,
    license: null,
    has_downloads: true,
    hooks_url: `${full.url}/hooks`,
  };
  const sender = transition.run.triggering_actor ?? transition.run.actor!;
  if (transition.kind === "workflow_job") {
    // On GitHub the webhook's workflow_job is the REST job; the schemas differ only in how
    // tightly they type ids, `html_url` and, per action, `status`/`conclusion` (which the
    // lifecycle sets to match the action).
    return {
      action: transition.action,
      workflow_job: transition.job as WorkflowJobEvent["workflow_job"],
      repository,
      sender,
    } as WorkflowJobEvent;
  }
  // Likewise the REST run is what GitHub embeds as `workflow_run`.
  return {
    action: transition.action,
    workflow_run: transition.run as WorkflowRunEvent["workflow_run"],
    workflow,
    repository,
    sender,
  } as WorkflowRunEvent;
}

/**
 * Sends deliveries one at a time, in transition order, fire-and-forget.
 *
 * @example
 * ```ts
 * const sender = new WebhookSender();
 * sender.target = { url: "http://127.0.0.1:9/hook", secret: "s" };
 * sender.send("ping", { zen: "Keep it logically awesome." }, new Date().toISOString());
 * await sender.idle();
 * ```
 */
export class WebhookSender {
  /** Every delivery made, in order. */
  readonly deliveries: SimWebhookDelivery[] = [];
  /** Where to send; nothing is sent (or recorded) without one. */
  target: SimWebhookTarget | undefined;
  #chain: Promise<void> = Promise.resolve();
  readonly #closing = new AbortController();

  /** Queues a delivery of `payload` as event `event`. */
  send(
    event: string,
    payload: { action?: string; repository?: { id: number | bigint } },
    at: string,
  ): SimWebhookDelivery | undefined {
    if (!this.target || this.#closing.signal.aborted) return undefined;
    const delivery: SimWebhookDelivery = {
      id: crypto.randomUUID(),
      event,
      ...(payload.action ? { action: payload.action } : {}),
      body: JSON.stringify(payload),
      at,
      redelivery: false,
      repositoryId: Number(payload.repository?.id ?? 0),
    };
    this.#queue(delivery, this.target);
    return delivery;
  }

  /** Sends a recorded delivery again (same id and body); resolves once answered. */
  async redeliver(id: string): Promise<SimWebhookDelivery> {
    const original = this.deliveries.find((d) => d.id === id);
    if (!original) throw new Error(`GitHub sim: no webhook delivery ${id}`);
    if (!this.target) throw new Error("GitHub sim: no webhook target set");
    const again: SimWebhookDelivery = {
      ...original,
      redelivery: true,
      status: undefined,
      error: undefined,
    };
    this.#queue(again, this.target);
    await this.idle();
    return again;
  }

  /** Resolves once every queued delivery is answered (or has failed). */
  async idle(): Promise<void> {
    let chain;
    do {
      chain = this.#chain;
      await chain;
    } while (chain !== this.#chain);
  }

  /** Aborts deliveries in flight and waits for the queue to settle. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.idle();
  }

  #queue(delivery: SimWebhookDelivery, target: SimWebhookTarget): void {
    this.deliveries.push(delivery);
    this.#chain = this.#chain.then(() => this.#post(delivery, target));
  }

  async #post(delivery: SimWebhookDelivery, target: SimWebhookTarget): Promise<void> {
    if (this.#closing.signal.aborted) {
      Object.assign(delivery, { status: 0, error: "simulator closed" });
      return;
    }
    const abort = new AbortController();
    const onClose = () => abort.abort();
    this.#closing.signal.addEventListener("abort", onClose);
    const timer = setTimeout(() => abort.abort(), target.timeoutMs ?? 10_000);
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/8e03811",
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.id,
          "x-github-hook-id": "468711",
          "x-github-hook-installation-target-type": "repository",
          "x-github-hook-installation-target-id": String(delivery.repositoryId),
          "x-hub-signature-256": await signBody(target.secret, delivery.body),
        },
        body: delivery.body,
        signal: abort.signal,
      });
      await response.body?.cancel();
      delivery.status = response.status;
    } catch (error) {
      delivery.status = 0;
      delivery.error = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
      this.#closing.signal.removeEventListener("abort", onClose);
    }
  }
}
