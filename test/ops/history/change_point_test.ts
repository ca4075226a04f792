import assert from "node:assert/strict";
import { detectChangePoint } from "../../../src/ops/history/change_point.ts";
import { mulberry32 } from "../../../src/stats/random.ts";

// Durations in ms around `base`, uniformly ±`noise` (a fraction), from a seeded source.
function series(n: number, base: number, noise: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => base * (1 + noise * (2 * random() - 1)));
}

Deno.test("the hand-checked example: a step after six runs", () => {
  const c = detectChangePoint([300, 310, 295, 305, 301, 298, 420, 430, 425, 418, 428, 422], {
    absoluteMs: 0,
  });
  assert.equal(c?.index, 6);
  assert.equal(c?.beforeMedian, 300.5);
  assert.equal(c?.afterMedian, 423.5);
  // Exact Mann-Whitney, all six after above all six before: p = 2 / C(12, 6) = 2 / 924.
  assert.ok(Math.abs(c!.p - 2 / 924) < 1e-9);
});

Deno.test("a 40% step at a known index is found within ±1, across seeds and positions", () => {
  for (let seed = 1; seed <= 10; seed++) {
    for (const at of [10, 39, 50]) {
      const values = series(60, 360_000, 0.1, seed).map((v, i) => (i >= at ? v * 1.4 : v));
      const c = detectChangePoint(values);
      assert.ok(c, `seed ${seed}, step at ${at}: not found`);
      assert.ok(Math.abs(c.index - at) <= 1, `seed ${seed}: found at ${c.index}, planted at ${at}`);
      assert.ok(c.afterMedian / c.beforeMedian > 1.3 && c.afterMedian / c.beforeMedian < 1.5);
    }
  }
});

Deno.test("a speed-up is a change point too", () => {
  const values = series(40, 600_000, 0.05, 3).map((v, i) => (i >= 20 ? v * 0.6 : v));
  const c = detectChangePoint(values);
  assert.ok(c && Math.abs(c.index - 20) <= 1 && c.afterMedian < c.beforeMedian);
});

Deno.test("pure noise has no change point", () => {
  for (let seed = 1; seed <= 30; seed++) {
    assert.equal(detectChangePoint(series(60, 360_000, 0.2, seed)), undefined, `seed ${seed}`);
  }
});

Deno.test("a single outlier, even a huge one, is not a change", () => {
  for (let seed = 1; seed <= 10; seed++) {
    for (const at of [3, 30, 57]) {
      const values = series(60, 360_000, 0.1, seed);
      values[at] = 3_600_000;
      assert.equal(detectChangePoint(values), undefined, `seed ${seed}, outlier at ${at}`);
    }
  }
});

Deno.test("a shift below the practical minimum is not reported", () => {
  // 5% slower with almost no noise: statistically clear, but under the 10% minimum.
  const values = series(60, 360_000, 0.005, 7).map((v, i) => (i >= 30 ? v * 1.05 : v));
  assert.equal(detectChangePoint(values), undefined);
  assert.equal(detectChangePoint(values, { relative: 0.02 })?.index, 30);
});

Deno.test("too few runs for two segments of five: no verdict", () => {
  assert.equal(detectChangePoint([1, 1, 1, 1, 1, 9, 9, 9, 9], { absoluteMs: 0 }), undefined);
  assert.equal(detectChangePoint([]), undefined);
});
