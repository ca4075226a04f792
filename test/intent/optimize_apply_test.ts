import assert from "node:assert/strict";
import { intentToCommand } from "../../src/intent/format.ts";
import { parseCommand, validateIntent } from "../../src/intent/parse.ts";
import type { Intent } from "../../src/intent/schema.ts";

const intentOf = (text: string) => {
  const r = parseCommand(text);
  assert.equal(r.kind, "intent", text);
  return r.kind === "intent" ? r.intent : undefined;
};

const refusal = (text: string) => {
  const r = parseCommand(text);
  assert.equal(r.kind, "unsupported", text);
  return r.kind === "unsupported" ? r.error : "";
};

Deno.test("optimize apply ids becomes the typed preview step in every spelling", () => {
  const preview = { step: "preview", ids: ["s1", "s2"] };
  assert.deepEqual(intentOf("optimize apply s1,s2"), { op: "optimize", apply: preview });
  assert.deepEqual(intentOf("optimize acme/app apply s1, s2"), {
    op: "optimize",
    repo: "acme/app",
    apply: preview,
  });
  assert.deepEqual(intentOf("optimize apply s1 S2 repo:acme/app")?.apply, preview);
  assert.deepEqual(intentOf("optimize apply:s1,s2 acme/app")?.apply, preview);
  assert.deepEqual(intentOf("optimize --apply s1,s2 acme/app")?.apply, preview);
  // Without ids the op itself asks for them; ids without `apply` are not read as apply.
  assert.deepEqual(intentOf("optimize apply")?.apply, { step: "preview" });
  assert.equal(intentOf("optimize acme/app s1")?.apply, undefined);
});

Deno.test("apply:IDS@HASH is the confirmation, and prints back to itself", () => {
  const intent = intentOf("optimize acme/app apply:s1,s2@3fa9c2e1d0aa");
  assert.deepEqual(intent?.apply, { step: "confirm", ids: ["s1", "s2"], hash: "3fa9c2e1d0aa" });
  const samples: Intent[] = [
    intent!,
    { op: "optimize", repo: "acme/app", apply: { step: "preview", ids: ["s1"] } },
    { op: "migrate", repo: "acme/app", strategy: "reusable", apply: { step: "preview" } },
    { op: "migrate", repo: "acme/app", apply: { step: "confirm", hash: "abcdef" } },
  ];
  for (const sample of samples) assert.deepEqual(intentOf(intentToCommand(sample)), sample);
  assert.equal(intentToCommand(samples[2]), "migrate repo:acme/app strategy:reusable apply");
  assert.equal(intentToCommand(samples[3]), "migrate repo:acme/app apply:@abcdef");
});

Deno.test("migrate … apply asks for the pull request", () => {
  assert.deepEqual(intentOf("migrate acme/app strategy:reusable apply"), {
    op: "migrate",
    repo: "acme/app",
    strategy: "reusable",
    apply: { step: "preview" },
  });
  assert.deepEqual(intentOf("migrate acme/app target:acme/tools/ci.yml@v1 apply"), {
    op: "migrate",
    repo: "acme/app",
    target: "acme/tools/ci.yml@v1",
    apply: { step: "preview" },
  });
});

Deno.test("an apply step in target, or a malformed one, is refused naming the value", () => {
  assert.match(refusal("optimize target:apply:s1 acme/app"), /'target'.*'apply:s1'/);
  assert.match(refusal("optimize target:apply:s1 acme/app"), /optimize apply s1,s2/);
  assert.match(refusal("migrate acme/app target:APPLY"), /migrate … apply/);
  assert.match(refusal("optimize acme/app apply:s1@XYZ"), /'apply.hash'.*'XYZ'/);
  assert.match(refusal("optimize acme/app apply:s_1"), /'apply.ids.0'.*'s_1'/);
  assert.match(refusal("optimize acme/app apply:s1@ab@cd"), /Cannot read the apply step/);
});

Deno.test("free text fields refuse surrounding white space and invisible characters", () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ workflow: " ci.yml" }, /'workflow'.*white space/],
    [{ branch: "main\n" }, /'branch'.*control/],
    [{ event: "pu\u200bsh" }, /'event'.*'pu\\u\{200b\}sh'/],
    [{ repo: "acme/app", branch: "ma\u202ein" }, /'branch'.*bidirectional/],
  ];
  for (const [fields, message] of cases) {
    assert.throws(() => validateIntent({ op: "subscribe", ...fields }), message);
  }
  assert.throws(
    () => validateIntent({ op: "test", inputs: { "\u0007k": "v" } }),
    /'inputs/,
  );
  assert.throws(() => validateIntent({ op: "compare", baseline: "main " }), /'baseline'/);
  assert.throws(() => validateIntent({ op: "compare", candidate: "\tdev" }), /'candidate'/);
  assert.throws(() => validateIntent({ op: "test", ref: "\ufeffmain" }), /'ref'/);
  // Chat text is normalised first (zero-width characters dropped); bidi overrides stay and fail.
  assert.equal(intentOf("analyze acme/app ref:ma\u200bin")?.ref, "main");
  assert.match(refusal("analyze acme/app ref:ma\u202ein"), /'ref'.*'ma\\u\{202e\}in'/);
});
