/**
 * `POST /copilot`: the Copilot agent endpoint. Every request is verified (signature over the raw,
 * size-limited body) before it is parsed; a verified one is answered at once with an SSE stream
 * that starts with the ack and ends with `[DONE]`, errors included as Copilot error events.
 *
 * @module
 */
import { CiError, toCiError } from "../../src/errors.ts";
import { type Limits, subjectOf } from "../../src/limits/mod.ts";
import { createGitHubAccess } from "../../src/policy/github_access.ts";
import type { Deliverer, RequestMeta, SurfaceDeps, SurfaceHandler } from "../../src/surface.ts";
import { converse } from "./conversation.ts";
import { createStreamRegistry } from "./deliver.ts";
import { createKeyCache } from "./keys.ts";
import { DEFAULT_MODEL_ENDPOINT } from "./model.ts";
import { CopilotPayloadSchema } from "./payload.ts";
import { type CopilotStream, openCopilotStream } from "./stream.ts";
import { createUserResolver } from "./user.ts";
import { MAX_BODY_BYTES, verifyCopilotRequest } from "./verify.ts";

/** Configuration of the Copilot agent. */
export interface CopilotAgentConfig {
  /** GitHub REST base (GITHUB_API_URL): keys at `{apiUrl}/meta/public_keys/copilot_api`. */
  apiUrl: string;
  /** Chat-completions URL of the Copilot model (tests point it at a simulator). */
  modelEndpoint?: string;
  /** How long a stream waits for a job's final report (default 10 min). */
  jobWaitMs?: number;
  /** Request body limit in bytes (default 2 MiB). */
  maxBodyBytes?: number;
  /** Signing keys are revalidated after this long (default 1 h). */
  keyTtlMs?: number;
}

/** The handler for `POST /copilot`, plus the deliverer for jobs it started. */
export type CopilotAgent = SurfaceHandler & {
  /** Register as `deliverers.set("copilot", agent.deliver)`. */
  deliver: Deliverer;
};

function streamError(sse: CopilotStream, error: unknown, internal: boolean): void {
  const err = toCiError(error);
  const message = internal ? "Something went wrong on our side; it has been logged." : err.message;
  if (err.code !== "unsupported") {
    sse.text(`\n\n**${message}**${!internal && err.hint ? `\n\n${err.hint}` : ""}\n`);
  }
  sse.errors([{
    type: "agent",
    code: err.code,
    message: !internal && err.hint ? `${message}. ${err.hint}` : message,
    identifier: `ci-orchestrator.${err.code}`,
  }]);
}

/**
 * HTTP 429 with `Retry-After` when `login` could run nothing now (all in-flight slots taken or
 * no token left). A heavy request refused later, once the turn's intent is known, is an SSE
 * error event instead: that is the text Copilot Chat shows (a 429 shows as a generic failure).
 */
function overLimits(limits: Limits, login: string): Response | undefined {
  try {
    limits.check(subjectOf({ surface: "copilot", userId: login }));
    return undefined;
  } catch (error) {
    const err = toCiError(error);
    return new Response(`${err.message}. ${err.hint ?? ""}`.trim(), {
      status: 429,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "retry-after": String(err.retryAfterSeconds ?? 1),
      },
    });
  }
}

/**
 * Creates the Copilot agent.
 *
 * @example
 * ```ts
 * const copilot = createCopilotAgent({ apiUrl: "https://api.github.com" }, deps);
 * deliverers.set("copilot", copilot.deliver);
 * app.post("/copilot", (c) => copilot(c.req.raw));
 * ```
 */
export function createCopilotAgent(
  config: CopilotAgentConfig,
  deps: SurfaceDeps & { fetch: typeof fetch; limits?: Limits },
): CopilotAgent {
  const log = deps.log.child({ surface: "copilot" });
  const keys = createKeyCache({
    apiUrl: config.apiUrl,
    fetch: deps.fetch,
    now: deps.now,
    log,
    ttlMs: config.keyTtlMs,
  });
  const loginOf = createUserResolver({
    apiUrl: config.apiUrl,
    fetch: deps.fetch,
    now: deps.now,
    log,
  });
  // The user acts only where their own token reaches, never with the service's wider one.
  const accessFor = createGitHubAccess({
    apiUrl: config.apiUrl,
    fetch: deps.fetch,
    now: deps.now,
    log,
  });
  const streams = createStreamRegistry(log);

  const handler = async (request: Request): Promise<Response> => {
    if (request.method !== "POST") {
      await request.body?.cancel();
      return new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
    }
    let verified;
    try {
      verified = await verifyCopilotRequest(request, keys, config.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      log.error("copilot request not verified: signing keys unavailable", { error });
      return new Response("signing keys unavailable", { status: 503 });
    }
    if (!verified.ok) {
      log.warn("copilot request refused", { status: verified.status, reason: verified.reason });
      return new Response(verified.reason, { status: verified.status });
    }
    let json: unknown;
    try {
      json = JSON.parse(verified.body);
    } catch {
      json = undefined;
    }
    const payload = CopilotPayloadSchema.safeParse(json);
    if (!payload.success) {
      return new Response("not a Copilot agent request", { status: 400 });
    }
    const token = request.headers.get("x-github-token") ?? "";
    // Resolved before the stream opens, so a caller already over their limits gets HTTP 429.
    const user = await loginOf(token).then((login) => ({ login }), (error) => ({ error }));
    if ("login" in user && deps.limits) {
      const refused = overLimits(deps.limits, user.login);
      if (refused) return refused;
    }
    const sse = openCopilotStream();
    sse.ack();
    const requestId = deps.newId();
    const turnLog = log.child({ requestId });
    (async () => {
      // Refuses (and runs nothing) when the token is missing or names no GitHub user.
      if ("error" in user) throw user.error;
      const userId = user.login;
      const meta: RequestMeta = {
        surface: "copilot",
        requestId,
        userId,
        channelId: payload.data.copilot_thread_id,
      };
      await converse({
        deps,
        streams,
        sse,
        meta,
        payload: payload.data,
        token,
        bodyDigest: verified.digest,
        access: accessFor(token),
        modelEndpoint: config.modelEndpoint ?? DEFAULT_MODEL_ENDPOINT,
        waitMs: config.jobWaitMs ?? 600_000,
      });
    })().catch((error) => {
      const internal = !(error instanceof CiError) || error.code === "internal";
      if (internal) turnLog.error("copilot turn failed", { error });
      else turnLog.info("copilot turn refused", { code: error.code, message: error.message });
      streamError(sse, error, internal);
    }).finally(() => sse.done());
    return sse.response;
  };
  return Object.assign(handler, { deliver: streams.deliver });
}
