import assert from "node:assert/strict";
import { type CliIO, runCli } from "../src/cli.ts";
import { gateExitCode, githubAnnotations } from "../src/cli_analyze.ts";

function memoryIO(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    readStdin: async function* () {},
    env: {},
  };
}

// One warning (missing-timeout) and one error (deprecated-runner) finding.
const WORKFLOW = [
  "on: push",
  "permissions: {}",
  "concurrency: { group: ci, cancel-in-progress: true }",
  "jobs:",
  "  build:",
  "    runs-on: ubuntu-18.04",
  "    steps:",
  "      - run: make",
  "",
].join("\n");

async function withRepo(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "cli-analyze-" });
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${path.slice(0, path.lastIndexOf("/") + 1)}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function cli(...args: string[]) {
  const io = memoryIO();
  const code = await runCli(["run", "analyze", ...args], io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

Deno.test("exit codes: 1 with findings at or above --fail-on, 0 below it, 0 with none", async () => {
  await withRepo({ ".github/workflows/ci.yml": WORKFLOW }, async (dir) => {
    const failing = await cli("--dir", dir);
    assert.equal(failing.code, 1, failing.err);
    assert.match(failing.out, /deprecated-runner/);
    assert.match(failing.err, /Failing: findings at or above 'error' remain \(exit 1\)/);
    assert.equal((await cli("--dir", dir, "--fail-on", "none")).code, 0);
    assert.equal((await cli("--dir", dir, "--fail-on=warning")).code, 1);

    // Turning the error off in the settings leaves a warning: passes the default gate only.
    await Deno.writeTextFile(
      `${dir}/.github/ci-orchestrator.yml`,
      "analyze:\n  level: pedantic\n  rules:\n    deprecated-runner: off\n",
    );
    const passing = await cli("--dir", dir);
    assert.equal(passing.code, 0, passing.err);
    assert.match(passing.out, /1 finding suppressed by config/);
    assert.equal((await cli("--dir", dir, "--fail-on", "warning")).code, 1);
    assert.equal((await cli("--dir", dir, "--fail-on", "notice")).code, 1);
  });
});

Deno.test("exit 2: bad flags, no workflows, a missing directory, a wrong configuration", async () => {
  await withRepo({ ".github/workflows/ci.yml": WORKFLOW }, async (dir) => {
    const bad = await cli("--dir", dir, "--fail-on", "sometimes");
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--fail-on 'sometimes' is not one of error, warning, notice, none/);
    assert.equal((await cli("--dir", dir, "--format", "xml")).code, 2);
    assert.equal((await cli("--dir", dir, "--format")).code, 2);
    assert.equal((await cli("--dir", dir, "--rules-url", "docs/rules.md")).code, 2);
    await Deno.writeTextFile(`${dir}/.github/ci-orchestrator.yml`, "analyze:\n  levels: x\n");
    const config = await cli("--dir", dir);
    assert.equal(config.code, 2);
    assert.match(config.err, /levels/);
  });
  await withRepo(
    { "Jenkinsfile": "pipeline {}\n", ".github/FUNDING.yml": "x: 1\n" },
    async (dir) => {
      const none = await cli("--dir", dir);
      assert.equal(none.code, 2);
      assert.doesNotMatch(none.out, /every rule passed/);
      assert.match(none.err, /only Jenkins \(Jenkinsfile\)/);
      assert.match(none.err, /migrate/);
    },
  );
  assert.equal((await cli("--dir", "/definitely/not/here")).code, 2);
  const io = memoryIO();
  assert.equal(await runCli(["run", "status", "--format", "sarif"], io), 2, "analyze only");
  assert.match(io.stderr.join("\n"), /apply to analyze only/);
});

Deno.test("--format sarif, json and github print what their readers expect", async () => {
  await withRepo({ ".github/workflows/ci.yml": WORKFLOW }, async (dir) => {
    const sarif = await cli("--dir", `${dir}/.github`, "--format", "sarif", "--fail-on", "none");
    assert.equal(sarif.code, 0);
    const log = JSON.parse(sarif.out);
    assert.equal(log.version, "2.1.0");
    const result = log.runs[0].results.find((r: { ruleId: string }) =>
      r.ruleId === "deprecated-runner"
    );
    assert.equal(result.level, "error");
    assert.equal(
      result.locations[0].physicalLocation.artifactLocation.uri,
      ".github/workflows/ci.yml",
    );
    assert.match(log.runs[0].tool.driver.rules[0].helpUri, /^file:\/\/.*\/docs\/rules\.md#/);
    const web = await cli("--dir", dir, "--format", "sarif", "--rules-url", "https://x.test/r.md");
    assert.match(web.out, /"helpUri": "https:\/\/x\.test\/r\.md#deprecated-runner"/);

    const json = await cli("--dir", dir, "--format", "json");
    assert.equal(json.code, 1);
    assert.ok(
      JSON.parse(json.out).findings.some((f: { ruleId: string }) =>
        f.ruleId === "deprecated-runner"
      ),
    );

    const github = await cli("--dir", dir, "--format", "github");
    assert.equal(github.code, 1);
    assert.match(
      github.out,
      /^::error file=\.github\/workflows\/ci\.yml,line=6,col=\d+,title=deprecated-runner::Job 'build' runs on 'ubuntu-18\.04'/m,
    );
    assert.ok(github.out.split("\n").every((l) => /^::(error|warning|notice) file=/.test(l)));
  });
});

Deno.test("github annotations escape what workflow commands treat as syntax", () => {
  const [line] = githubAnnotations([{
    ruleId: "r",
    severity: "notice",
    file: "a,b:c.yml",
    message: "100% sure\nsecond line",
    fix: "Do \\*this\\*",
  }]);
  assert.equal(line, "::notice file=a%2Cb%3Ac.yml,title=r::100%25 sure%0Asecond line%0ADo *this*");
  assert.equal(gateExitCode([], "notice"), 0);
});
