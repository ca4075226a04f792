import assert from "node:assert/strict";
import { mannWhitneyU } from "../../src/stats/mann_whitney.ts";

// Reference: R 4.2.2, `wilcox.test(x, y)` (two-sided; W and p.value), options(digits = 15).
// The first case is the example of R's ?wilcox.test (W = 35, one-sided p = 0.1272).
// > x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46); y <- c(1.15, 0.88, 0.90, 0.74, 1.21)
// > wilcox.test(x, y)                   -> W = 35, p = 0.254412254412254 (exact)
// > wilcox.test(1:10, 11:20)            -> W = 0,  p = 1.0825088224469e-05 (exact, 2/choose(20,10))
// > wilcox.test(c(3.1, 2.2, 5.7), c(4.4, 1.5, 6.3, 0.9)) -> W = 7, p = 0.857142857142857 (exact)
// > a <- c(1,2,2,3,4,5,5,6); b <- c(3,4,4,5,7,8,9,9,10)
// > wilcox.test(a, b)                   -> W = 13.5, p = 0.0330590385026518 (ties: normal, corrected)
// > a2 <- (1:60) * 1.1; b2 <- (1:55) * 1.3 + 3
// > wilcox.test(a2, b2)                 -> W = 1384, p = 0.137141503474081 (n >= 50: normal)
const X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const Y = [1.15, 0.88, 0.90, 0.74, 1.21];
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const close = (actual: number, expected: number, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol * expected, `${actual} vs ${expected}`);

Deno.test("exact test matches R on the ?wilcox.test example, in both orders", () => {
  const r = mannWhitneyU(X, Y);
  assert.deepEqual([r.u, r.method, r.ties], [35, "exact", false]);
  close(r.p, 0.254412254412254, 1e-12);
  const swapped = mannWhitneyU(Y, X);
  assert.equal(swapped.u, 50 - 35);
  close(swapped.p, 0.254412254412254, 1e-12);
});

Deno.test("exact test keeps precision in the far tail and caps p at 1", () => {
  const r = mannWhitneyU(range(1, 10), range(11, 20));
  assert.equal(r.u, 0);
  close(r.p, 1.0825088224469e-05, 1e-12);
  const mid = mannWhitneyU([3.1, 2.2, 5.7], [4.4, 1.5, 6.3, 0.9]);
  assert.equal(mid.u, 7);
  close(mid.p, 0.857142857142857, 1e-12);
  assert.equal(mannWhitneyU([1, 4], [2, 3]).p, 1);
});

Deno.test("ties switch to the normal approximation with tie and continuity corrections", () => {
  const r = mannWhitneyU([1, 2, 2, 3, 4, 5, 5, 6], [3, 4, 4, 5, 7, 8, 9, 9, 10]);
  assert.deepEqual([r.u, r.method, r.ties], [13.5, "normal", true]);
  close(r.p, 0.0330590385026518, 1e-6);
});

Deno.test("50 or more values per side use the normal approximation, as R does", () => {
  const a = range(1, 60).map((i) => i * 1.1);
  const b = range(1, 55).map((i) => i * 1.3 + 3);
  const r = mannWhitneyU(a, b);
  assert.deepEqual([r.u, r.method], [1384, "normal"]);
  close(r.p, 0.137141503474081, 1e-6);
});

Deno.test("all values equal gives p = 1; empty sides are refused", () => {
  assert.equal(mannWhitneyU([5, 5, 5], [5, 5]).p, 1);
  assert.throws(() => mannWhitneyU([], [1]), /got 0 and 1/);
});
