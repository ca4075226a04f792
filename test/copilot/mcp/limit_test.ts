import assert from "node:assert/strict";
import { admitMcpRequest, releasingOnReturn } from "../../../copilot/mcp/limit.ts";
import type { ToolCallDeps } from "../../../copilot/mcp/call.ts";
import { CiError } from "../../../src/errors.ts";
import { createLimits } from "../../../src/limits/mod.ts";
import type { Report } from "../../../src/report/model.ts";
import type { SurfaceDeps } from "../../../src/surface.ts";

const caller = { userId: "api-key", via: "mcp-key" as const };

function post(body: unknown): Request {
  return new Request("http://localhost/mcp", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const call = (name: string, id = 1) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: { repo: "acme/app" } },
});

Deno.test("mcp limit: heavy tool calls hold a slot; protocol messages and cheap tools do not", async () => {
  const limits = createLimits({ perMinute: 60, burst: 100, inFlight: 1 }, () => new Date(0));
  const listed = await admitMcpRequest(
    post({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    caller,
    limits,
    1024,
  );
  assert.equal(limits.inFlight(), 0);
  assert.deepEqual(await listed.request.json(), { jsonrpc: "2.0", id: 1, method: "tools/list" });
  await admitMcpRequest(post(call("ci_help")), caller, limits, 1024);
  assert.equal(limits.inFlight(), 0);

  const analyze = await admitMcpRequest(post(call("ci_analyze")), caller, limits, 1024);
  assert.equal(limits.inFlight(), 1);
  assert.equal(
    (await analyze.request.json()).params.name,
    "ci_analyze",
    "the body reaches the transport",
  );
  await assert.rejects(
    admitMcpRequest(post(call("ci_analyze")), caller, limits, 1024),
    (error: CiError) => error.code === "rate_limited" && error.retryAfterSeconds === 5,
  );
  // A batch is admitted as a whole or not at all.
  analyze.release();
  await assert.rejects(
    admitMcpRequest(post([call("ci_analyze", 1), call("ci_optimize", 2)]), caller, limits, 1024),
  );
  assert.equal(limits.inFlight(), 0);
});

Deno.test("mcp limit: a too large body is refused before anything is admitted", async () => {
  const limits = createLimits({ perMinute: 60, burst: 100, inFlight: 3 }, () => new Date(0));
  await assert.rejects(
    admitMcpRequest(
      post({ padding: "x".repeat(2048), ...call("ci_analyze") }),
      caller,
      limits,
      1024,
    ),
    (error: CiError) => error.code === "too_large",
  );
  assert.equal(limits.inFlight(), 0);
});

Deno.test("mcp limit: the slot is given back when execute returns (a job's submission)", async () => {
  const limits = createLimits({ perMinute: 60, burst: 100, inFlight: 3 }, () => new Date(0));
  const admitted = await admitMcpRequest(post(call("ci_test")), caller, limits, 1024);
  assert.equal(limits.inFlight(), 1);
  const surface = {
    execute: () => Promise.resolve({ title: "Job started" } as Report),
  } as unknown as SurfaceDeps;
  const deps = releasingOnReturn(
    { surface, hub: {}, maxWaitMs: 1 } as unknown as ToolCallDeps,
    admitted,
  );
  const meta = { surface: "mcp" as const, requestId: "r1", userId: "api-key" };
  assert.equal(
    (await deps.surface.execute({ op: "test", repo: "acme/app" }, meta)).title,
    "Job started",
  );
  assert.equal(limits.inFlight(), 0, "free while the call goes on following the job");
  admitted.release();
  assert.equal(limits.inFlight(), 0);
});
