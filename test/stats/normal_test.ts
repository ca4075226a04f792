import assert from "node:assert/strict";
import { normalCdf, normalQuantile } from "../../src/stats/normal.ts";

// Reference: R 4.2.2, options(digits = 15).
// > qnorm(0.975)  -> 1.95996398454005      > qnorm(0.995) -> 2.5758293035489
// > pnorm(-1.5)   -> 0.0668072012688581    > 2*pnorm(-3.2) -> 0.0013742758758317
const rel = (actual: number, expected: number, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${actual} vs ${expected}`);

// Acklam's approximation promises a relative error below 1.15e-9.
Deno.test("normalQuantile matches R's qnorm to 1.15e-9 relative, in the centre and the tails", () => {
  rel(normalQuantile(0.975), 1.95996398454005, 1.15e-9);
  rel(normalQuantile(0.995), 2.5758293035489, 1.15e-9);
  rel(normalQuantile(0.025), -1.95996398454005, 1.15e-9);
  assert.equal(normalQuantile(0.5), 0);
  assert.throws(() => normalQuantile(1), /0 < p < 1: p is 1/);
});

// The error function's fit is good to about 1e-7 absolute: plenty for a p-value.
Deno.test("normalCdf matches R's pnorm to 1e-7", () => {
  const near = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 1e-7, `${actual} vs ${expected}`);
  near(normalCdf(-1.5), 0.0668072012688581);
  near(2 * normalCdf(-3.2), 0.0013742758758317);
  near(normalCdf(0), 0.5);
  rel(2 * normalCdf(-3.2), 0.0013742758758317, 1e-5);
});
