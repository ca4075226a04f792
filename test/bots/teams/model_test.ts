/**
 * The model stage on Teams: text the rules cannot read gets a "Reading your request" card at
 * once; the model's reading then runs (as understood) into that card, or a failed reading is
 * shown there as a parse error.
 */
import assert from "node:assert/strict";
import type { ParseResult } from "../../../src/intent/schema.ts";
import { messageActivity } from "../../sim/botconnector.ts";
import { activityRequest, harness } from "./fixtures.ts";

const cardText = (activity: { attachments?: Array<{ content?: unknown }> }) =>
  JSON.stringify(activity.attachments?.[0]?.content);

async function send(answer: ParseResult) {
  const h = await harness();
  const asked: string[] = [];
  h.deps.resolve = (text) => {
    asked.push(text);
    return Promise.resolve(answer);
  };
  const message = messageActivity(h.sim.serviceUrl, "zhuzh acme/app", { mention: true });
  const response = await h.teams.handler(activityRequest(message, await h.sim.token()));
  assert.equal(response.status, 200);
  await response.body?.cancel();
  await h.settle();
  assert.equal(h.backgroundErrors.length, 0, String(h.backgroundErrors[0]));
  return { h, asked };
}

Deno.test("teams model stage: the model's reading runs as understood into the Reading card", async () => {
  const { h, asked } = await send({
    kind: "intent",
    intent: { op: "analyze", repo: "acme/app" },
    source: "model",
    explanation: "language model: analyze repo:acme/app",
  });
  try {
    assert.deepEqual(asked, ["zhuzh acme/app"]);
    assert.deepEqual(h.executed.map((e) => e.intent), [{ op: "analyze", repo: "acme/app" }]);
    assert.equal(h.executed[0].options?.understood?.source, "model");
    const [reply, update] = h.sim.calls;
    assert.match(cardText(reply.activity), /Reading your request/);
    assert.ok(update, "the Reading card is updated with the result");
  } finally {
    await h.close();
  }
});

Deno.test("teams model stage: a failed reading is a parse error in the Reading card; nothing runs", async () => {
  const { h } = await send({
    kind: "unsupported",
    error: 'Unknown command "zhuzh"; the language model\'s answer was not usable either: HTTP 429',
    hint: "Try again in a minute.",
    suggestions: [],
    examples: [],
  });
  try {
    assert.equal(h.executed.length, 0);
    assert.match(cardText(h.sim.calls.at(-1)!.activity), /HTTP 429/);
  } finally {
    await h.close();
  }
});
