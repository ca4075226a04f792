/**
 * `deno task demo` in process on port 0: analyze over MCP names the seeded regression and says
 * it is a demo; a dispatched `test` of a demo workflow finishes within seconds; a Slack slash
 * command signed with the demo's secret is answered, as a demo, at its response_url.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { DEMO_SECRETS, startDemo } from "../../demo/start.ts";
import { memoryLogger } from "../../src/log.ts";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";

const textOf = (result: { content?: unknown }) =>
  (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? "").join("\n");

async function mcpClient(url: string): Promise<Client> {
  const client = new Client({ name: "demo-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${DEMO_SECRETS.mcpApiKey}` } },
  });
  await client.connect(transport);
  return client;
}

Deno.test("demo: analyze over MCP names the seeded regression and says Demo", async () => {
  await using demo = await startDemo({ port: 0, log: memoryLogger() });
  const client = await mcpClient(demo.url);
  try {
    const result = await client.callTool({
      name: "ci_analyze",
      arguments: { repo: "demo/express" },
    });
    const text = textOf(result);
    assert.notEqual(result.isError, true, text);
    assert.match(text, /^# \S* *Demo: Analyze demo\/express$/m, text);
    assert.match(text, /ci\.yml is \d+% slower since run #(39|40|41)/, text);
    assert.match(text, /Job integration in ci\.yml is flaky/, text);
    // The report page says it too.
    const id = /\/reports\/([\w-]+)/.exec(text)?.[1];
    assert.ok(id, text);
    const page = await (await fetch(`${demo.url}/reports/${id}`)).text();
    assert.match(page, /Demo: /);
  } finally {
    await client.close();
  }
});

Deno.test("demo: a dispatched test of a demo workflow finishes within seconds", async () => {
  await using demo = await startDemo({ port: 0, log: memoryLogger() });
  const client = await mcpClient(demo.url);
  try {
    const started = performance.now();
    const result = await client.callTool(
      { name: "ci_test", arguments: { repo: "demo/pytest", workflow: "test.yml" } },
      undefined,
      { onprogress: () => {}, resetTimeoutOnProgress: true, timeout: 30_000 },
    );
    const seconds = (performance.now() - started) / 1000;
    const text = textOf(result);
    assert.notEqual(result.isError, true, text);
    const structured = result.structuredContent as { jobStatus: string };
    assert.equal(structured.jobStatus, "finished", text);
    assert.match(text, /^# \S* *Demo: Test test\.yml on demo\/pytest@main$/m, text);
    assert.match(text, /1 of 1 scenarios passed/, text);
    assert.equal(demo.sim.state.dispatches.length, 1);
    assert.ok(seconds < 15, `the test job took ${seconds.toFixed(1)} s`);
    console.log(`demo test dispatch finished in ${seconds.toFixed(1)} s`);
  } finally {
    await client.close();
  }
});

Deno.test("demo: a signed Slack slash command is answered as a demo", async () => {
  await using demo = await startDemo({ port: 0, log: memoryLogger() });
  const slack = await startSlackSim();
  try {
    const body = slashCommandBody({
      command: "/ci-test",
      text: "analyze repo:demo/requests",
      response_url: slack.responseUrl("demo"),
    });
    const headers = await signSlackRequest(
      DEMO_SECRETS.slackSigningSecret,
      body,
      Math.floor(Date.now() / 1000),
    );
    headers.set("content-type", "application/x-www-form-urlencoded");
    const ack = await fetch(`${demo.url}/slack/events`, { method: "POST", headers, body });
    assert.equal(ack.status, 200);
    await ack.body?.cancel();
    const reply = await slack.waitFor((c) => c.method === "response_url", 20_000);
    const blocks = reply.body.blocks as Array<{ type: string; text?: { text: string } }>;
    assert.equal(blocks[0].type, "header");
    assert.match(blocks[0].text?.text ?? "", /^Demo: /);
    assert.match(JSON.stringify(blocks), /run-tests\.yml/);
  } finally {
    await slack.close();
  }
});
