/**
 * End to end through the MCP SDK's own client: list the tools, analyze a repository in the
 * GitHub simulator, dispatch a test matrix and follow it with progress notifications, and be
 * refused without a valid bearer token.
 */
import assert from "node:assert/strict";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { API_KEY, startMcpEnv, USER_TOKEN } from "./fixtures.ts";
import { markdownText } from "../../../src/report/markdown.ts";

type TextContent = { type: string; text?: string };
interface ListedTool {
  name: string;
  inputSchema: { properties?: Record<string, unknown>; additionalProperties?: boolean };
  annotations?: { readOnlyHint?: boolean };
}
const textOf = (result: { content?: unknown }) =>
  ((result.content ?? []) as TextContent[]).map((c) => c.text ?? "").join("\n");

const MATRIX = { "python-version": ["3.11", "3.12"] };

Deno.test("tools/list names every operation with Intent-field input schemas", async () => {
  await using env = await startMcpEnv();
  const client = await env.connect();
  const tools = (await client.listTools()).tools as ListedTool[];
  assert.deepEqual(tools.map((t) => t.name), [
    "ci_test",
    "ci_compare",
    "ci_migrate",
    "ci_analyze",
    "ci_optimize",
    "ci_status",
    "ci_cancel",
  ]);
  const test = tools.find((t) => t.name === "ci_test")!;
  assert.deepEqual(
    Object.keys(test.inputSchema.properties ?? {}).sort(),
    ["inputs", "matrix", "ref", "repo", "runs", "workflow"],
  );
  assert.equal(test.inputSchema.additionalProperties, false);
  const runs = test.inputSchema.properties?.runs as { maximum?: number; type?: string };
  assert.equal(runs.type, "integer");
  assert.equal(runs.maximum, 50);
  const compare = tools.find((t) => t.name === "ci_compare")!;
  for (const key of ["baseline", "candidate", "runs"]) {
    assert.ok(key in (compare.inputSchema.properties ?? {}), `ci_compare takes ${key}`);
  }
  const migrate = tools.find((t) => t.name === "ci_migrate")!;
  assert.ok("strategy" in (migrate.inputSchema.properties ?? {}));
  assert.equal(tools.find((t) => t.name === "ci_analyze")!.annotations?.readOnlyHint, true);
  assert.equal(test.annotations?.readOnlyHint, false);
  // Tools that can open pull requests, dispatch or cancel must not be called without asking.
  for (const name of ["ci_optimize", "ci_migrate", "ci_compare", "ci_cancel"]) {
    assert.equal(tools.find((t) => t.name === name)!.annotations?.readOnlyHint, false, name);
  }
  const optimize = tools.find((t) => t.name === "ci_optimize")!;
  const apply = optimize.inputSchema.properties?.apply as { oneOf?: unknown[]; anyOf?: unknown[] };
  assert.equal((apply.oneOf ?? apply.anyOf)?.length, 2, "apply is a typed preview|confirm");
});

Deno.test("ci_analyze reports real findings from the simulated repository", async () => {
  await using env = await startMcpEnv();
  const client = await env.connect();
  const result = await client.callTool({ name: "ci_analyze", arguments: { repo: "acme/web" } });
  assert.notEqual(result.isError, true, textOf(result));
  const text = textOf(result);
  assert.match(text, /script-injection/);
  assert.match(text, /triage\.yml:11/);
  // Pedantic advice (missing-timeout) is counted, not listed.
  assert.match(text, /1 pedantic finding hidden/);
  assert.match(text, /https:\/\/ci\.example\.test\/reports\/[\w-]+/);
  const structured = result.structuredContent as { report: { findings: unknown[] } };
  assert.ok(structured.report.findings.length >= 1);
});

Deno.test("ci_test dispatches, streams progress and ends with the final table", async () => {
  await using env = await startMcpEnv();
  const client = await env.connect();
  const progress: Progress[] = [];
  const result = await client.callTool(
    { name: "ci_test", arguments: { repo: "acme/app", workflow: "ci.yml", matrix: MATRIX } },
    undefined,
    {
      onprogress: (p: Progress) => progress.push(p),
      resetTimeoutOnProgress: true,
      timeout: 20_000,
    },
  );
  assert.notEqual(result.isError, true, textOf(result));
  const structured = result.structuredContent as { jobId: string; jobStatus: string };
  assert.match(structured.jobId, /^[\w-]{10,}$/);
  assert.equal(structured.jobStatus, "finished");
  const text = textOf(result);
  assert.match(text, /1 of 2 scenarios passed, 1 failed/);
  assert.match(text, /python-version=3\.12.*failure/);
  assert.ok(progress.length >= 2, `progress notifications: ${JSON.stringify(progress)}`);
  assert.deepEqual(progress.map((p) => p.progress), progress.map((_, i) => i + 1));
  assert.match(progress[0].message ?? "", /ci\.yml/);
  assert.equal(env.github.state.dispatches.length, 2, "one dispatch per scenario");

  const status = await client.callTool({
    name: "ci_status",
    arguments: { target: structured.jobId },
  });
  assert.match(textOf(status), /1 of 2 scenarios passed, 1 failed/);
});

Deno.test("ci_test without a progress token returns the job id at once", async () => {
  await using env = await startMcpEnv();
  const client = await env.connect();
  const result = await client.callTool({
    name: "ci_test",
    arguments: { repo: "acme/app", workflow: "ci.yml", matrix: MATRIX },
  });
  const structured = result.structuredContent as { jobId: string; jobStatus: string };
  assert.equal(structured.jobStatus, "running");
  assert.match(textOf(result), new RegExp(`Job \`${structured.jobId}\` is running`));
  assert.match(textOf(result), /ci_status/);
  await env.service.deps.runner.wait(structured.jobId);
  const status = await client.callTool({ name: "ci_status", arguments: {} });
  assert.match(
    textOf(status),
    // The id is data in a markdown table: an id that starts or ends with `_` is escaped there.
    new RegExp(
      `${RegExp.escape(markdownText(structured.jobId))} +\\| +test +\\| +acme/app +\\| +succeeded`,
    ),
  );
});

Deno.test("a bad argument is an error result naming the argument and its value", async () => {
  await using env = await startMcpEnv();
  const client = await env.connect();
  const result = await client.callTool({
    name: "ci_test",
    arguments: { repo: "acme/app", workflow: "ci.yml", runs: 80 },
  });
  assert.equal(result.isError, true);
  assert.match(textOf(result), /'runs'.*80/);
  const extra = await client.callTool({
    name: "ci_analyze",
    arguments: { repo: "acme/app", runs: 3 },
  });
  assert.equal(extra.isError, true);
  assert.match(textOf(extra), /ci_analyze does not take 'runs'/);
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("a GitHub token acts as its user, whose role the policy decides", async () => {
  await using env = await startMcpEnv();
  const client = await env.connect(USER_TOKEN);
  const analyze = await client.callTool({ name: "ci_analyze", arguments: { repo: "acme/web" } });
  assert.notEqual(analyze.isError, true, textOf(analyze));
  const test = await client.callTool({
    name: "ci_test",
    arguments: { repo: "acme/app", workflow: "ci.yml" },
  });
  assert.equal(test.isError, true);
  assert.match(textOf(test), /forbidden/);
  assert.match(textOf(test), /operator/);
  assert.equal(env.github.state.dispatches.length, 0);
  assert.equal(env.userChecks(), 1, "the token check is cached across requests");
});

Deno.test("a missing or wrong bearer token is refused with 401 before the body is read", async () => {
  await using env = await startMcpEnv();
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  for (const authorization of [undefined, "Bearer wrong-token", `Basic ${btoa(`x:${API_KEY}`)}`]) {
    const res = await fetch(env.url, {
      method: "POST",
      headers: authorization ? { ...headers, authorization } : headers,
      body,
    });
    assert.equal(res.status, 401, `authorization ${authorization}`);
    assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer realm="ci-orchestrator"/);
    const json = await res.json();
    assert.doesNotMatch(JSON.stringify(json), new RegExp(API_KEY));
  }
  await assert.rejects(
    env.connect("wrong-token"),
    (error: { code?: number; message: string }) =>
      error.code === 401 && /neither the MCP API key nor a valid GitHub token/.test(error.message),
  );
  const big = await fetch(env.url, {
    method: "POST",
    headers: { ...headers, authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 2,
      method: "ping",
      params: { pad: "x".repeat(300_000) },
    }),
  });
  assert.equal(big.status, 413);
  assert.match((await big.json()).error, /larger than the 262144 allowed/);
  const get = await fetch(env.url, { headers: { authorization: `Bearer ${API_KEY}` } });
  await get.body?.cancel();
  assert.equal(get.status, 405);
});
