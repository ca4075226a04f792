/**
 * The MCP server at `POST /mcp`: streamable HTTP in stateless mode (a fresh server and
 * transport per request, so any instance can answer any request), bearer-token auth before
 * the body is read, and one tool per operation.
 *
 * The low-level `Server` is used instead of `McpServer` on purpose: tool schemas are generated
 * from `IntentSchema` as JSON Schema and arguments are validated by our own parser, so a bad
 * value gets the same message on every surface ("'runs' must be ≤ 50: current value is 80").
 *
 * @module
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { CiError } from "../../src/errors.ts";
import { toCiError } from "../../src/errors.ts";
import type { JobRunner } from "../../src/jobs/runner.ts";
import type { Deliverer, SurfaceDeps, SurfaceHandler } from "../../src/surface.ts";
import type { Limits } from "../../src/limits/mod.ts";
import { createBearerAuth, type McpCaller } from "./auth.ts";
import { admitMcpRequest, type Admitted, releasingOnReturn, respondAndRelease } from "./limit.ts";
import { callTool, type ToolCallDeps } from "./call.ts";
import { createProgressHub } from "./progress.ts";
import { TOOL_OUTPUT_JSON_SCHEMA } from "./result.ts";
import { TOOLS } from "./tools.ts";

/** Configuration of the MCP endpoint. */
export interface McpConfig {
  /** `MCP_API_KEY`: a shared key whose callers act as `mcp-key:api-key`. */
  apiKey?: string;
  /**
   * `MCP=on`: callers may bring their own GitHub token (identity `github:<login>`), acting only
   * where that token reaches. Default false: only the API key is accepted.
   */
  githubTokens?: boolean;
  /** `GITHUB_API_URL`, where callers' own GitHub tokens are checked. */
  githubApiUrl?: string;
  /** Largest request body accepted. Default 256 KiB. */
  maxBodyBytes?: number;
  /** Longest a call with a progress token waits for its job. Default 10 minutes. */
  maxWaitMs?: number;
}

/** What the endpoint needs beyond the shared surface dependencies. */
export interface McpDeps extends SurfaceDeps {
  /** Lets `ci_status` with a job id return that job's final report. */
  runner?: Pick<JobRunner, "get">;
  /** Per-caller limits, applied to each tool call before the server sees it (HTTP 429). */
  limits?: Limits;
}

/** The mounted endpoint. */
export interface McpEndpoint {
  /** Serve it at `POST /mcp` (GET and DELETE get 405, which MCP clients expect). */
  handler: SurfaceHandler;
  /** Register for surface "mcp": forwards job progress to the call waiting for it. */
  deliver: Deliverer;
}

const SERVER_INFO = { name: "ci-orchestrator", version: "1.0.0" };
const INSTRUCTIONS = "Drive GitHub Actions CI: analyze and optimize workflows, migrate them, " +
  "dispatch test runs across matrices, and compare refs. Tool arguments use the ci-orchestrator " +
  "intent fields (repo as owner/name, workflow as a file name). ci_test and ci_compare with runs " +
  "start a job and return its id; follow it with ci_status.";

const STATUS: Partial<Record<CiError["code"], number>> = {
  unauthorized: 401,
  forbidden: 403,
  too_large: 413,
  rate_limited: 429,
  upstream: 502,
  timeout: 504,
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function refusal(err: CiError, hadToken: boolean): Response {
  const status = STATUS[err.code] ?? 500;
  const challenge = hadToken
    ? 'Bearer realm="ci-orchestrator", error="invalid_token"'
    : 'Bearer realm="ci-orchestrator"';
  return json(
    status,
    {
      error: status >= 500 && status !== 502 && status !== 504 ? "Internal error" : err.message,
      hint: err.hint,
    },
    status === 401
      ? { "www-authenticate": challenge }
      : err.retryAfterSeconds !== undefined
      ? { "retry-after": String(err.retryAfterSeconds) }
      : {},
  );
}

function buildServer(deps: ToolCallDeps, caller: McpCaller): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: {} },
    instructions: INSTRUCTIONS,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      outputSchema: TOOL_OUTPUT_JSON_SCHEMA,
      annotations: t.annotations,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (
    request: CallToolRequest,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ) => {
    const tool = TOOLS.find((t) => t.name === request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `No tool named '${request.params.name}'; tools: ${TOOLS.map((t) => t.name).join(", ")}`,
      );
    }
    const token = request.params._meta?.progressToken;
    const progress = token === undefined ? undefined : async (value: number, message: string) => {
      try {
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken: token, progress: value, message },
        });
      } catch (error) {
        deps.surface.log.debug("progress notification not sent", { error });
      }
    };
    return await callTool(deps, tool, request.params.arguments, {
      caller,
      progress,
      // The SDK aborts this when the client cancels; a client that just vanishes is covered by
      // maxWaitMs (Deno's request.signal also fires on every successful response).
      signal: extra.signal,
    });
  });
  return server;
}

/**
 * Creates the endpoint. Wire it as `app.post("/mcp", (c) => mcp.handler(c.req.raw))` (plus GET
 * and DELETE to the same handler) and `deliverers.set("mcp", mcp.deliver)`.
 *
 * @example
 * ```ts
 * // const mcp = createMcpEndpoint({ ...config.mcp, githubApiUrl: config.github.apiUrl },
 * //   { ...surfaceDepsFrom(deps), runner: deps.runner });
 * // deps.deliverers.set("mcp", mcp.deliver);
 * ```
 */
export function createMcpEndpoint(config: McpConfig, deps: McpDeps): McpEndpoint {
  const maxBodyBytes = config.maxBodyBytes ?? 256 * 1024;
  const hub = createProgressHub();
  const auth = createBearerAuth({
    apiKey: config.apiKey,
    githubTokens: config.githubTokens ?? false,
    githubApiUrl: config.githubApiUrl ?? "https://api.github.com",
    fetch: deps.fetch,
    log: deps.log,
    now: deps.now,
  });
  const callDeps: ToolCallDeps = {
    surface: deps,
    hub,
    jobs: deps.runner,
    maxWaitMs: config.maxWaitMs ?? 10 * 60_000,
  };

  const handler: SurfaceHandler = async (request) => {
    if (request.method !== "POST") {
      // Stateless: no standalone SSE stream (GET) and no session to end (DELETE).
      await request.body?.cancel();
      return json(405, { error: `Method ${request.method} is not allowed on the MCP endpoint` }, {
        allow: "POST",
      });
    }
    const authorization = request.headers.get("authorization");
    let caller: McpCaller;
    try {
      caller = await auth(authorization);
    } catch (error) {
      await request.body?.cancel();
      return refusal(toCiError(error), authorization !== null);
    }
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > maxBodyBytes) {
      await request.body?.cancel();
      return json(413, {
        error: `Request body is ${declared} bytes, larger than the ${maxBodyBytes} allowed`,
      });
    }
    let admitted: Admitted | undefined;
    if (deps.limits) {
      try {
        admitted = await admitMcpRequest(request, caller, deps.limits, maxBodyBytes);
      } catch (error) {
        return refusal(toCiError(error), true);
      }
    }
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      maxRequestBodySize: maxBodyBytes,
    });
    try {
      const server = buildServer(
        admitted ? releasingOnReturn(callDeps, admitted) : callDeps,
        caller,
      );
      await server.connect(transport);
      const response = await transport.handleRequest(admitted?.request ?? request);
      return admitted ? respondAndRelease(response, admitted) : response;
    } catch (error) {
      admitted?.release();
      throw error;
    }
  };
  return { handler, deliver: hub.deliver };
}
