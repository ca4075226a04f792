/**
 * End to end in Slack with the model stage on (issue 15, Build 1c): text the rules cannot read
 * goes to the (simulated) model after the ack; its state-changing reading is shown back,
 * saying it was read by a language model, and runs only when Run is pressed. The exact
 * grammar never reaches the model.
 */
import assert from "node:assert/strict";
import { startLlmSim } from "../sim/llm.ts";
import { buttonsOf, OPERATOR, shown as text, startSlackService } from "./slack_service.ts";

const startService = async () => {
  const llm = startLlmSim({
    table: {
      zhuzh: { op: "test", repo: "acme/app", workflow: "ci.yml", ref: "main" },
      blorf: { op: "analyze", repo: "acme/app" },
    },
  });
  const env = await startSlackService({
    policy:
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n`,
    env: { LLM_API_URL: llm.url, LLM_API_KEY: llm.apiKey, LLM_MODEL: "openai/gpt-4.1-mini" },
  });
  return {
    env,
    llm,
    async [Symbol.asyncDispose]() {
      await env[Symbol.asyncDispose]();
      await llm.close();
    },
  };
};

const settle = () => new Promise((r) => setTimeout(r, 500));

Deno.test("e2e slack model: unreadable text → the model's test is shown with Run; Run dispatches once", async () => {
  await using s = await startService();
  const { env, llm } = s;
  const ack = await env.command("zhuzh the acme thing please");
  assert.equal(ack.status, 200);
  assert.match(ack.text, /Reading your request/);
  assert.doesNotMatch(ack.text, /Unknown command/);

  const shown = await env.slack.waitFor((c) => /Understood as/.test(text(c.body)), 10_000);
  assert.match(text(shown.body), /by a language model/);
  assert.match(text(shown.body), /test repo:acme\/app workflow:ci\.yml ref:main/);
  assert.equal(llm.requests.length, 1);
  assert.equal(
    llm.requests[0].body.messages?.at(-1)?.content,
    "/ci-test zhuzh the acme thing please",
  );
  assert.doesNotMatch(JSON.stringify(llm.requests[0].body), /xox|ghp_|gho_/);
  const run = buttonsOf(shown.body).find((b) => b.text?.text === "Run");
  assert.ok(run?.value, "a Run button");
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched before Run");

  assert.equal((await env.click(run.value, String(shown.body.ts ?? ""))).status, 200);
  const deadline = Date.now() + 20_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, "main");
  assert.equal(llm.requests.length, 1, "Run does not ask the model again");
  assert.doesNotMatch(JSON.stringify(env.log.entries), new RegExp(llm.apiKey));
});

Deno.test("e2e slack model: the exact grammar never reaches the model", async () => {
  await using s = await startService();
  const { env, llm } = s;
  const ack = await env.command("test repo:acme/app workflow:ci.yml");
  assert.match(ack.text, /Running/);
  const deadline = Date.now() + 10_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(env.github.state.dispatches.length, 1);
  assert.equal(llm.requests.length, 0);
});

Deno.test("e2e slack model: a model that fails leaves the reader's answer, in private", async () => {
  await using s = await startService();
  const { env, llm } = s;
  llm.fault = "500";
  const ack = await env.command("zhuzh the acme thing please");
  assert.match(ack.text, /Reading your request/);
  const answer = await env.slack.waitFor((c) => /Did not understand/.test(text(c.body)), 10_000);
  assert.match(text(answer.body), /HTTP 500/);
  // Through the command's response_url, whose messages are private unless marked in_channel.
  assert.equal(answer.method, "response_url");
  assert.notEqual(answer.body.response_type, "in_channel");
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("e2e slack model: a read-only model reading is shown too, saying a model read it", async () => {
  await using s = await startService();
  const { env, llm } = s;
  await env.mention("blorf acme/app");
  const shown = await env.slack.waitFor((c) => /Understood as/.test(text(c.body)), 10_000);
  assert.match(text(shown.body), /analyze repo:acme\/app/);
  assert.match(text(shown.body), /by a language model/);
  assert.equal(llm.requests.length, 1);
  assert.equal(llm.requests[0].body.messages?.at(-1)?.content, "blorf acme/app");
});
