import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { median, p90, quantile } from "../../src/stats/quantile.ts";

// Reference: R 4.2.2 (Debian r-base-core), type 7 is R's default.
// > x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46); y <- c(1.15, 0.88, 0.90, 0.74, 1.21)
// > quantile(x, c(0, 0.1, 0.25, 0.5, 0.9, 1), type = 7)
//     0%    10%    25%    50%    90%   100%
// 0.7300 0.7930 0.8825 1.4150 1.8920 1.9100
// > quantile(y, c(0.5, 0.9), type = 7)
//   50%   90%
// 0.900 1.186
const X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const Y = [1.15, 0.88, 0.90, 0.74, 1.21];
const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected}`);

Deno.test("quantile matches R's type 7 on unsorted data", () => {
  const probs = [0, 0.1, 0.25, 0.5, 0.9, 1];
  const expected = [0.73, 0.793, 0.8825, 1.415, 1.892, 1.91];
  probs.forEach((p, i) => close(quantile(X, p), expected[i]));
  close(median(Y), 0.9);
  close(p90(Y), 1.186);
  close(p90(X), 1.892);
});

Deno.test("quantile leaves its input alone and sorts numerically", () => {
  const values = [10, 9, 100, 2];
  assert.equal(median(values), 9.5);
  assert.deepEqual(values, [10, 9, 100, 2]);
});

Deno.test("quantile refuses an empty sample and p outside [0, 1]", () => {
  assert.throws(() => median([]), (e) => e instanceof CiError && e.code === "bad_request");
  assert.throws(() => quantile([1], 1.5), /\[0, 1\]: it is 1.5/);
});
