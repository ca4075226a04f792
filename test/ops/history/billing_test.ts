import assert from "node:assert/strict";
import { billableMinutes, runnerOf } from "../../../src/ops/history/billing.ts";

Deno.test("runnerOf reads the OS and self-hosted from job labels", () => {
  assert.deepEqual(runnerOf(["ubuntu-latest"]), { os: "linux", selfHosted: false });
  assert.deepEqual(runnerOf(["ubuntu-22.04-4core"]), { os: "linux", selfHosted: false });
  assert.deepEqual(runnerOf(["windows-2022"]), { os: "windows", selfHosted: false });
  assert.deepEqual(runnerOf(["macos-14-xlarge"]), { os: "macos", selfHosted: false });
  assert.deepEqual(runnerOf(["self-hosted", "Linux", "X64"]), { os: "linux", selfHosted: true });
  assert.deepEqual(runnerOf(["self-hosted", "macOS", "ARM64"]), { os: "macos", selfHosted: true });
  assert.deepEqual(runnerOf(["self-hosted", "gpu"]), { os: "unknown", selfHosted: true });
  assert.deepEqual(runnerOf(["my-runner-group"]), { os: "unknown", selfHosted: false });
});

Deno.test("billable minutes round each job up and apply the OS multiplier", () => {
  const linux = { os: "linux", selfHosted: false } as const;
  assert.equal(billableMinutes(1_000, linux), 1);
  assert.equal(billableMinutes(60_000, linux), 1);
  assert.equal(billableMinutes(60_001, linux), 2);
  assert.equal(billableMinutes(61_000, { os: "windows", selfHosted: false }), 4);
  assert.equal(billableMinutes(150_000, { os: "macos", selfHosted: false }), 30);
  assert.equal(billableMinutes(600_000, { os: "linux", selfHosted: true }), 0);
  assert.equal(billableMinutes(30_000, { os: "unknown", selfHosted: false }), 1);
  assert.equal(billableMinutes(0, linux), 0);
});
