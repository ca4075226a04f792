import assert from "node:assert/strict";
import { compareSamples } from "../../../src/ops/compare/samples.ts";
import { type RunSample, runSample } from "../../../src/ops/history/run_sample.ts";
import { mulberry32 } from "../../../src/stats/random.ts";
import { fakeRun, FAST, samples, SLOW } from "./fixtures.ts";

Deno.test("runSample times a run by its jobs, queue from creation to the first job", () => {
  const { run, jobs } = fakeRun(7, { build: 90, test: 200 }, { queueS: 42 });
  const s = runSample(run, jobs);
  assert.equal(s.queueMs, 42_000);
  assert.equal(s.executionMs, 290_000);
  assert.deepEqual(s.jobs.map((j) => [j.name, j.executionMs]), [["build", 90_000], [
    "test",
    200_000,
  ]]);
  assert.equal(s.url, run.url);
  // Without jobs: run start to last update.
  const bare = runSample({ ...run, startedAt: run.createdAt }, []);
  assert.equal(bare.queueMs, 0);
  assert.equal(bare.executionMs, Date.parse(run.updatedAt) - Date.parse(run.createdAt));
});

Deno.test("B 20% faster over 10 runs each is 'faster' with an interval excluding 0", () => {
  const a = samples(SLOW, 10, 1);
  const b = samples(FAST, 10, 2, { firstId: 100 });
  const c = compareSamples(a, b, { random: mulberry32(9) });
  assert.equal(c.verdict, "faster");
  assert.ok(c.difference!.upper < 0, `interval ${c.difference!.lower}..${c.difference!.upper}`);
  assert.ok(c.difference!.lower <= c.difference!.estimate);
  assert.ok(c.test!.p < 0.05);
  // GitHub times are whole seconds, so ties happen and R's rule picks the normal approximation.
  assert.equal(c.test!.method, c.test!.ties ? "normal" : "exact");
  assert.ok(Math.abs(c.relativeChange! + 0.2) < 0.05, `relative change ${c.relativeChange}`);
  assert.deepEqual([c.baseline.executionMs.length, c.candidate.executionMs.length], [10, 10]);
  assert.deepEqual(c.warnings, []);
  // Where the time changed: the test job, first, by about 96 s.
  assert.equal(c.jobs[0].name, "test");
  assert.ok(Math.abs(c.jobs[0].differenceMs! + 96_000) < 20_000);
  assert.ok(c.jobs.slice(1).every((j) => Math.abs(j.differenceMs!) < 15_000));
  // And the other way round is 'slower'.
  assert.equal(compareSamples(b, a).verdict, "slower");
});

Deno.test("identical distributions give 'no-significant-difference' and no practical size", () => {
  for (const seed of [3, 5, 8]) {
    const c = compareSamples(samples(SLOW, 10, seed), samples(SLOW, 10, seed + 100));
    assert.equal(c.verdict, "no-significant-difference", `seed ${seed}`);
    assert.equal(c.practical, undefined);
    assert.ok(c.test!.p >= 0.05 || (c.difference!.lower <= 0 && c.difference!.upper >= 0));
  }
});

Deno.test("a real but small change is 'faster', flagged small, never 'no difference'", () => {
  // 3 % faster with ±0.5 % noise: significant, but under max(IQR, 5 % of 8 min, 1 s) = 24 s.
  const a = samples(SLOW, 10, 11, { noise: 0.005 });
  const b = samples({ ...SLOW, test: 286 }, 10, 12, { noise: 0.005 });
  const c = compareSamples(a, b);
  assert.ok(c.test!.p < 0.05 && c.difference!.upper < 0);
  assert.equal(c.verdict, "faster");
  assert.equal(c.practical, "small");
  assert.equal(c.threshold!.basis, "relative");
  assert.equal(c.noiseThresholdMs, 0.05 * c.baseline.medianMs!);
  assert.ok(Math.abs(c.difference!.estimate) < c.noiseThresholdMs!);
  // A 1 % share as the rule: the same change is then meaningful.
  const tight = compareSamples(a, b, { noiseThreshold: { relative: 0.01, absoluteMs: 1000 } });
  assert.equal(tight.verdict, "faster");
  assert.equal(tight.practical, "meaningful");
  assert.ok(tight.noiseThresholdMs! < Math.abs(tight.difference!.estimate));
});

Deno.test("2 s against 4 s, 5 runs each: 'slower' and meaningful, the 1 s floor sets the threshold", () => {
  const a = samples({ build: 2 }, 5, 1, { noise: 0 });
  const b = samples({ build: 4 }, 5, 2, { noise: 0, firstId: 50 });
  const c = compareSamples(a, b);
  assert.equal(c.verdict, "slower");
  assert.equal(c.practical, "meaningful");
  assert.deepEqual([c.difference!.estimate, c.difference!.lower, c.difference!.upper], [
    2000,
    2000,
    2000,
  ]);
  assert.ok(c.test!.p < 0.01, `p ${c.test!.p}`);
  assert.deepEqual([c.threshold!.basis, c.threshold!.ms], ["floor", 1000]);
  assert.equal(c.relativeChange, 1);
});

Deno.test("5 runs each: a verdict, with a warning about the sample size", () => {
  const c = compareSamples(samples(SLOW, 5, 1), samples(FAST, 5, 2));
  assert.equal(c.warnings.length, 2);
  assert.match(c.warnings[0], /Only 5 successful baseline runs: at least 9/);
  assert.match(c.warnings[1], /Only 5 successful candidate runs/);
  assert.notEqual(c.verdict, "insufficient-data");
});

Deno.test("a side whose runs all failed is insufficient data, with its success rate", () => {
  const failed = samples(FAST, 6, 2, { conclusion: "failure" });
  const c = compareSamples(samples(SLOW, 10, 1), failed);
  assert.equal(c.verdict, "insufficient-data");
  assert.equal(c.difference, undefined);
  assert.equal(c.test, undefined);
  assert.deepEqual([c.candidate.runs, c.candidate.successes], [6, 0]);
  assert.equal(c.candidate.successRate.lower, 0);
  assert.ok(c.candidate.successRate.upper > 0.3 && c.candidate.successRate.upper < 0.45);
  assert.ok(
    c.warnings.some((w) => /candidate succeeds less often: 0% of 6 runs vs 100% of 10/.test(w)),
  );
});

Deno.test("timing uses successful runs only; cancelled runs are left out of the success rate", () => {
  const ok = samples(SLOW, 9, 1);
  const failedFast: RunSample[] = samples({ lint: 5 }, 3, 4, {
    firstId: 50,
    conclusion: "failure",
  });
  const cancelled = samples({ lint: 5 }, 2, 5, { firstId: 60, conclusion: "cancelled" });
  const c = compareSamples(ok, [
    ...samples(SLOW, 9, 2, { firstId: 70 }),
    ...failedFast,
    ...cancelled,
  ]);
  assert.equal(c.candidate.executionMs.length, 9);
  assert.ok(c.candidate.executionMs[0] > 400_000, "failed 5 s runs are not timed");
  assert.deepEqual([c.candidate.runs, c.candidate.successes, c.candidate.cancelled], [12, 9, 2]);
  assert.equal(c.candidate.successRate.estimate, 0.75);
});
