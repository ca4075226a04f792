import assert from "node:assert/strict";
import { InFlight } from "../../src/limits/in_flight.ts";

Deno.test("in flight: at most `cap` slots per key, other keys unaffected", () => {
  const flights = new InFlight();
  const releases = [1, 2, 3].map(() => flights.enter("a", 3));
  assert.ok(releases.every((r) => r !== null));
  assert.equal(flights.enter("a", 3), null);
  assert.notEqual(flights.enter("b", 3), null);
  assert.equal(flights.count("a"), 3);
  assert.equal(flights.total(), 4);
  releases[0]!();
  assert.equal(flights.count("a"), 2);
  assert.notEqual(flights.enter("a", 3), null);
});

Deno.test("in flight: releasing twice gives back one slot; idle keys are dropped", () => {
  const flights = new InFlight();
  const one = flights.enter("a", 2)!;
  const two = flights.enter("a", 2)!;
  one();
  one();
  assert.equal(flights.count("a"), 1);
  two();
  assert.equal(flights.count("a"), 0);
  assert.equal(flights.total(), 0);
});
