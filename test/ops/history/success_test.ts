import assert from "node:assert/strict";
import { successRate, trendArrow } from "../../../src/ops/history/success.ts";

Deno.test("success rate leaves cancelled runs out and splits halves for the trend", () => {
  const s = successRate(["failure", "cancelled", "failure", "success", "success", "success", null]);
  assert.equal(s.counted, 5);
  assert.equal(s.successes, 3);
  assert.equal(s.rate.estimate, 0.6);
  // Wilson 95% for 3/5, as R's prop.test(3, 5, correct = FALSE): 0.2307 – 0.8824.
  assert.ok(Math.abs(s.rate.lower - 0.2307) < 1e-4);
  assert.ok(Math.abs(s.rate.upper - 0.8824) < 1e-4);
  // Older half: failure, failure; newer half: success ×3.
  assert.deepEqual(s.trend, { recent: 1, previous: 0 });
});

Deno.test("an empty sample has no rate and no arrow", () => {
  const s = successRate([]);
  assert.ok(Number.isNaN(s.rate.estimate));
  assert.equal(trendArrow(s.trend), "");
});

Deno.test("trend arrows need a move of 5 points", () => {
  assert.equal(trendArrow({ recent: 0.9, previous: 0.8 }), "↑");
  assert.equal(trendArrow({ recent: 0.7, previous: 0.8 }), "↓");
  assert.equal(trendArrow({ recent: 0.82, previous: 0.8 }), "→");
});
