import assert from "node:assert/strict";
import { CiError } from "../../../src/errors.ts";
import {
  DEFAULT_NOISE_THRESHOLD,
  describeThreshold,
  practicalThreshold,
} from "../../../src/ops/compare/threshold.ts";

Deno.test("threshold: the baseline's interquartile range when it is the largest term", () => {
  // Quartiles (R type 7) of 100..190 s in 10 s steps: 122.5 s and 167.5 s → IQR 45 s.
  const base = Array.from({ length: 10 }, (_, i) => 100_000 + 10_000 * i);
  const t = practicalThreshold(base);
  assert.equal(t.spreadMs, 45_000);
  assert.equal(t.relativeMs, 0.05 * 145_000);
  assert.deepEqual([t.basis, t.ms, t.floorMs], ["spread", 45_000, 1_000]);
  // Twice the spread, when asked.
  assert.equal(practicalThreshold(base, { spread: 2 }).ms, 90_000);
});

Deno.test("threshold: 5 % of the median for a tight 20-minute baseline", () => {
  const base = [1_198_000, 1_199_000, 1_200_000, 1_201_000, 1_202_000];
  const t = practicalThreshold(base);
  assert.equal(t.spreadMs, 2_000);
  assert.deepEqual([t.basis, t.ms], ["relative", 60_000]);
  assert.equal(
    describeThreshold(t),
    "the largest of the baseline's interquartile range (2.0s), 5% of its median (1m) and 1.0s: 1m",
  );
});

Deno.test("threshold: the absolute floor for a short, steady baseline, configurable", () => {
  const base = [2_000, 2_000, 2_000, 2_000, 2_000];
  assert.deepEqual(
    [practicalThreshold(base).basis, practicalThreshold(base).ms],
    ["floor", DEFAULT_NOISE_THRESHOLD.absoluteMs],
  );
  assert.equal(practicalThreshold(base, { absoluteMs: 250 }).ms, 250);
  assert.equal(practicalThreshold(base, { absoluteMs: 0, relative: 0 }).ms, 0);
});

Deno.test("threshold: no 10-second floor any more (the issue-18 case)", () => {
  const t = practicalThreshold([2_000, 2_000, 2_000, 2_000, 2_000]);
  assert.ok(t.ms < 2_000, `a +2 s change must exceed the threshold, which is ${t.ms}`);
});

Deno.test("threshold: refuses an empty baseline and bad settings, naming the value", () => {
  assert.throws(
    () => practicalThreshold([]),
    (e) => e instanceof CiError && e.code === "bad_request",
  );
  assert.throws(
    () => practicalThreshold([1_000], { relative: -0.1 }),
    (e) =>
      e instanceof CiError && /'relative' must be a finite number ≥ 0: it is -0\.1/.test(e.message),
  );
  assert.throws(
    () => practicalThreshold([1_000], { absoluteMs: Number.NaN }),
    (e) => e instanceof CiError && /'absoluteMs'/.test(e.message) && !!e.hint,
  );
});
