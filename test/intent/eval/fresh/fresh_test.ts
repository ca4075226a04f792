import assert from "node:assert/strict";
import { IntentSchema, OPS } from "../../../../src/intent/schema.ts";
import { FRESH_PHRASES } from "./mod.ts";

/** Orgs the first set and the docs use: a fresh set must not overlap their names. */
const USED_ORGS = [
  "acme",
  "globex",
  "hooli",
  "stark",
  "contoso",
  "initech",
  "umbrella",
  "pied-piper",
];

Deno.test("fresh set: every expectation with an op is a valid Intent (field names, shapes)", () => {
  const bad = FRESH_PHRASES.flatMap((x) => {
    if (x.expect.op === null) return [];
    const r = IntentSchema.safeParse(x.expect);
    return r.success ? [] : [`${x.text}: ${r.error.message}`];
  });
  assert.deepEqual(bad, []);
});

Deno.test("fresh set: at least 200 phrases, no duplicates", () => {
  assert.ok(FRESH_PHRASES.length >= 200, `only ${FRESH_PHRASES.length} phrases`);
  const texts = FRESH_PHRASES.map((x) => x.text.toLowerCase());
  assert.deepEqual(texts.filter((t, i) => texts.indexOf(t) !== i), []);
});

Deno.test("fresh set: at least 30 % questions, and statements and negations present", () => {
  const share = FRESH_PHRASES.filter((x) => x.act === "question").length / FRESH_PHRASES.length;
  assert.ok(share >= 0.3, `questions are ${(share * 100).toFixed(1)} %`);
  for (const act of ["request", "statement", "negation"] as const) {
    assert.ok(FRESH_PHRASES.some((x) => x.act === act), `no ${act}`);
  }
});

Deno.test("fresh set: every operation and nothing-to-run are covered", () => {
  const ops = new Set(FRESH_PHRASES.map((x) => x.expect.op));
  assert.deepEqual(OPS.filter((op) => !ops.has(op)), []);
  assert.ok(ops.has(null));
});

Deno.test("fresh set: every style but the exact grammar has at least 12 phrases", () => {
  const styles = [
    "terse",
    "polite",
    "question",
    "typo",
    "url",
    "branch",
    "range",
    "inputs",
    "two-workflows",
    "noncommand",
    "smalltalk",
  ] as const;
  const few = styles.filter((s) => FRESH_PHRASES.filter((x) => x.style === s).length < 12);
  assert.deepEqual(few, []);
});

Deno.test("fresh set: repositories avoid the orgs the first set uses", () => {
  const repos = FRESH_PHRASES.flatMap((x) =>
    x.expect.op !== null && typeof x.expect.repo === "string" ? [x.expect.repo] : []
  );
  assert.deepEqual(repos.filter((r) => USED_ORGS.includes(r.split("/")[0])), []);
  const inText = FRESH_PHRASES.flatMap((x) =>
    x.text.match(/\b[\w-]+(?=\/[\w.-]+)/g)?.filter((o) => USED_ORGS.includes(o)) ?? []
  );
  assert.deepEqual(inText, []);
});

Deno.test("fresh set: every repository, id and workflow in a label is written in its phrase", () => {
  const missing = FRESH_PHRASES.flatMap((x) => {
    if (x.expect.op === null) return [];
    const e = x.expect as Record<string, unknown>;
    const values = ["repo", "workflow", "ref", "target", "baseline", "candidate", "branch"]
      .map((k) => e[k])
      .filter((v): v is string => typeof v === "string" && v !== "list");
    return values.filter((v) => !x.text.includes(v)).map((v) => `${x.text}: ${v}`);
  });
  assert.deepEqual(missing, []);
});
