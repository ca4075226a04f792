import assert from "node:assert/strict";
import { slashInteraction } from "../../sim/discord.ts";
import { harness } from "./fixtures.ts";

Deno.test("discord model stage: unreadable text is deferred privately, then the model's reading runs", async () => {
  const h = await harness();
  const asked: string[] = [];
  h.deps.resolve = (text) => {
    asked.push(text);
    return Promise.resolve({
      kind: "intent",
      intent: { op: "analyze", repo: "acme/app" },
      source: "model",
      explanation: "language model: analyze repo:acme/app",
    });
  };
  try {
    const body = slashInteraction({ subcommand: "run", options: { text: "zhuzh acme/app" } });
    const res = await h.surface.handler(await h.request(body));
    assert.deepEqual(await res.json(), { type: 5, data: { flags: 64 } });
    await h.settle();
    assert.deepEqual(h.backgroundErrors, []);
    assert.equal(asked.length, 1);
    assert.match(asked[0], /zhuzh acme\/app$/);
    assert.deepEqual(h.executed.map((e) => e.intent), [{ op: "analyze", repo: "acme/app" }]);
  } finally {
    await h.close();
  }
});

Deno.test("discord model stage: a failed model reading is answered as a parse error in @original", async () => {
  const h = await harness();
  h.deps.resolve = () =>
    Promise.resolve({
      kind: "unsupported",
      error:
        'Unknown command "zhuzh"; the language model\'s answer was not usable either: HTTP 500',
      hint: "See help.",
      suggestions: [],
      examples: [],
    });
  try {
    const body = slashInteraction({ subcommand: "run", options: { text: "zhuzh acme/app" } });
    await h.surface.handler(await h.request(body));
    await h.settle();
    assert.deepEqual(h.backgroundErrors, []);
    assert.equal(h.executed.length, 0);
    const edit = await h.sim.waitFor((c) => c.path.endsWith("/messages/@original"));
    assert.match(JSON.stringify(edit.body), /HTTP 500/);
  } finally {
    await h.close();
  }
});
