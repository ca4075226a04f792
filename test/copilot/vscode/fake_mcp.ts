/**
 * A tiny MCP server made with the SDK's `McpServer` (streamable HTTP, stateless) for the
 * participant's tests: `ci_optimize` answers like the service (markdown text plus
 * `{ report, reportUrl }`), sends two progress notifications, and records its arguments.
 *
 * @module
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** A running fake. */
export interface FakeMcp extends AsyncDisposable {
  url: string;
  calls: { tool: string; args: Record<string, unknown> }[];
  /** Set to make the next tool call wait until the client aborts. */
  hang: boolean;
}

const ARGS = {
  repo: z.string(),
  workflow: z.string().optional(),
  target: z.string().optional(),
  apply: z.object({ step: z.string(), ids: z.array(z.string()).optional() }).optional(),
};

/** Starts the fake on 127.0.0.1; requests without `Bearer <token>` get 401. */
export function startFakeMcp(token: string): FakeMcp {
  const calls: FakeMcp["calls"] = [];
  const state = { hang: false };
  const build = (url: string) => {
    const server = new McpServer({ name: "fake-ci", version: "1.0.0" });
    server.registerTool("ci_optimize", { inputSchema: ARGS }, async (
      args: { repo: string; workflow?: string; target?: string; apply?: unknown },
      extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
    ) => {
      calls.push({ tool: "ci_optimize", args });
      const progressToken = extra._meta?.progressToken;
      for (
        const [i, message] of ["Reading workflows", "Estimating savings"]
          .entries()
      ) {
        if (progressToken === undefined) continue;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: i + 1, total: 2, message },
        });
      }
      if (state.hang) {
        await new Promise((resolve) => extra.signal.addEventListener("abort", resolve));
      }
      if (args.repo === "acme/missing") {
        return {
          isError: true,
          content: [{
            type: "text",
            text: "Error (not_found): acme/missing was not found",
          }],
        };
      }
      const reportUrl = `${url}/reports/r42`;
      const report = {
        title: `Optimize ${args.repo}`,
        actions: [{
          id: "optimize-apply",
          label: "Apply s1abcd, s2efgh",
          intent: {
            op: "optimize",
            repo: args.repo,
            apply: { step: "preview", ids: ["s1abcd", "s2efgh"] },
          },
        }],
      };
      return {
        content: [{
          type: "text",
          text: `# ⚠️ Optimize ${args.repo}\n\n2 suggestions.\n\n[Full report](${reportUrl})\n`,
        }],
        structuredContent: { report, reportUrl },
      };
    });
    return server;
  };
  const http = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (req) => {
      if (req.headers.get("authorization") !== `Bearer ${token}`) {
        await req.body?.cancel();
        return new Response("unauthorized", { status: 401 });
      }
      const server = build(`http://127.0.0.1:${http.addr.port}`);
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: false,
      });
      await server.connect(transport);
      return transport.handleRequest(req);
    },
  );
  return {
    url: `http://127.0.0.1:${http.addr.port}`,
    calls,
    get hang() {
      return state.hang;
    },
    set hang(value: boolean) {
      state.hang = value;
    },
    [Symbol.asyncDispose]: () => http.shutdown(),
  };
}
