// Precision of `analyze` at the default level, measured on real workflows: every default-level
// finding on the fixtures of test/analyze/labelled/ must be labelled true or false in
// labels.txt (by reading the YAML), and at least 95 % must be true.
import assert from "node:assert/strict";
import { z } from "zod";
import type { Finding } from "../../src/report/model.ts";
import { lintFiles } from "../../src/workflow/lint.ts";
import { findingLevel } from "../../src/workflow/rules/index.ts";

const ROOT = new URL("./labelled/", import.meta.url).pathname;
const LABELS = `${ROOT}labels.txt`;

const LabelSchema = z.object({
  verdict: z.enum(["true", "false"]),
  key: z.string().regex(/^\S+:\d+:\d+ [a-z-]+$/),
  reason: z.string(),
}).refine((l) => l.verdict === "true" || l.reason.length >= 10, {
  message: "every `false` needs a one-line reason",
});
type Label = z.infer<typeof LabelSchema>;

/** `true|false <file>:<line>:<column> <rule-id> [— reason]`, `#` comments and blank lines. */
function parseLabels(text: string): Map<string, Label> {
  const labels = new Map<string, Label>();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const m = line.match(/^(\S+) (\S+) (\S+)(?: — (.*))?$/);
    const label = LabelSchema.parse({
      verdict: m?.[1],
      key: m ? `${m[2]} ${m[3]}` : line,
      reason: m?.[4] ?? "",
    });
    assert.ok(!labels.has(label.key), `labels.txt:${i + 1} labels ${label.key} twice`);
    labels.set(label.key, label);
  });
  return labels;
}

const keyOf = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`;

function filesUnder(dir: string, rel = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) return filesUnder(`${dir}/${e.name}`, path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  }).sort();
}

// One repository at a time, so the repository-wide rules see the files they would in real use.
const repos = [...Deno.readDirSync(ROOT)].filter((e) => e.isDirectory).map((e) => e.name).sort();
const findings = repos.flatMap((repo) =>
  lintFiles(
    filesUnder(`${ROOT}${repo}`).map((path) => ({
      path: `${repo}/${path}`,
      content: Deno.readTextFileSync(`${ROOT}${repo}/${path}`),
    })),
  )
).filter((f) => findingLevel(f) === "default");
const labels = parseLabels(Deno.readTextFileSync(LABELS));

Deno.test("the labelled set covers at least 10 real repositories and 200 findings", () => {
  assert.ok(repos.length >= 10, `only ${repos.length} repositories`);
  assert.ok(findings.length >= 200, `only ${findings.length} default-level findings`);
});

Deno.test("every default-level finding on the labelled set is labelled", () => {
  const unlabelled = findings.filter((f) => !labels.has(keyOf(f)));
  assert.deepEqual(
    unlabelled.map((f) => `${keyOf(f)}: ${f.message}`),
    [],
    "New findings: read the YAML, then add `true <file>:<line>:<column> <rule-id>` or " +
      "`false … — <why it is wrong>` for each to test/analyze/labelled/labels.txt",
  );
  const found = new Set(findings.map(keyOf));
  assert.deepEqual(
    [...labels.keys()].filter((key) => !found.has(key)),
    [],
    "These labels match no finding any more: remove them (a fixed false positive) or relabel " +
      "the finding at its new place",
  );
});

Deno.test("precision at the default level is at least 95 %", () => {
  const wrong = findings.filter((f) => labels.get(keyOf(f))?.verdict === "false");
  const precision = (findings.length - wrong.length) / findings.length;
  assert.ok(
    precision >= 0.95,
    `precision ${(precision * 100).toFixed(1)} % (${wrong.length} false of ${findings.length}): ` +
      wrong.map((f) => `${keyOf(f)} — ${labels.get(keyOf(f))?.reason}`).join("; "),
  );
});
