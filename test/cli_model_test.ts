import assert from "node:assert/strict";
import { type CliIO, EXIT_NEEDS_YES, runCli } from "../src/cli.ts";
import { startLlmSim } from "./sim/llm.ts";

function memoryIO(env: Record<string, string>): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    readStdin: async function* () {},
    env,
  };
}

const startSim = () =>
  startLlmSim({ table: { zhuzh: { op: "test", repo: "acme/app", workflow: "ci.yml" } } });
const envOf = (sim: { url: string; apiKey: string }) => ({
  LLM_API_URL: sim.url,
  LLM_API_KEY: sim.apiKey,
  LLM_MODEL: "openai/gpt-4.1-mini",
});

Deno.test("cli model: parse asks the model only for text the rules cannot read", async () => {
  const sim = startSim();
  try {
    const io = memoryIO(envOf(sim));
    assert.equal(await runCli(["parse", "zhuzh acme/app"], io), 0);
    assert.deepEqual(JSON.parse(io.stdout[0]), {
      op: "test",
      repo: "acme/app",
      workflow: "ci.yml",
    });
    assert.equal(await runCli(["parse", "analyze repo:acme/app"], io), 0);
    assert.equal(sim.requests.length, 1);
  } finally {
    await sim.close();
  }
});

Deno.test("cli model: a state-changing model reading is only shown; --yes is still needed", async () => {
  const sim = startSim();
  const dir = await Deno.makeTempDir();
  try {
    const io = memoryIO(envOf(sim));
    const code = await runCli(["run", "zhuzh acme/app", "--dir", dir], io);
    assert.equal(code, EXIT_NEEDS_YES, io.stderr.join("\n"));
    assert.match(io.stdout.join("\n"), /Understood as/);
    assert.match(io.stdout.join("\n"), /by a language model/);
    assert.match(io.stderr.join("\n"), /add --yes/);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli model: a partial LLM_* set is an error naming the missing variable", async () => {
  const io = memoryIO({ LLM_API_URL: "http://127.0.0.1:9/v1" });
  assert.equal(await runCli(["parse", "zhuzh acme/app"], io), 1);
  assert.match(io.stderr.join("\n"), /LLM_API_KEY, LLM_MODEL: missing/);
});
