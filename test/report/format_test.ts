import assert from "node:assert/strict";
import { formatDuration, formatP, formatPercent, formatSigned } from "../../src/report/format.ts";

Deno.test("formatDuration reads at a glance across scales, without zero padding", () => {
  assert.deepEqual(
    [4_240, 8_000, 9_949, 9_950, 45_400, 59_600, 362_000, 460_000, 3_599_600, 3_900_000, -65_000]
      .map(
        formatDuration,
      ),
    ["4.2s", "8.0s", "9.9s", "10s", "45s", "1m", "6m 2s", "7m 40s", "1h", "1h 5m", "−1m 5s"],
  );
});

Deno.test("formatSigned, formatP and formatPercent", () => {
  assert.deepEqual([formatSigned(12_000), formatSigned(-130_000), formatSigned(0)], [
    "+12s",
    "−2m 10s",
    "0.0s",
  ]);
  assert.deepEqual([0.2544, 0.0031, 0.0009, 0.05, 1].map(formatP), [
    "0.25",
    "0.003",
    "< 0.001",
    "0.05",
    "1",
  ]);
  assert.deepEqual(
    [formatPercent(-0.213), formatPercent(0.95), formatPercent(0.1, true), formatPercent(0, true)],
    ["−21%", "95%", "+10%", "0%"],
  );
});
