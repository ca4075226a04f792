import assert from "node:assert/strict";
import { copilotBody, readSse, type SseEvent, streamText } from "../../sim/copilot.ts";
import { harness } from "./fixtures.ts";

const data = (e: SseEvent) => JSON.parse(e.data);
interface ToolParameters {
  properties: { op: { enum: string[] } };
  additionalProperties: unknown;
}
const UNREADABLE = "could you make things zoom for us";

Deno.test("a phrase the rules cannot read is resolved by the model, shown, then run", async () => {
  const h = await harness();
  try {
    h.sim.scriptModel({ tool: { op: "optimize" } });
    const events = await readSse(
      await h.agent(h.sim.request(copilotBody({ text: UNREADABLE, repo: "acme/app" }))),
    );
    const text = streamText(events);
    const shown = text.indexOf(
      "Understood as `optimize repo:acme/app` (read by the Copilot model)",
    );
    assert.ok(shown >= 0 && text.indexOf("# ⚠️ optimize acme/app") > shown, text);
    assert.deepEqual(h.executed.map((e) => e.intent), [{ op: "optimize", repo: "acme/app" }]);

    const [call] = h.sim.modelRequests;
    assert.equal(call.authorization, "Bearer gho_octocat_token");
    const tools = call.body.tools as Array<
      { function: { name: string; parameters: ToolParameters } }
    >;
    assert.equal(tools.length, 1);
    assert.equal(tools[0].function.name, "ci_intent");
    assert.ok(tools[0].function.parameters.properties.op.enum.includes("optimize"));
    assert.equal(tools[0].function.parameters.additionalProperties, false);
    const messages = call.body.messages as Array<{ role: string; content: string }>;
    assert.equal(messages.at(-1)?.content, UNREADABLE);
    assert.ok(messages.some((m) => m.role === "system" && m.content.includes("acme/app")));
  } finally {
    await h.close();
  }
});

Deno.test("a model answer that changes state still asks for confirmation", async () => {
  const h = await harness();
  try {
    h.sim.scriptModel({ tool: { op: "test", repo: "acme/app", workflow: "ci.yml" } });
    const events = await readSse(await h.agent(h.sim.request(copilotBody({ text: UNREADABLE }))));
    const c = events.find((e) => e.event === "copilot_confirmation");
    assert.deepEqual(data(c!).confirmation.intent, {
      op: "test",
      repo: "acme/app",
      workflow: "ci.yml",
    });
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

for (
  const [name, answer, expected] of [
    ["invalid JSON arguments", { tool: '{"op": "optimize", repo' }, /not usable either: .*JSON/],
    ["an out-of-range field", { tool: { op: "test", runs: 80 } }, /'runs' must be ≤ 50/],
    ["an unknown field", { tool: { op: "analyze", colour: "red" } }, /not usable either/],
    ["no tool call", { text: "Sure, I can help!" }, /without calling ci_intent/],
    ["an HTTP error", { status: 500 }, /could not be asked \(HTTP 500\)/],
  ] as const
) {
  Deno.test(`a malformed model answer (${name}) is a clear error and runs nothing`, async () => {
    const h = await harness();
    try {
      h.sim.scriptModel(answer);
      const events = await readSse(
        await h.agent(h.sim.request(copilotBody({ text: UNREADABLE, repo: "acme/app" }))),
      );
      const errors = events.filter((e) => e.event === "copilot_errors").flatMap(data);
      assert.equal(errors.length, 1);
      assert.equal(errors[0].code, "unsupported");
      assert.match(errors[0].message, expected);
      assert.match(streamText(events), /I could not read that as a CI request/);
      assert.equal(events.at(-1)?.data, "[DONE]");
      assert.equal(h.executed.length, 0);
      assert.equal(h.sim.modelRequests.length, 1);
    } finally {
      await h.close();
    }
  });
}

Deno.test("text the rules read is never sent to the model", async () => {
  const h = await harness();
  try {
    await readSse(
      await h.agent(h.sim.request(copilotBody({ text: "Why is my CI slow?", repo: "acme/app" }))),
    );
    assert.equal(h.sim.modelRequests.length, 0);
    assert.deepEqual(h.executed.map((e) => e.intent), [{ op: "analyze", repo: "acme/app" }]);
  } finally {
    await h.close();
  }
});
