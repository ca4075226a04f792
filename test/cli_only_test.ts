import assert from "node:assert/strict";
import { applyOnly, takeOnly } from "../src/cli_only.ts";
import { CiError } from "../src/errors.ts";
import { parseCommand } from "../src/intent/parse.ts";

const badRequest = (pattern: RegExp) => (e: unknown) =>
  e instanceof CiError && e.code === "bad_request" && pattern.test(e.message);

Deno.test("takeOnly takes --only VALUE and --only=VALUE out of the arguments", () => {
  assert.deepEqual(takeOnly(["optimize repo:acme/app", "--only", "s1a2b3,s9f8e7", "--json"]), {
    only: "s1a2b3,s9f8e7",
    rest: ["optimize repo:acme/app", "--json"],
  });
  assert.deepEqual(takeOnly(["--dir", "/tmp/x", "--only=s1a2b3", "optimize", "--only", "s9f8e7"]), {
    only: "s1a2b3,s9f8e7",
    rest: ["--dir", "/tmp/x", "optimize"],
  });
  assert.deepEqual(takeOnly(["optimize repo:acme/app"]), { rest: ["optimize repo:acme/app"] });
  assert.throws(() => takeOnly(["optimize", "--only"]), badRequest(/--only needs suggestion ids/));
  assert.throws(() => takeOnly(["optimize", "--only", "--json"]), badRequest(/got '--json'/));
  assert.throws(() => takeOnly(["optimize", "--only=,"]), badRequest(/got ','/));
});

Deno.test("--only turns optimize into the same preview as typing `optimize apply ids`", () => {
  const chosen = applyOnly(parseCommand("optimize repo:acme/app"), "s1a2b3, S9F8E7,s1a2b3");
  const typed = parseCommand("optimize repo:acme/app apply s1a2b3,s9f8e7");
  assert.equal(chosen.kind, "intent");
  assert.equal(typed.kind, "intent");
  if (chosen.kind !== "intent" || typed.kind !== "intent") return;
  assert.deepEqual(chosen.intent, typed.intent);
  assert.deepEqual(chosen.intent.apply, { step: "preview", ids: ["s1a2b3", "s9f8e7"] });
  assert.match(chosen.explanation, /--only s1a2b3,s9f8e7 → apply$/);

  // With --dir there is no repo in the text: the CLI names it from the folder.
  const local = applyOnly(parseCommand("optimize workflow:ci.yml"), "s1a2b3");
  assert.equal(local.kind, "intent");
  if (local.kind !== "intent") return;
  assert.deepEqual(local.intent, {
    op: "optimize",
    workflow: "ci.yml",
    apply: { step: "preview", ids: ["s1a2b3"] },
  });
});

Deno.test("without --only, or for text not understood, the parse is unchanged", () => {
  const parsed = parseCommand("optimize repo:acme/app");
  assert.equal(applyOnly(parsed, undefined), parsed);
  const unknown = parseCommand("frobnicate the pipes");
  assert.equal(unknown.kind, "unsupported");
  assert.equal(applyOnly(unknown, "s1a2b3"), unknown);
});

Deno.test("--only is refused for other operations, next to an apply step, and for a bad id", () => {
  assert.throws(
    () => applyOnly(parseCommand("analyze repo:acme/app"), "s1a2b3"),
    badRequest(/--only chooses optimize suggestions, not 'analyze'/),
  );
  assert.throws(
    () => applyOnly(parseCommand("optimize repo:acme/app apply s1a2b3"), "s9f8e7"),
    badRequest(/both choose what to apply/),
  );
  assert.throws(
    () => applyOnly(parseCommand("optimize repo:acme/app"), "s1_bad"),
    badRequest(/'apply\.ids\.0'.*s1_bad/),
  );
});
