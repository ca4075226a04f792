/**
 * End to end through `/copilot` (issue 15): a state-changing request in plain language streams
 * "Understood as …" and a confirmation, and dispatches nothing on the GitHub simulator; accepting
 * that confirmation dispatches exactly once, and the same signed answer again runs nothing.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  copilotBody,
  readSse,
  type SseEvent,
  startCopilotSim,
  streamText,
} from "../sim/copilot.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

async function startService() {
  // octocat's own token may push to acme/app (the service acts only where that token reaches),
  // and the policy makes octocat an operator there.
  const github = await simWithApp({
    users: { gho_octocat_token: { login: "octocat", repos: { "acme/app": "push" } } },
  });
  const copilot = startCopilotSim();
  // One GitHub API base: keys and users from the Copilot simulator, repositories from GitHub's.
  const front = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const url = new URL(request.url);
    const toCopilot = url.pathname.startsWith("/meta/") || url.pathname === "/user";
    const base = toCopilot ? copilot.url : github.url;
    return fetch(new URL(url.pathname + url.search, base.endsWith("/") ? base : base + "/"), {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  });
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["github:octocat"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    COPILOT_AGENT: "on",
    GITHUB_TOKEN,
    GITHUB_API_URL: `http://127.0.0.1:${front.addr.port}`,
    POLICY_FILE: policyFile,
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 }, maxJobWaitMs: 200 });
  return {
    github,
    /** Sends one signed Copilot turn; resolves with its SSE events. */
    async turn(body: unknown): Promise<SseEvent[]> {
      const request = copilot.request(body);
      const res = await service.app.request("/copilot", {
        method: "POST",
        headers: request.headers,
        body: await request.text(),
      });
      assert.equal(res.status, 200);
      return await readSse(res);
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await front.shutdown();
      await copilot.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const data = (e: SseEvent) => JSON.parse(e.data);
const settle = () => new Promise((r) => setTimeout(r, 500));

Deno.test("e2e copilot: plain language that would dispatch asks first; accepting dispatches once", async () => {
  await using env = await startService();
  const asked = await env.turn(
    copilotBody({
      text: "@ci-orchestrator please run the tests on acme/app with ci.yml branch main",
    }),
  );
  assert.match(
    streamText(asked),
    /Understood as `test repo:acme\/app workflow:ci\.yml ref:main` \(read from plain language/,
  );
  const confirmations = asked.filter((e) => e.event === "copilot_confirmation").map(data);
  assert.equal(confirmations.length, 1, streamText(asked));
  const { id, ...metadata } = confirmations[0].confirmation;
  assert.deepEqual(metadata.intent, {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    ref: "main",
  });
  assert.equal(asked.filter((e) => e.event === "copilot_errors").length, 0);
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched before accepting");

  const accept = copilotBody({ confirmation: { id, state: "accepted", metadata } });
  const ran = await env.turn(accept);
  const text = streamText(ran);
  assert.match(text, /Confirmed: running `test repo:acme\/app workflow:ci\.yml ref:main`/);
  assert.equal(ran.filter((e) => e.event === "copilot_errors").length, 0, text);
  const deadline = Date.now() + 15_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, "main");

  // The same signed answer again (a replay) dispatches nothing more.
  const replayed = await env.turn(accept);
  const errors = replayed.filter((e) => e.event === "copilot_errors").flatMap(data);
  assert.equal(errors[0]?.code, "forbidden");
  await settle();
  assert.equal(env.github.state.dispatches.length, 1);
});

Deno.test("e2e copilot: a dismissed plain-language request dispatches nothing", async () => {
  await using env = await startService();
  const asked = await env.turn(
    copilotBody({ text: "please run the tests on acme/app with ci.yml branch main" }),
  );
  const { id, ...metadata } = asked.filter((e) => e.event === "copilot_confirmation")
    .map(data)[0].confirmation;
  const dismissed = await env.turn(
    copilotBody({ confirmation: { id, state: "dismissed", metadata } }),
  );
  assert.match(streamText(dismissed), /Cancelled: nothing was run/);
  await settle();
  assert.equal(env.github.state.dispatches.length, 0);
});
