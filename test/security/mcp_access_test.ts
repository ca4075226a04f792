/**
 * Issue 12, item 2 (confused deputy) through `POST /mcp` of the real service: a GitHub account
 * must not borrow the service's own GITHUB_TOKEN to read or change what it cannot see itself.
 */
import assert from "node:assert/strict";
import { MCP_KEY, startSecurityEnv, toolText } from "./identity_fixtures.ts";

const CALL_ANALYZE_SECRET = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "ci_analyze", arguments: { repo: "acme/secret" } },
});
const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

Deno.test("default environment: /mcp is off, a stranger's token reads nothing", async () => {
  await using env = await startSecurityEnv();
  const res = await fetch(`${env.url}/mcp`, {
    method: "POST",
    headers: { ...MCP_HEADERS, authorization: "Bearer gho_stranger" },
    body: CALL_ANALYZE_SECRET,
  });
  const body = await res.text();
  assert.equal(res.status, 404, body);
  assert.match(body, /The MCP endpoint is off: set MCP=on or MCP_API_KEY/);
  assert.equal(env.serviceReads("acme/secret"), 0);
  assert.doesNotMatch(body, /ci\.yml/);
});

Deno.test("MCP=on: a private repository the caller's token cannot see stays hidden", async () => {
  await using env = await startSecurityEnv({ MCP: "on" });
  const client = await env.mcp("gho_stranger");
  const secret = await client.callTool({ name: "ci_analyze", arguments: { repo: "acme/secret" } });
  assert.equal(secret.isError, true, toolText(secret));
  assert.match(toolText(secret), /not found or not visible to your GitHub account/);
  const missing = await client.callTool({
    name: "ci_analyze",
    arguments: { repo: "acme/nothing" },
  });
  assert.equal(
    toolText(missing).replace("acme/nothing", "X"),
    toolText(secret).replace("acme/secret", "X"),
    "a hidden repository and a missing one get the same answer",
  );
  const test = await client.callTool({
    name: "ci_test",
    arguments: { repo: "acme/secret", workflow: "ci.yml" },
  });
  assert.equal(test.isError, true);
  assert.equal(env.serviceReads("acme/secret"), 0, "the service token never touched it");
  assert.equal(env.github.state.dispatches.length, 0);

  // A collaborator's own token can see it, so the service reads it for them.
  const reader = await env.mcp("gho_reader");
  const ok = await reader.callTool({ name: "ci_analyze", arguments: { repo: "acme/secret" } });
  assert.notEqual(ok.isError, true, toolText(ok));
  assert.ok(env.serviceReads("acme/secret") > 0);
});

Deno.test("MCP=on: without push nobody dispatches, even where `everyone` is operator", async () => {
  const policy = `grants:\n  - repos: ["*/*"]\n    role: operator\n    everyone: true\n` +
    `  - repos: ["acme/secret"]\n    role: operator\n    users: ["github:pusher"]\n`;
  await using env = await startSecurityEnv({ MCP: "on" }, policy);
  const args = { repo: "acme/secret", workflow: "ci.yml" };
  const reader = await env.mcp("gho_reader");
  const refused = await reader.callTool({ name: "ci_test", arguments: args });
  assert.equal(refused.isError, true, toolText(refused));
  assert.match(toolText(refused), /github:reader/);
  const cancel = await reader.callTool({ name: "ci_cancel", arguments: { repo: "acme/secret" } });
  assert.equal(cancel.isError, true);
  assert.equal(env.github.state.dispatches.length, 0);

  // Named in the policy and able to push: allowed.
  const pusher = await env.mcp("gho_pusher");
  const allowed = await pusher.callTool({ name: "ci_test", arguments: args });
  assert.notEqual(allowed.isError, true, toolText(allowed));
  for (let i = 0; i < 100 && env.github.state.dispatches.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(env.github.state.dispatches[0]?.repo, "acme/secret", "the job dispatched");
});

Deno.test("MCP=on: push access alone does not grant a role the policy does not give", async () => {
  await using env = await startSecurityEnv({ MCP: "on" });
  const pusher = await env.mcp("gho_pusher");
  const test = await pusher.callTool({
    name: "ci_test",
    arguments: { repo: "acme/secret", workflow: "ci.yml" },
  });
  assert.equal(test.isError, true, toolText(test));
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("MCP_API_KEY alone admits the key, not GitHub tokens", async () => {
  await using env = await startSecurityEnv({ MCP_API_KEY: MCP_KEY });
  const res = await fetch(`${env.url}/mcp`, {
    method: "POST",
    headers: { ...MCP_HEADERS, authorization: "Bearer gho_pusher" },
    body: CALL_ANALYZE_SECRET,
  });
  const body = await res.text();
  assert.equal(res.status, 401, body);
  assert.match(body, /MCP=on/);
  assert.equal(env.serviceReads("acme/secret"), 0);
  assert.equal(env.github.requests.filter((r) => r.path === "/user").length, 0, "GitHub not asked");

  const client = await env.mcp(MCP_KEY);
  const ok = await client.callTool({ name: "ci_analyze", arguments: { repo: "acme/app" } });
  assert.notEqual(ok.isError, true, toolText(ok));
});

Deno.test("MCP=on with linked accounts on: GitHub decides, with the same words as in chat", async () => {
  await using env = await startSecurityEnv({
    MCP: "on",
    GITHUB_CLIENT_ID: "Iv1.mcp-authority",
    SECRET_KEY: "mcp-authority-secret-key-of-32-chars!",
  });
  const args = { repo: "acme/secret", workflow: "ci.yml" };
  const reader = await env.mcp("gho_reader");
  const refused = await reader.callTool({ name: "ci_test", arguments: args });
  assert.equal(refused.isError, true, toolText(refused));
  assert.match(toolText(refused), /`test` needs write on acme\/secret \(you have read\)/);
  assert.equal(env.github.state.dispatches.length, 0);

  // Push access is write: with GitHub as the authority, no policy grant is needed.
  const pusher = await env.mcp("gho_pusher");
  const allowed = await pusher.callTool({ name: "ci_test", arguments: args });
  assert.notEqual(allowed.isError, true, toolText(allowed));
  for (let i = 0; i < 100 && env.github.state.dispatches.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(env.github.state.dispatches[0]?.repo, "acme/secret", "the job dispatched");
});
