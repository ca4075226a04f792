import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { parse, stringify } from "yaml";
import { migrateToActions } from "../../../src/ops/migrate/actions.ts";
import { findRepeats } from "../../../src/ops/migrate/actions_find.ts";
import { rewriteField } from "../../../src/ops/migrate/actions_expr.ts";
import { parseWorkflowFile } from "../../../src/workflow/parse.ts";

const setup = (extra = "") =>
  `      - uses: actions/checkout@v4
      - name: Set up Node
        uses: actions/setup-node@v4
        with:
          node-version: 20   # LTS
          cache: npm
      - run: npm ci
      - name: Build
        run: npm run build${extra}
`;

const CI = `# CI
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest # linux
    steps:
${setup()}      - run: npm test  # the tests
`;
const LINT = `name: Lint
on:
  pull_request:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
${setup()}      - run: npm run lint
`;
const RELEASE = `name: Release
on:
  push:
    tags: ["v*"]
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
${setup()}      # publish with the token
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`;

const repo = [
  { path: ".github/workflows/ci.yml", content: CI },
  { path: ".github/workflows/lint.yml", content: LINT },
  { path: ".github/workflows/release.yml", content: RELEASE },
];

const linter = createLinter();

async function actionlintErrors(path: string, content: string) {
  const lint = await linter;
  return lint(content, path).filter((e) => e.kind !== "runner-label");
}

/** actionlint reads workflows only: a composite action's steps are checked inside a job. */
function asWorkflow(action: string): string {
  const meta = parse(action);
  const inputs = Object.fromEntries(
    Object.keys(meta.inputs ?? {}).map((k) => [k, { type: "string", required: true }]),
  );
  return stringify({
    on: { workflow_call: { inputs } },
    jobs: { composite: { "runs-on": "ubuntu-latest", steps: meta.runs.steps } },
  });
}

Deno.test("three workflows repeating their setup → one composite action used three times", async () => {
  const result = migrateToActions(repo);
  assert.equal(result.strategy, "actions");
  const actions = result.files.filter((f) => f.path.startsWith(".github/actions/"));
  assert.equal(actions.length, 1);
  const action = actions[0];
  assert.equal(action.path, ".github/actions/setup-node-and-npm-ci/action.yml");
  assert.equal(action.before, null);
  const meta = parse(action.after);
  assert.equal(meta.runs.using, "composite");
  assert.deepEqual(meta.runs.steps, [
    {
      name: "Set up Node",
      uses: "actions/setup-node@v4",
      with: { "node-version": 20, cache: "npm" },
    },
    { run: "npm ci", shell: "bash" },
    { name: "Build", run: "npm run build", shell: "bash" },
  ]);
  assert.equal(meta.inputs, undefined);
  assert.match(action.after, /node-version: 20 # LTS\n/, "the step's comment moves with it");
  const parsed = parseWorkflowFile(action.path, action.after);
  assert.equal(parsed.file?.kind, "action");
  assert.deepEqual(await actionlintErrors("composite.yml", asWorkflow(action.after)), []);

  for (const original of repo) {
    const changed = result.files.find((f) => f.path === original.path);
    assert.ok(changed, original.path);
    assert.equal(changed.before, original.content);
    const wf = parseWorkflowFile(changed.path, changed.after).file;
    assert.equal(wf?.kind, "workflow");
    const steps = wf.kind === "workflow" ? wf.jobs[0].steps : [];
    assert.equal(steps[0].uses?.value, "actions/checkout@v4");
    assert.equal(steps[1].uses?.value, "./.github/actions/setup-node-and-npm-ci");
    assert.deepEqual(await actionlintErrors(changed.path, changed.after), []);
  }
  const extracted = result.notes.filter((n) => n.kind === "extracted");
  assert.deepEqual(extracted.map((n) => [n.file, n.job, n.line]), [
    [".github/workflows/ci.yml", "test", 9],
    [".github/workflows/lint.yml", "lint", 10],
    [".github/workflows/release.yml", "publish", 12],
  ]);
  assert.ok(
    result.notes.some((n) => n.kind === "kept" && /actions\/checkout stays/.test(n.message)),
  );
  assert.ok(result.notes.some((n) => n.kind === "behaviour-change" && /pipefail/.test(n.message)));
});

Deno.test("untouched lines and comments stay byte-identical", () => {
  const result = migrateToActions(repo);
  const ci = result.files.find((f) => f.path === ".github/workflows/ci.yml")!;
  assert.equal(
    ci.after,
    `# CI
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest # linux
    steps:
      - uses: actions/checkout@v4
      - name: Set up Node, Run npm ci, Build
        uses: ./.github/actions/setup-node-and-npm-ci
      - run: npm test  # the tests
`,
  );
  const release = result.files.find((f) => f.path === ".github/workflows/release.yml")!;
  assert.ok(release.after.includes("      # publish with the token\n      - run: npm publish\n"));
  assert.ok(release.after.startsWith(RELEASE.slice(0, RELEASE.indexOf("      - name: Set up"))));
});

Deno.test("secrets read by the moved steps become inputs the callers pass", async () => {
  const job = (id: string) =>
    `  ${id}:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm publish --tag \${{ matrix.tag }}
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
    strategy:
      matrix:
        tag: [next, latest]
`;
  const content = `on: push\njobs:\n${job("a")}${job("b")}`;
  const result = migrateToActions([{ path: ".github/workflows/p.yml", content }]);
  const action = result.files.find((f) => f.path.endsWith("action.yml"))!;
  const meta = parse(action.after);
  assert.deepEqual(Object.keys(meta.inputs).sort(), ["npm-token", "tag"]);
  assert.equal(meta.runs.steps[2].env.NODE_AUTH_TOKEN, "${{ inputs.npm-token }}");
  assert.equal(meta.runs.steps[2].run, "npm publish --tag ${{ inputs.tag }}");
  assert.ok(!action.after.includes("${{ secrets."), "the action never reads secrets itself");
  assert.deepEqual(await actionlintErrors("composite.yml", asWorkflow(action.after)), []);
  const wf = result.files.find((f) => f.path.endsWith("p.yml"))!;
  const model = parseWorkflowFile(wf.path, wf.after).file;
  assert.ok(model?.kind === "workflow");
  for (const j of model.jobs) {
    assert.equal(j.steps.length, 2);
    assert.equal(j.steps[1].with["npm-token"].value, "${{ secrets.NPM_TOKEN }}");
    assert.equal(j.steps[1].with.tag.value, "${{ matrix.tag }}");
  }
  assert.deepEqual(await actionlintErrors(wf.path, wf.after), []);
  assert.ok(
    result.notes.some((n) =>
      n.kind === "behaviour-change" && n.message.includes("secrets.NPM_TOKEN")
    ),
  );
});

Deno.test("a run whose step output is read later is refused with a note", () => {
  const job = (id: string) =>
    `  ${id}:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo one
      - run: echo two
      - id: version
        run: echo "v=1" >> "$GITHUB_OUTPUT"
      - run: echo ${id} \${{ steps.version.outputs.v }}
`;
  const content = `on: push\njobs:\n${job("a")}${job("b")}`;
  const result = migrateToActions([{ path: "w.yml", content }], { minSteps: 3 });
  assert.deepEqual(result.files, []);
  const kept = result.notes.filter((n) => n.kind === "kept");
  assert.ok(
    kept.some((n) => /step 'version' is read after these steps/.test(n.message)),
    JSON.stringify(kept),
  );
  assert.ok(kept.some((n) => /^Nothing extracted/.test(n.message)));
});

Deno.test("no checkout before the steps, or an unsupported key, keeps them in the job", () => {
  const job = (id: string) =>
    `  ${id}:
    runs-on: ubuntu-latest
    steps:
      - run: echo one
      - run: echo two
      - run: echo three
        timeout-minutes: 5
      - run: echo four
`;
  const result = migrateToActions([{
    path: "w.yml",
    content: `on: push\njobs:\n${job("a")}${job("b")}`,
  }], {
    minSteps: 2,
  });
  assert.deepEqual(result.files, []);
  const messages = result.notes.map((n) => n.message).join("\n");
  assert.match(messages, /no actions\/checkout of this repository runs before these steps/);
  assert.match(messages, /'timeout-minutes' is not supported on composite action steps/);
});

Deno.test("nothing repeated → no files and a note saying so", () => {
  const result = migrateToActions([{ path: ".github/workflows/ci.yml", content: CI }]);
  assert.deepEqual(result.files, []);
  assert.equal(result.notes.length, 1);
  assert.equal(result.notes[0].kind, "kept");
  assert.match(result.notes[0].message, /^Nothing extracted: no run of 3 or more steps/);
});

Deno.test("a Windows job keeps pwsh; jobs on other systems do not match it", () => {
  const job = (id: string, os: string) =>
    `  ${id}:
    runs-on: ${os}
    steps:
      - uses: actions/checkout@v4
      - run: ./configure
      - run: make
      - run: make check
`;
  const content = `on: push\njobs:\n${job("w1", "windows-latest")}${job("w2", "windows-2022")}${
    job("l", "ubuntu-latest")
  }`;
  const result = migrateToActions([{ path: "w.yml", content }], {
    existingActions: ["configure-and-make"],
  });
  const action = result.files.find((f) => f.path.endsWith("action.yml"))!;
  assert.equal(action.path, ".github/actions/configure-and-make-2/action.yml");
  assert.deepEqual(parse(action.after).runs.steps.map((s: { shell: string }) => s.shell), [
    "pwsh",
    "pwsh",
    "pwsh",
  ]);
  assert.deepEqual(
    result.notes.filter((n) => n.kind === "extracted").map((n) => n.job),
    ["w1", "w2"],
  );
});

Deno.test("findRepeats prefers the run that saves most steps and never overlaps", () => {
  const repeats = findRepeats([
    ["a", "b", "c", "d", "a", "b", "c"],
    ["x", "a", "b", "c", "d"],
    ["#barrier", "a", "b", "c"],
  ], { minSteps: 3, minOccurrences: 2, accept: () => true });
  assert.deepEqual(repeats, [{
    length: 3,
    occurrences: [{ seq: 0, start: 0 }, { seq: 0, start: 4 }, { seq: 1, start: 1 }, {
      seq: 2,
      start: 1,
    }],
  }]);
});

Deno.test("rewriteField: refuses computed keys and leaves strings and github context alone", () => {
  const options = { condition: false, internalSteps: new Set(["s"]), inputFor: () => "x" };
  assert.deepEqual(rewriteField("${{ matrix[format('{0}', github.ref)] }}", options), {
    ok: false,
    reason: "'matrix[…]' is read with a computed key",
  });
  assert.deepEqual(
    rewriteField("${{ github.ref == 'secrets.X' && steps.s.outputs.o || env.A }}", options),
    { ok: true, text: "${{ github.ref == 'secrets.X' && steps.s.outputs.o || inputs.x }}" },
  );
  assert.deepEqual(rewriteField("matrix.os == 'linux'", { ...options, condition: true }), {
    ok: true,
    text: "inputs.x == 'linux'",
  });
});
