import assert from "node:assert/strict";
import { loadConfig } from "../src/config.ts";
import { CiError } from "../src/errors.ts";

const LLM = {
  LLM_API_URL: "https://models.github.ai/inference",
  LLM_API_KEY: "github_pat_sekrit_0123456789",
  LLM_MODEL: "openai/gpt-4.1-mini",
};

Deno.test("config llm: off without the variables, with a status line saying what to set", () => {
  const config = loadConfig({});
  assert.equal(config.llm, undefined);
  const status = config.surfaces.find((s) => s.name === "model");
  assert.deepEqual(status, {
    name: "model",
    on: false,
    reason: "set LLM_API_URL, LLM_API_KEY and LLM_MODEL to read unclear requests with a model",
  });
});

Deno.test("config llm: on with all three; the status names model and host, never the key", () => {
  const config = loadConfig(LLM);
  assert.deepEqual(config.llm, {
    url: LLM.LLM_API_URL,
    apiKey: LLM.LLM_API_KEY,
    model: LLM.LLM_MODEL,
  });
  const status = config.surfaces.find((s) => s.name === "model");
  assert.equal(status?.on, true);
  assert.equal(
    status?.reason,
    "unclear requests are read by openai/gpt-4.1-mini at models.github.ai",
  );
  assert.doesNotMatch(JSON.stringify(config.surfaces), /sekrit/);
});

Deno.test("config llm: a partial set stops start-up naming what is missing", () => {
  for (
    const [env, missing] of [
      [{ LLM_API_URL: LLM.LLM_API_URL }, "LLM_API_KEY, LLM_MODEL: missing"],
      [{ LLM_API_KEY: LLM.LLM_API_KEY, LLM_MODEL: LLM.LLM_MODEL }, "LLM_API_URL: missing"],
      [{ ...LLM, LLM_MODEL: "" }, "LLM_MODEL: missing"],
    ] as const
  ) {
    const error = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof CiError, JSON.stringify(env));
    assert.equal(error.code, "config");
    assert.ok(error.message.includes(missing), error.message);
    assert.doesNotMatch(error.message, /sekrit/);
  }
});

Deno.test("config llm: a malformed URL is reported, and a bad key is never echoed", () => {
  assert.throws(
    () => loadConfig({ ...LLM, LLM_API_URL: "models.github.ai" }),
    (e) => e instanceof CiError && /LLM_API_URL/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ ...LLM, LLM_API_KEY: " " }),
    (e) =>
      e instanceof CiError && /LLM_API_KEY: .*\(current value \(hidden\)\)/.test(e.message) &&
      !e.message.includes("sekrit"),
  );
});
