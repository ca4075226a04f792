import assert from "node:assert/strict";
import { parseCommand } from "../../src/intent/parse.ts";

const intentOf = (text: string) => {
  const r = parseCommand(text);
  assert.equal(r.kind, "intent", text);
  return r.kind === "intent" ? r.intent : undefined;
};

Deno.test("optimize apply ids becomes target apply:<ids> in every spelling", () => {
  assert.deepEqual(intentOf("optimize apply s1,s2"), { op: "optimize", target: "apply:s1,s2" });
  assert.deepEqual(intentOf("optimize acme/app apply s1, s2"), {
    op: "optimize",
    repo: "acme/app",
    target: "apply:s1,s2",
  });
  assert.equal(intentOf("optimize apply s1 s2 repo:acme/app")?.target, "apply:s1,s2");
  assert.equal(intentOf("optimize target:apply:s1 acme/app")?.target, "apply:s1");
  // Without ids the op itself asks for them; ids without `apply` are not read as apply.
  assert.equal(intentOf("optimize apply")?.target, "apply");
  assert.equal(intentOf("optimize acme/app s1")?.target, undefined);
});

Deno.test("migrate … apply asks for the pull request", () => {
  const r = parseCommand("migrate acme/app strategy:reusable apply");
  assert.equal(r.kind, "intent");
  if (r.kind === "intent") {
    assert.deepEqual(r.intent, {
      op: "migrate",
      repo: "acme/app",
      strategy: "reusable",
      target: "apply",
    });
  }
});
