import assert from "node:assert/strict";
import { backgroundRunner } from "../../src/jobs/background.ts";
import { memoryLogger } from "../../src/log.ts";

Deno.test("background: at most `concurrency` tasks run at once, all of them finish in order", async () => {
  const log = memoryLogger();
  const runner = backgroundRunner(log, { concurrency: 3 });
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  for (let i = 0; i < 20; i++) {
    runner.run(`t${i}`, async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      done.push(i);
    });
  }
  assert.equal(runner.pending, 20);
  await runner.drain();
  assert.equal(peak, 3);
  assert.deepEqual(done.toSorted((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  assert.equal(runner.pending, 0);
});

Deno.test("background: a failing task is logged with its name and does not stop the others", async () => {
  const log = memoryLogger();
  const runner = backgroundRunner(log, { concurrency: 1 });
  let ran = false;
  runner.run("boom", () => Promise.reject(new Error("nope")));
  runner.run("after", () => {
    ran = true;
    return Promise.resolve();
  });
  await runner.drain();
  assert.ok(ran);
  assert.equal(log.entries[0].msg, "background task failed");
  assert.equal(log.entries[0].task, "boom");
});
