/**
 * A job id is never dropped: `cancel` without an id means "your latest running job", so an id
 * the reader failed to recognise would cancel a different job.
 */
import assert from "node:assert/strict";
import { parseCommand } from "../../src/intent/parse.ts";
import { randomId } from "../../src/ids.ts";

const read = (text: string) => {
  const r = parseCommand(text);
  assert.equal(r.kind, "intent", text);
  return r.kind === "intent" ? r.intent : undefined;
};

Deno.test("job ids: the service's own ids, hex ids and numbers stay in `target`", () => {
  for (let i = 0; i < 2000; i++) {
    const id = randomId();
    assert.deepEqual(read(`cancel ${id}`), { op: "cancel", target: id });
    assert.deepEqual(read(`please cancel job ${id}`), { op: "cancel", target: id });
  }
  // base64url ids may begin with "-": never read as a flag.
  assert.deepEqual(read("cancel --oHj5j5Z--dmRaseK6o8w"), {
    op: "cancel",
    target: "--oHj5j5Z--dmRaseK6o8w",
  });
  assert.deepEqual(read("cancel -xHj5j5Z--dmRaseK6o8wA"), {
    op: "cancel",
    target: "-xHj5j5Z--dmRaseK6o8wA",
  });
  assert.deepEqual(read("cancel abcdefghijklmnopqrstuv"), {
    op: "cancel",
    target: "abcdefghijklmnopqrstuv",
  });
  assert.deepEqual(read("cancel deadbeef"), { op: "cancel", target: "deadbeef" });
  assert.deepEqual(read("/ci-test cancel 9b1e44d0"), { op: "cancel", target: "9b1e44d0" });
  assert.deepEqual(read("cancel job 4411"), { op: "cancel", target: "4411" });
  assert.deepEqual(read("cancel my latest job"), { op: "cancel" });
});
