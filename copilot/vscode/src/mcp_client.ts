/**
 * One MCP session with the service's `/mcp` endpoint, through the official SDK client over
 * streamable HTTP with a bearer token. The handler only sees {@linkcode McpSession}, so tests
 * can hand it this real client pointed at a local server.
 *
 * @module
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CiError } from "../../../src/errors.ts";

/** A tool's answer as the MCP spec shapes it (only the parts we read). */
export interface ToolResult {
  content: readonly { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** How a call reports progress and is cancelled. */
export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (
    progress: { progress: number; total?: number; message?: string },
  ) => void;
}

/** An open session: call tools, then close. */
export interface McpSession {
  callTool(
    name: string,
    args: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<ToolResult>;
  close(): Promise<void>;
}

/** Where and as whom to connect. */
export interface ConnectOptions {
  /** The service's base URL; `/mcp` is appended. */
  serviceUrl: string;
  token?: string;
  signal?: AbortSignal;
  /** Outbound HTTP (tests may inject one). */
  fetch?: typeof fetch;
  /** Longest silence between progress notifications, in ms (default 120 s). */
  timeoutMs?: number;
}

/** Opens a session; the handler receives this as a parameter. */
export type Connect = (options: ConnectOptions) => Promise<McpSession>;

/** The extension's version, sent as the MCP client info. */
export const CLIENT_INFO = { name: "ci-orchestrator-vscode", version: "0.1.0" };

/**
 * The `/mcp` URL under a service base URL (with or without a trailing slash or `/mcp`).
 *
 * @example
 * ```ts
 * mcpUrl("https://ci.example.com/"); // "https://ci.example.com/mcp"
 * ```
 */
export function mcpUrl(serviceUrl: string): URL {
  let url: URL;
  try {
    url = new URL(serviceUrl.trim());
  } catch (cause) {
    throw new CiError(
      "config",
      `The service URL is not a URL: current value is '${serviceUrl}'`,
      {
        hint:
          "Set `ciOrchestrator.serviceUrl` to the service's base URL, e.g. https://ci.example.com.",
        cause,
      },
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/mcp") ? path : `${path}/mcp`;
  return url;
}

// The HTTP status the SDK's StreamableHTTPError carries as `code`.
const httpStatus = (error: unknown) =>
  error instanceof Error && "code" in error && typeof error.code === "number"
    ? error.code
    : undefined;

// SDK and network failures → a message and a hint a chat user can act on.
function explain(error: unknown, url: URL): CiError {
  if (error instanceof CiError) return error;
  const status = httpStatus(error);
  if (status === 401 || status === 403) {
    return new CiError(
      "unauthorized",
      `The service at ${url.origin} refused the token`,
      {
        hint: "Run **CI Orchestrator: Set Service Token** with the service's MCP API key " +
          "or a GitHub token.",
        cause: error,
      },
    );
  }
  if (status === 404) {
    return new CiError(
      "not_found",
      `${url.href} has no MCP endpoint (HTTP 404)`,
      {
        hint: "Check `ciOrchestrator.serviceUrl`: it is the service's base URL.",
        cause: error,
      },
    );
  }
  if (error instanceof TypeError) {
    return new CiError(
      "upstream",
      `Cannot reach the service at ${url.origin}: ${error.message}`,
      {
        hint: "Check `ciOrchestrator.serviceUrl` and that the service is running.",
        cause: error,
      },
    );
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new CiError("timeout", "The request was cancelled", {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CiError(
    "upstream",
    `The service's MCP endpoint failed: ${message}`,
    {
      hint: "Try again; if it keeps failing, the service log has the details.",
      cause: error,
    },
  );
}

/**
 * Connects to `{serviceUrl}/mcp` with the SDK client.
 *
 * @example
 * ```ts
 * const session = await connectMcp({ serviceUrl: "http://127.0.0.1:8000", token: "key" });
 * const result = await session.callTool("ci_optimize", { repo: "acme/app" });
 * await session.close();
 * ```
 */
export const connectMcp: Connect = async (options) => {
  const url = mcpUrl(options.serviceUrl);
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: options.token ? { headers: { Authorization: `Bearer ${options.token}` } } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const client = new Client(CLIENT_INFO);
  const timeout = options.timeoutMs ?? 120_000;
  try {
    await client.connect(transport, { signal: options.signal, timeout });
  } catch (error) {
    await client.close().catch(() => {});
    throw explain(error, url);
  }
  return {
    async callTool(name, args, call = {}) {
      try {
        return await client.callTool({ name, arguments: args }, undefined, {
          signal: call.signal,
          timeout,
          resetTimeoutOnProgress: true,
          ...(call.onProgress ? { onprogress: call.onProgress } : {}),
        }) as ToolResult;
      } catch (error) {
        throw explain(error, url);
      }
    },
    async close() {
      // Ends the server's session too; a stateless server answers 405, which is fine.
      await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
};
