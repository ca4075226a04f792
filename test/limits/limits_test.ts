import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import type { Execute } from "../../src/surface.ts";
import {
  createLimits,
  DEFAULT_LIMITS,
  limitExecute,
  subjectOf,
  weightOf,
} from "../../src/limits/mod.ts";
import type { Report } from "../../src/report/model.ts";

function clock() {
  let ms = 0;
  return { now: () => new Date(ms), advance: (by: number) => ms += by };
}

const ada = subjectOf({ surface: "slack", teamId: "T1", userId: "U1" });
const bob = subjectOf({ surface: "slack", teamId: "T1", userId: "U2" });

function refusal(fn: () => unknown): CiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CiError);
    assert.equal(error.code, "rate_limited");
    return error;
  }
  throw new Error("not refused");
}

Deno.test("limits: heavy requests take a slot and 3 tokens; the 4th at once is refused", () => {
  const c = clock();
  const limits = createLimits(DEFAULT_LIMITS, c.now);
  const heavy = weightOf({ op: "analyze" });
  const releases = [1, 2, 3].map(() => limits.admit(ada, heavy));
  const busy = refusal(() => limits.admit(ada, heavy));
  assert.match(busy.message, /You have 3 requests running \(at most 3 at once\)/);
  assert.equal(busy.retryAfterSeconds, 5);
  // Another person is not affected.
  limits.admit(bob, heavy)();
  releases.forEach((r) => r());
  // The slots are back, but 1 token is left of 10: 2 more come in 4 s at 30 a minute.
  const broke = refusal(() => limits.admit(ada, heavy));
  assert.match(broke.message, /'analyze' costs 3 of your 10 request tokens and 1 are left/);
  assert.equal(broke.retryAfterSeconds, 4);
  c.advance(4_000);
  limits.admit(ada, heavy)();
  assert.deepEqual(limits.refusals(), [
    { surface: "slack", reason: "in_flight", count: 1 },
    { surface: "slack", reason: "tokens", count: 1 },
  ]);
  assert.equal(limits.inFlight(), 0);
});

Deno.test("limits: help and status cost 1 token and need no slot", () => {
  const limits = createLimits(DEFAULT_LIMITS, clock().now);
  const heavy = weightOf({ op: "analyze" });
  [1, 2, 3].map(() => limits.admit(ada, heavy));
  assert.deepEqual(weightOf({ op: "status" }), { tokens: 1, slot: false, label: "status" });
  limits.admit(ada, weightOf({ op: "status" }))();
  refusal(() => limits.admit(ada, weightOf({ op: "help" })));
});

Deno.test("limits: check refuses only a caller who could run nothing now", () => {
  const c = clock();
  const limits = createLimits({ perMinute: 60, burst: 2, inFlight: 1 }, c.now);
  limits.check(ada);
  const release = limits.admit(ada, weightOf({ op: "help" }));
  limits.check(ada);
  limits.admit(ada, weightOf({ op: "help" }));
  assert.equal(refusal(() => limits.check(ada)).retryAfterSeconds, 1);
  c.advance(1_000);
  limits.check(ada);
  release();
  c.advance(1_000);
  const slot = limits.admit(ada, weightOf({ op: "optimize" }));
  assert.match(refusal(() => limits.check(ada)).message, /1 requests running/);
  slot();
});

Deno.test("limits: requests without a user id share a smaller anonymous limit per scope", () => {
  const limits = createLimits(DEFAULT_LIMITS, clock().now);
  const anonymous = subjectOf({ surface: "teams", teamId: "tenant-1" });
  assert.equal(anonymous.anonymous, true);
  const heavy = weightOf({ op: "analyze" });
  limits.admit(anonymous, heavy);
  assert.match(refusal(() => limits.admit(anonymous, heavy)).message, /at most 1 at once/);
  limits.admit(subjectOf({ surface: "teams", teamId: "tenant-2" }), heavy);
});

Deno.test("limitExecute: the slot is held while execute runs and released when it returns", async () => {
  const limits = createLimits({ perMinute: 600, burst: 100, inFlight: 1 }, clock().now);
  let finish!: () => void;
  const inner: Execute = () =>
    new Promise<Report>((resolve) => finish = () => resolve({ title: "done" } as Report));
  const execute = limitExecute(inner, limits);
  const meta = { surface: "discord" as const, requestId: "r1", userId: "42", teamId: "G1" };
  const first = execute({ op: "analyze", repo: "acme/app" }, meta);
  await assert.rejects(
    execute({ op: "analyze", repo: "acme/app" }, { ...meta, requestId: "r2" }),
    (error: CiError) => error.code === "rate_limited" && error.retryAfterSeconds === 5,
  );
  finish();
  assert.equal((await first).title, "done");
  const again = execute({ op: "analyze", repo: "acme/app" }, { ...meta, requestId: "r3" });
  finish();
  await again;
  // A failing execute gives its slot back too.
  const failing = limitExecute(() => Promise.reject(new Error("boom")), limits);
  await assert.rejects(failing({ op: "analyze", repo: "acme/app" }, meta), /boom/);
  assert.equal(limits.inFlight(), 0);
});
