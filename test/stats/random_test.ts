import assert from "node:assert/strict";
import { mulberry32 } from "../../src/stats/random.ts";

Deno.test("mulberry32 is deterministic per seed, in [0, 1), and roughly uniform", () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const xs = Array.from({ length: 20_000 }, () => a());
  assert.deepEqual(Array.from({ length: 20_000 }, () => b()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  const deciles = new Array(10).fill(0);
  for (const x of xs) deciles[Math.floor(x * 10)]++;
  assert.ok(deciles.every((c) => Math.abs(c - 2000) < 200), `deciles ${deciles}`);
  assert.notEqual(mulberry32(43)(), mulberry32(42)());
});
