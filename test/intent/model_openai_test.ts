import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { createOpenAICompatibleModel, hostOf } from "../../src/intent/model/openai_compatible.ts";
import { parseWithModel } from "../../src/intent/parse.ts";
import { type LlmFault, startLlmSim } from "../sim/llm.ts";

const TABLE = {
  "zhuzh": { op: "optimize", repo: "acme/app" },
  "anaylze": { op: "analyze", repo: "acme/app" },
};

function setup(options: { timeoutMs?: number; apiKey?: string } = {}) {
  const sim = startLlmSim({ table: TABLE, slowMs: 2_000 });
  const model = createOpenAICompatibleModel({
    url: sim.url,
    apiKey: options.apiKey ?? sim.apiKey,
    model: "openai/gpt-4.1-mini",
    fetch,
    timeoutMs: options.timeoutMs ?? 500,
  });
  return { sim, model };
}

Deno.test("model stage: a phrase nothing reads is answered by the model, sent with the schema", async () => {
  const { sim, model } = setup();
  try {
    const r = await parseWithModel("zhuzh up acme/app", model);
    assert.deepEqual(r, {
      kind: "intent",
      intent: { op: "optimize", repo: "acme/app" },
      source: "model",
      explanation: "language model: optimize repo:acme/app",
    });
    assert.equal(sim.requests.length, 1);
    const [request] = sim.requests;
    assert.equal(request.path, "/v1/chat/completions");
    assert.equal(request.authorization, `Bearer ${sim.apiKey}`);
    assert.equal(request.body.model, "openai/gpt-4.1-mini");
    // Only the system prompt and the user's own text are sent.
    assert.deepEqual(request.body.messages?.map((m) => m.role), ["system", "user"]);
    assert.equal(request.body.messages?.[1].content, "zhuzh up acme/app");
    assert.match(String(request.body.messages?.[0].content), /Never invent repositories/);
    const format = request.body.response_format as {
      type: string;
      json_schema: { strict: boolean; schema: { properties: Record<string, unknown> } };
    };
    assert.equal(format.type, "json_schema");
    assert.equal(format.json_schema.strict, false);
    assert.ok("op" in format.json_schema.schema.properties);
  } finally {
    await sim.close();
  }
});

Deno.test("model stage: the exact grammar and confident readings never reach the model", async () => {
  const { sim, model } = setup();
  try {
    const grammar = await parseWithModel("analyze repo:acme/app", model);
    assert.equal(grammar.kind === "intent" && grammar.source, "grammar");
    const wrongValue = await parseWithModel("test acme/app runs:80", model);
    assert.equal(wrongValue.kind, "unsupported");
    assert.equal(sim.requests.length, 0);
  } finally {
    await sim.close();
  }
});

const FAULTS: Array<[LlmFault, RegExp]> = [
  ["500", /HTTP 500/],
  ["429", /HTTP 429/],
  ["malformed", /did not answer JSON/],
  ["invalid", /'runs' must be ≤ 50: current value is 80/],
  ["slow", /did not answer within 0\.5 s/],
];

for (const [fault, message] of FAULTS) {
  Deno.test(`model stage fault ${fault}: unreadable text stays unsupported, saying why`, async () => {
    const { sim, model } = setup();
    sim.fault = fault;
    try {
      const r = await parseWithModel("zhuzh up acme/app", model);
      assert.equal(r.kind, "unsupported");
      if (r.kind !== "unsupported") return;
      assert.match(r.error, /^Unknown command "zhuzh"/);
      assert.match(r.error, /the language model's answer was not usable either/);
      assert.match(r.error, message);
      assert.equal(sim.requests.length, 1);
    } finally {
      await sim.close();
    }
  });

  Deno.test(`model stage fault ${fault}: a low-confidence reading stands`, async () => {
    const { sim, model } = setup();
    sim.fault = fault;
    try {
      const r = await parseWithModel("anaylze acme/app", model);
      assert.equal(r.kind, "intent");
      if (r.kind !== "intent") return;
      assert.equal(r.source, "natural");
      assert.deepEqual(r.intent, { op: "analyze", repo: "acme/app" });
      assert.ok((r.confidence ?? 1) < 0.7);
    } finally {
      await sim.close();
    }
  });
}

Deno.test("model stage: a wrong key is an upstream error that never shows the key", async () => {
  const { sim, model } = setup({ apiKey: "sk-wrong-key-0123456789" });
  try {
    const error = await model.resolve("zhuzh").then(() => undefined, (e) => e);
    assert.ok(error instanceof CiError);
    assert.equal(error.code, "upstream");
    assert.match(error.message, /HTTP 401/);
    assert.match(error.hint ?? "", /LLM_API_KEY/);
    const everything = JSON.stringify({ m: error.message, h: error.hint, s: error.stack });
    assert.doesNotMatch(everything, /sk-wrong-key/);
    assert.equal(sim.requests[0].authorization, "Bearer sk-wrong-key-0123456789");
  } finally {
    await sim.close();
  }
});

Deno.test("model stage: an unreachable endpoint is an upstream error naming only the host", async () => {
  const model = createOpenAICompatibleModel({
    url: "http://127.0.0.1:9/v1?key=sk-in-url",
    apiKey: "sk-secret",
    model: "m",
    fetch,
  });
  const error = await model.resolve("zhuzh").then(() => undefined, (e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "upstream");
  assert.match(error.message, /^the language model at 127\.0\.0\.1:9 /);
  assert.doesNotMatch(error.message, /sk-/);
  assert.equal(hostOf("https://models.github.ai/inference"), "models.github.ai");
});
