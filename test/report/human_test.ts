import assert from "node:assert/strict";
import { humanDuration, humanTime, relativeTime } from "../../src/report/human.ts";

Deno.test("humanDuration: two units at most, no padding", () => {
  assert.equal(humanDuration(400), "0.4s");
  assert.equal(humanDuration(9_940), "9.9s");
  assert.equal(humanDuration(45_000), "45s");
  assert.equal(humanDuration(304_000), "5m 4s");
  assert.equal(humanDuration(300_000), "5m");
  assert.equal(humanDuration(119_700), "2m");
  assert.equal(humanDuration(3_900_000), "1h 5m");
  assert.equal(humanDuration(3_599_800), "1h");
  assert.equal(humanDuration(2 * 86_400_000 + 3 * 3_600_000), "2d 3h");
  assert.equal(humanDuration(-65_000), "\u22121m 5s");
});

Deno.test("relativeTime: past and future in the largest whole unit", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  assert.equal(relativeTime("2026-11-24T11:59:30Z", now), "just now");
  assert.equal(relativeTime("2026-11-24T11:55:00Z", now), "5 minutes ago");
  assert.equal(relativeTime("2026-11-24T11:00:00Z", now), "1 hour ago");
  assert.equal(relativeTime("2026-11-22T12:00:00Z", now), "2 days ago");
  assert.equal(relativeTime("2026-11-15T11:00:00Z", now), "9 days ago");
  assert.equal(relativeTime("2026-11-10T12:00:00Z", now), "2 weeks ago");
  assert.equal(relativeTime("2026-09-01T12:00:00Z", now), "2 months ago");
  assert.equal(relativeTime("2025-11-01T12:00:00Z", now), "1 year ago");
  assert.equal(relativeTime(new Date("2026-11-24T15:00:00Z"), now), "in 3 hours");
  assert.equal(relativeTime("not a time", now), "not a time");
});

Deno.test("humanTime: relative with a clock, the day without one", () => {
  assert.equal(humanTime("2026-11-22T12:00:00Z", new Date("2026-11-24T12:00:00Z")), "2 days ago");
  assert.equal(humanTime("2026-11-22T12:00:00Z"), "on 2026-11-22");
});
