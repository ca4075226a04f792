/**
 * From a terminal: `cli run "test …"` and `cli run "compare … runs:N"` dispatch on a
 * GitHub-compatible server (the simulator), wait for the runs and print the final report.
 */
import assert from "node:assert/strict";
import { type CliIO, runCli } from "../../src/cli.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

function io(env: Record<string, string>): CliIO & { stdout: string[]; stderr: string[] } {
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

Deno.test("cli run test: one run per matrix value, real conclusions and durations", async () => {
  await using sim = await simWithApp();
  const out = io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN });
  const code = await runCli(
    ["run", "test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12"],
    out,
  );
  const md = out.stdout.join("\n");
  assert.equal(code, 0, out.stderr.join("\n"));
  assert.match(md, /# ❌ Test ci\.yml on acme\/app@main/);
  assert.match(md, /1 of 2 scenarios passed, 1 failed/);
  assert.match(md, /\| python-version=3\.11 \| ✅ success \| 8\.0s \| [45]m \d{1,2}s \| 1 \| — \|/);
  assert.match(
    md,
    /\| python-version=3\.12 \| ❌ failure \| 8\.0s \| [45]m \d{1,2}s \| 1 \| test › pytest \|/,
  );
  assert.match(md, /FAILED tests\/test_api\.py::test_dates/, "the failed job's log tail");
  const dispatched = sim.state.dispatches.map((d) => d.inputs["python-version"]).sort();
  assert.deepEqual(dispatched, ["3.11", "3.12"], "exactly one dispatch per scenario");
  assert.ok(out.stderr.some((l) => /scenarios finished/.test(l)), "progress on stderr");
});

Deno.test("cli run test: undeclared and mistyped inputs are refused before any dispatch", async () => {
  await using sim = await simWithApp();
  const out = io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN });
  const code = await runCli(
    ["run", "test repo:acme/app workflow:ci.yml inputs:debug=yes,pyhton-version=3.11"],
    out,
  );
  assert.equal(code, 1);
  const err = out.stderr.join("\n");
  assert.match(err, /'debug' must be true or false: current value is 'yes'/);
  assert.match(err, /pyhton-version/);
  assert.match(err, /python-version/, "did you mean");
  assert.equal(sim.state.dispatches.length, 0);
});

Deno.test("cli run compare runs:10: 20% faster is 'faster' with a CI excluding 0; identical is not", async () => {
  await using sim = await simWithApp();
  const env = { GITHUB_API_URL: sim.url, GITHUB_TOKEN };
  const faster = io(env);
  const same = io(env);
  // Two CLI processes' worth of work side by side: each has its own client and write pacing.
  // Both dispatch ci.yml, so which noise value a run gets depends on timing: assert a range.
  const codes = await Promise.all([
    runCli([
      "run",
      "compare repo:acme/app baseline:ci.yml candidate:ci-fast.yml runs:10 inputs:python-version=3.11",
    ], faster),
    runCli([
      "run",
      "compare repo:acme/app baseline:ci.yml candidate:ci-same.yml runs:10 inputs:python-version=3.11",
    ], same),
  ]);
  assert.deepEqual(codes, [0, 0], faster.stderr.concat(same.stderr).join("\n"));
  assert.equal(sim.state.dispatches.length, 40);

  const fast = faster.stdout.join("\n");
  assert.match(fast, /ci-fast\.yml is (1[5-9]|2[0-5])% faster than ci\.yml/);
  const ci = /95% CI:\*\* (−[^ ]+(?: \d+s)?) to (−[^ ]+(?: \d+s)?)\n/.exec(fast);
  assert.ok(ci, `an interval with both ends below 0 in:\n${fast}`);
  assert.doesNotMatch(fast, /at least 9 per side/, "10 runs per side is enough");

  const neutral = same.stdout.join("\n");
  assert.match(neutral, /no significant difference/i);
});
