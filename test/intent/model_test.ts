import assert from "node:assert/strict";
import { type IntentModel, parseWithModel } from "../../src/intent/parse.ts";

function model(answer: unknown, calls: string[]): IntentModel {
  return {
    resolve(text) {
      calls.push(text);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

Deno.test("the model is not asked when the rules understand the text", async () => {
  const calls: string[] = [];
  const r = await parseWithModel("analyze acme/app", model({ op: "test" }, calls));
  assert.deepEqual(r, {
    kind: "intent",
    intent: { op: "analyze", repo: "acme/app" },
    source: "grammar",
    explanation: "command: analyze repo:acme/app",
    confidence: 1,
  });
  assert.deepEqual(calls, []);
});

Deno.test("the model is not asked when a value was wrong: the user must fix it", async () => {
  const calls: string[] = [];
  const r = await parseWithModel("test acme/app runs:80", model({ op: "test" }, calls));
  assert.equal(r.kind, "unsupported");
  assert.deepEqual(calls, []);
});

Deno.test("unreadable text goes to the model; its answer is validated", async () => {
  const calls: string[] = [];
  const r = await parseWithModel(
    "zhuzh up acme/app",
    model('{"op":"optimize","repo":"acme/app"}', calls),
  );
  assert.deepEqual(r, {
    kind: "intent",
    intent: { op: "optimize", repo: "acme/app" },
    source: "model",
    explanation: "language model: optimize repo:acme/app",
  });
  assert.deepEqual(calls, ["zhuzh up acme/app"]);
  const object = await parseWithModel("zhuzh", model({ op: "status" }, []));
  assert.equal(object.kind === "intent" && object.source, "model");
});

Deno.test("malformed or failing model answers become unsupported with a clear error", async () => {
  const cases: [unknown, RegExp][] = [
    [{ op: "test", runs: 80 }, /'runs' must be ≤ 50: current value is 80/],
    ["not json", /not usable either: .*JSON/],
    [{ op: "deploy" }, /'op' must be one of/],
    [new Error("model offline"), /not usable either: model offline/],
    [null, /not usable either/],
  ];
  for (const [answer, error] of cases) {
    const r = await parseWithModel("zhuzh up acme/app", model(answer, []));
    assert.equal(r.kind, "unsupported");
    if (r.kind === "unsupported") {
      assert.match(r.error, error);
      assert.match(r.error, /^Unknown command "zhuzh"/);
      assert.equal(r.examples.length, 2);
    }
  }
});
