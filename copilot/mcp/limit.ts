/**
 * Per-caller limits at the edge of `/mcp`: after the bearer check and before the MCP server sees
 * the body, each `tools/call` in it is admitted against the caller's token bucket and in-flight
 * cap (a heavy tool such as `ci_analyze` costs more than `ci_help`). Beyond them the caller gets
 * HTTP 429 with `Retry-After` and nothing runs. A slot is held until its call's `execute` returns
 * (for a durable job: its submission) or, at the latest, until the response has been sent or the
 * client has gone away.
 *
 * @module
 */
import { readBounded } from "../../src/body.ts";
import { CiError } from "../../src/errors.ts";
import { type Limits, subjectOf, type Weight, weightOf } from "../../src/limits/mod.ts";
import type { McpCaller } from "./auth.ts";
import type { ToolCallDeps } from "./call.ts";
import { TOOLS } from "./tools.ts";

/** A request let through: the same request (its body read once), and what to give back. */
export interface Admitted {
  request: Request;
  /** Gives back every slot still held (when the response has been sent). */
  release: () => void;
  /** Gives back the next slot still held (when one tool call's `execute` has returned). */
  releaseOne: () => void;
}

/** What the tool calls in a JSON-RPC body (one message or a batch) cost; protocol messages are free. */
function toolCallWeights(body: Uint8Array<ArrayBuffer>): Weight[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    // Not JSON: the transport answers with a parse error and runs nothing.
    return [];
  }
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  return messages.flatMap((message) => {
    const m = message as { method?: unknown; params?: { name?: unknown } } | null;
    if (m?.method !== "tools/call") return [];
    const tool = TOOLS.find((t) => t.name === m.params?.name);
    // An unknown tool is refused by the server; it still costs what the cheapest call costs.
    return [weightOf({ op: tool?.op ?? "help" })];
  });
}

/** Gives the slots back once the response body is done (sent, failed or cancelled). */
function releasedWhenSent(response: Response, release: () => void): Response {
  if (!response.body) {
    release();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The caller as the limits see it: API-key and GitHub callers never share a bucket. */
function subjectOfCaller(caller: McpCaller) {
  return subjectOf({ surface: "mcp", userId: `${caller.via}:${caller.userId}` });
}

/**
 * Admits one `/mcp` POST for `caller`: throws `CiError("too_large")` for a body over
 * `maxBodyBytes` and `CiError("rate_limited", …, { retryAfterSeconds })` beyond the limits;
 * otherwise returns the request to hand to the transport and the release of its slots.
 *
 * @example
 * ```ts
 * // const admitted = await admitMcpRequest(request, caller, limits, 256 * 1024);
 * // const response = await transport.handleRequest(admitted.request);
 * // return respondAndRelease(response, admitted);
 * ```
 */
export async function admitMcpRequest(
  request: Request,
  caller: McpCaller,
  limits: Limits,
  maxBodyBytes: number,
): Promise<Admitted> {
  const read = await readBounded(request, maxBodyBytes);
  if (!read.ok) {
    throw new CiError(
      "too_large",
      `Request body is ${read.size} bytes or more, larger than the ${maxBodyBytes} allowed`,
    );
  }
  // A copy on its own ArrayBuffer, as the Request constructor's BodyInit wants.
  const body = new Uint8Array(read.bytes);
  const subject = subjectOfCaller(caller);
  const releases: Array<() => void> = [];
  const release = () => releases.splice(0).forEach((r) => r());
  try {
    for (const weight of toolCallWeights(body)) releases.push(limits.admit(subject, weight));
  } catch (error) {
    release();
    throw error;
  }
  const replay = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
  });
  return { request: replay, release, releaseOne: () => releases.shift()?.() };
}

/**
 * The tool-call dependencies with `execute` giving back one admitted slot when it returns: a
 * durable job's call (`ci_test` following its job with progress notifications) holds no slot
 * once the job has been submitted.
 *
 * @example
 * ```ts
 * // const server = buildServer(releasingOnReturn(callDeps, admitted), caller);
 * ```
 */
export function releasingOnReturn(deps: ToolCallDeps, admitted: Admitted): ToolCallDeps {
  const execute: ToolCallDeps["surface"]["execute"] = async (...args) => {
    try {
      return await deps.surface.execute(...args);
    } finally {
      admitted.releaseOne();
    }
  };
  return { ...deps, surface: { ...deps.surface, execute } };
}

/**
 * The transport's response, releasing the admitted slots when it has been sent.
 *
 * @example
 * ```ts
 * // return respondAndRelease(await transport.handleRequest(admitted.request), admitted);
 * ```
 */
export function respondAndRelease(response: Response, admitted: Admitted): Response {
  return releasedWhenSent(response, admitted.release);
}
