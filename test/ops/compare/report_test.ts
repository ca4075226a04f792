import assert from "node:assert/strict";
import { compareReport } from "../../../src/ops/compare/report.ts";
import { compareSamples } from "../../../src/ops/compare/samples.ts";
import { type RunSample, runSample } from "../../../src/ops/history/run_sample.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { renderMarkdown } from "../../../src/report/markdown.ts";
import { fakeRun, samples, SLOW } from "./fixtures.ts";

// Exactly known medians: baseline 440..530 s (median 8m 5s), candidate 345..435 s (6m 30s).
const steps = (from: number, firstId: number): RunSample[] =>
  Array.from({ length: 10 }, (_, i) => {
    const { run, jobs } = fakeRun(firstId + i, { build: 100, test: from - 100 + 10 * i });
    return runSample(run, jobs);
  });

const report = (a: RunSample[], b: RunSample[]) =>
  ReportSchema.parse(compareReport({
    repo: "acme/app",
    baselineLabel: "ci.yml",
    candidateLabel: "ci-fast.yml",
    mode: "history",
    comparison: compareSamples(a, b),
    baseline: a,
    candidate: b,
    scope: "up to 30 completed runs per side created since 2026-10-25, all branches",
    apiCalls: 23,
  }));

Deno.test("a faster candidate: success, one-sentence summary with medians, CI, p and n", () => {
  const r = report(steps(440, 1), steps(345, 100));
  assert.equal(r.status, "success");
  assert.equal(r.title, "Compare ci-fast.yml with ci.yml in acme/app");
  // 95 s of 485 s is 19.6 %; every candidate below every baseline: exact p = 2/choose(20,10).
  const m =
    /^ci-fast\.yml is 20% faster than ci\.yml: −1m 35s, p < 0\.001 \(median 6m 30s vs 8m 5s, 95% CI −(\d+m \d{1,2}s|\d+s) to −(\d+m \d{1,2}s|\d+s), 10 runs each\)\.$/
      .exec(r.summary);
  assert.ok(m, r.summary);
  const fields = Object.fromEntries(r.fields.map((f) => [f.label, f.value]));
  assert.equal(fields["Verdict"], "Faster");
  assert.equal(fields["Median change"], "−1m 35s (−20%)");
  assert.equal(fields["Mann-Whitney p"], "< 0.001 (exact)");
  assert.equal(fields["API calls"], "23");
  assert.equal(fields["Runs timed"], "10 vs 10");
  const stats = r.tables[0];
  assert.deepEqual(stats.columns, ["", "ci.yml (baseline)", "ci-fast.yml (candidate)"]);
  assert.deepEqual(stats.rows.find((row) => row[0] === "Median execution"), [
    "Median execution",
    "8m 5s",
    "6m 30s",
  ]);
  assert.deepEqual(stats.rows.find((row) => row[0] === "Success rate"), [
    "Success rate",
    "100% of 10 (95% CI 72%–100%)",
    "100% of 10 (95% CI 72%–100%)",
  ]);
  // Per-job: the test job changed, the build job did not.
  assert.deepEqual(r.tables[1].rows.map((row) => row[0]), ["test", "build"]);
  assert.equal(r.tables[1].rows[0][3], "−1m 35s (−25%)");
  // The chart holds both sorted distributions in minutes.
  assert.equal(r.charts[0].series.length, 2);
  assert.deepEqual(r.charts[0].series[1].points.slice(0, 2), [{ x: 1, y: 5.75 }, {
    x: 2,
    y: 5.92,
  }]);
  assert.equal(r.links.length, 20);
  assert.match(r.links[0].label, /^ci\.yml run 1 \(success\)$/);
  assert.deepEqual(r.sections.map((s) => s.title), ["Method"]);
  assert.match(renderMarkdown(r), /20% faster/);
});

Deno.test("a slower candidate is a failure; no difference is neutral", () => {
  assert.equal(report(steps(345, 1), steps(440, 100)).status, "failure");
  assert.match(report(steps(345, 1), steps(440, 100)).summary, /^ci-fast\.yml is 24% slower/);
  const same = report(samples(SLOW, 10, 3), samples(SLOW, 10, 103, { firstId: 200 }));
  assert.equal(same.status, "neutral");
  assert.match(
    same.summary,
    /^No significant difference between ci-fast\.yml and ci\.yml \(median/,
  );
});

Deno.test("insufficient data is a warning that says how many runs each side had", () => {
  const r = report(steps(440, 1), samples(SLOW, 4, 2, { conclusion: "failure", firstId: 50 }));
  assert.equal(r.status, "warning");
  assert.equal(
    r.summary,
    "Not enough successful runs to compare ci-fast.yml with ci.yml: 10 for ci.yml and 0 for " +
      "ci-fast.yml (at least 3 per side are needed).",
  );
  const warnings = r.sections.find((s) => s.title === "Warnings")!;
  assert.match(warnings.markdown, /- Only 0 successful candidate runs/);
  assert.match(warnings.markdown, /candidate succeeds less often: 0% of 4 runs vs 100% of 10/);
  assert.ok(!r.fields.some((f) => f.label === "95% CI"));
});

Deno.test("2 s against 4 s, 5 runs each: 'slower' with the size and p, never 'no difference'", () => {
  const r = report(
    samples({ build: 2 }, 5, 1, { noise: 0 }),
    samples({ build: 4 }, 5, 2, {
      noise: 0,
      firstId: 50,
    }),
  );
  assert.equal(r.status, "failure");
  const m =
    /^ci-fast\.yml is 100% slower than ci\.yml: \+2\.0s, p = (0\.00\d) \(median 4\.0s vs 2\.0s, 95% CI \+2\.0s to \+2\.0s, 5 runs each\)\.$/
      .exec(r.summary);
  assert.ok(m, r.summary);
  assert.ok(Number(m[1]) < 0.05);
  const fields = Object.fromEntries(r.fields.map((f) => [f.label, f.value]));
  assert.equal(fields["Verdict"], "Slower");
  assert.equal(fields["Median change"], "+2.0s (+100%)");
  assert.equal(fields["Practical threshold"], "1.0s");
  assert.doesNotMatch(r.summary, /no significant difference|noise threshold/i);
  assert.doesNotMatch(renderMarkdown(r), /noise threshold of 10s/);
});

Deno.test("a small significant slowdown is a warning, flagged small with the threshold", () => {
  // 20-minute runs, ±0.3 % spread, 3 % slower.
  const base = samples({ build: 1200 }, 10, 21, { noise: 0.003 });
  const cand = samples({ build: 1236 }, 10, 22, { noise: 0.003, firstId: 50 });
  const r = report(base, cand);
  assert.equal(r.status, "warning");
  assert.match(
    r.summary,
    /^ci-fast\.yml is 3% slower than ci\.yml, a small change: \+3\ds, p < 0\.001 \(median 20m 3\ds vs 20m(?: \ds)?, .*\); within the practical threshold of 1m \(5% of the baseline median\)\.$/,
  );
  const fields = Object.fromEntries(r.fields.map((f) => [f.label, f.value]));
  assert.equal(fields["Verdict"], "Slower, small change");
  const method = r.sections.find((s) => s.title === "Method")!.markdown;
  assert.match(method, /Significance and size are judged separately/);
  assert.match(
    method,
    /the largest of the baseline's interquartile range .*, 5% of the baseline median .* and 1\.0s/,
  );
  assert.match(method, /here the largest of .*: 1m\./);
});

Deno.test("no significant difference states the interval and what it cannot rule out", () => {
  // 5 runs each with ±20 % noise: the interval is wide.
  const r = report(
    samples(SLOW, 5, 3, { noise: 0.2 }),
    samples(SLOW, 5, 103, { noise: 0.2, firstId: 200 }),
  );
  assert.equal(r.status, "neutral");
  const m =
    /^No significant difference between ci-fast\.yml and ci\.yml \(median .*, 95% CI ([^ ]+(?: \d{1,2}s)?) to ([^ ]+(?: \d{1,2}s)?), p = [\d.]+, 5 runs each\); the data cannot rule out a change of ([^ ]+(?: \d{1,2}s)?) \([−+]\d+%\)\.$/
      .exec(r.summary);
  assert.ok(m, r.summary);
  // The change it cannot rule out is the interval's end farther from 0.
  assert.ok(m[3] === m[1] || m[3] === m[2], r.summary);
});

Deno.test("no significant difference with a narrow interval says it rules out a meaningful change", () => {
  const r = report(samples(SLOW, 10, 3), samples(SLOW, 10, 103, { firstId: 200 }));
  assert.equal(r.status, "neutral");
  assert.match(
    r.summary,
    /^No significant difference between .*, 10 runs each\); the interval rules out a change larger than the practical threshold of 24s\.$/,
  );
});
