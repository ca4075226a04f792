/**
 * issue 18: compare verdicts that match the numbers, end to end through the CLI on the GitHub
 * simulator's run history. A doubling from 2 s to 4 s over 5 runs is "slower" with its size
 * and p (it used to be "no significant difference" under a fixed 10-second floor); identical
 * workflows show no significant difference; 3 % on 20-minute runs with a tight spread is
 * significant but flagged small.
 */
import assert from "node:assert/strict";
import { runCliCaptured } from "../cli_capture.ts";
import type { Report } from "../../src/report/model.ts";
import { mulberry32 } from "../../src/stats/random.ts";
import { type SimJobInput, startGitHubSim } from "../sim/github.ts";

const TOKEN = "ghs_compareVerdictE2e";
const WORKFLOW = (name: string) =>
  `name: ${name}\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A completed successful run of one `build` job lasting `seconds`, `hoursAgo` before now. */
function runInput(workflow: string, hoursAgo: number, seconds: number) {
  const created = Date.now() - hoursAgo * 3_600_000;
  const started = created + 12_000;
  const done = started + seconds * 1000;
  const job: SimJobInput = {
    name: "build",
    status: "completed",
    conclusion: "success",
    started_at: iso(started),
    completed_at: iso(done),
  };
  return {
    workflow,
    status: "completed" as const,
    conclusion: "success" as const,
    head_branch: "main",
    created_at: iso(created),
    run_started_at: iso(created),
    updated_at: iso(done + 5_000),
    jobs: [job],
  };
}

/**
 * Seeds `runs` interleaved runs per workflow (seconds from `base` and `candidate`) and runs
 * `compare` through the CLI with `--json`.
 */
async function compareOnSim(
  runs: number,
  base: (i: number) => number,
  candidate: (i: number) => number,
): Promise<{ code: number; report: Report; err: string }> {
  const sim = await startGitHubSim({ token: TOKEN });
  try {
    sim.state.addRepo("acme/app", {
      files: {
        ".github/workflows/ci.yml": WORKFLOW("CI"),
        ".github/workflows/ci-new.yml": WORKFLOW("CI new"),
      },
    });
    for (let i = 0; i < runs; i++) {
      sim.state.addRun("acme/app", runInput("ci.yml", 2 + 6 * i, base(i)));
      sim.state.addRun("acme/app", runInput("ci-new.yml", 5 + 6 * i, candidate(i)));
    }
    const { code, out, err } = await runCliCaptured(
      ["run", "compare repo:acme/app baseline:ci.yml candidate:ci-new.yml", "--json"],
      { GITHUB_API_URL: sim.url, GITHUB_TOKEN: TOKEN },
    );
    assert.ok(out.length > 0, `no report printed: ${err}`);
    return { code, err, report: JSON.parse(out) as Report };
  } finally {
    await sim.close();
  }
}

const fieldsOf = (r: Report) => Object.fromEntries(r.fields.map((f) => [f.label, f.value]));

Deno.test("compare on the simulator: 2 s against 4 s, 5 runs each, is 'slower' with size and p", async () => {
  const { code, report, err } = await compareOnSim(5, () => 2, () => 4);
  assert.equal(code, 0, err);
  const m =
    /^ci-new\.yml is 100% slower than ci\.yml: \+2\.0s, p = ([\d.]+) \(median 4\.0s vs 2\.0s, 95% CI \+2\.0s to \+2\.0s, 5 runs each\)\.$/
      .exec(report.summary);
  assert.ok(m, report.summary);
  assert.ok(Number(m[1]) < 0.05, `p ${m[1]}`);
  assert.equal(report.status, "failure");
  const fields = fieldsOf(report);
  assert.equal(fields["Verdict"], "Slower");
  assert.equal(fields["Median change"], "+2.0s (+100%)");
  assert.equal(fields["Practical threshold"], "1.0s");
  assert.match(fields["Mann-Whitney p"], new RegExp(`^${m[1].replace(".", "\\.")} `));
});

Deno.test("compare on the simulator: identical distributions show no significant difference", async () => {
  // The same seeded ±6 % noise around 5 minutes, drawn independently for each side.
  const a = mulberry32(7);
  const b = mulberry32(8);
  const jitter = (r: () => number) => Math.round(300 * (1 + 0.06 * (2 * r() - 1)));
  const { code, report, err } = await compareOnSim(10, () => jitter(a), () => jitter(b));
  assert.equal(code, 0, err);
  assert.equal(report.status, "neutral");
  assert.match(
    report.summary,
    /^No significant difference between ci-new\.yml and ci\.yml \(median \d+m(?: \d{1,2}s)? vs \d+m(?: \d{1,2}s)?, 95% CI [^ ]+(?: \d{1,2}s)? to [^ ]+(?: \d{1,2}s)?, p = [\d.]+, 10 runs each\); /,
  );
  assert.equal(fieldsOf(report)["Verdict"], "No significant difference");
});

Deno.test("compare on the simulator: 3 % slower on tight 20-minute runs is significant but small", async () => {
  // 1200 s ± 3 s against 1236 s ± 3 s: every candidate run is slower than every baseline run.
  const a = mulberry32(11);
  const b = mulberry32(12);
  const around = (s: number, r: () => number) => s + Math.round(6 * r() - 3);
  const { code, report, err } = await compareOnSim(
    10,
    () => around(1200, a),
    () => around(1236, b),
  );
  assert.equal(code, 0, err);
  assert.equal(report.status, "warning");
  const m =
    /^ci-new\.yml is 3% slower than ci\.yml, a small change: \+(\d\d)s, p < 0\.001 \(median 20m(?: (\d{1,2})s)? vs 20m(?: (\d{1,2})s)?, .*, 10 runs each\); within the practical threshold of 1m \(5% of the baseline median\)\.$/
      .exec(report.summary);
  assert.ok(m, report.summary);
  assert.ok(Math.abs(Number(m[1]) - 36) <= 4, `size ${m[1]}s`);
  const fields = fieldsOf(report);
  assert.equal(fields["Verdict"], "Slower, small change");
  assert.equal(fields["Practical threshold"], "1m");
  const method = report.sections.find((s) => s.title === "Method")!.markdown;
  assert.match(method, /flagged small when its size is at most the practical threshold/);
});
