import assert from "node:assert/strict";
import { type CliIO, runCli } from "../src/cli.ts";

const CLI = new URL("../src/cli.ts", import.meta.url).pathname;

/** The example phrases of the foundation issue and the documented intent for each. */
const EXAMPLES: Array<[string, Record<string, unknown>]> = [
  ["/ci-test analyze repo:acme/app", { op: "analyze", repo: "acme/app" }],
  [
    "/ci-test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12",
    {
      op: "test",
      repo: "acme/app",
      workflow: "ci.yml",
      matrix: { "python-version": ["3.11", "3.12"] },
    },
  ],
  [
    `test acme/app --matrix '{"python-version": ["3.11","3.12"]}' inputs:debug=true`,
    {
      op: "test",
      repo: "acme/app",
      matrix: { "python-version": ["3.11", "3.12"] },
      inputs: { debug: "true" },
    },
  ],
  ["!ci-test repo=acme/app matrix=full", { op: "test", repo: "acme/app", matrix: "full" }],
  [
    "Test my CI workflow with Python 3.11 and 3.12",
    { op: "test", matrix: { "python-version": ["3.11", "3.12"] } },
  ],
  ["How can I make my CI faster?", { op: "optimize" }],
  ["Help me migrate to shared actions", { op: "migrate", strategy: "actions" }],
  ["Why is my CI slow?", { op: "analyze" }],
  [
    "compare main and my-branch on acme/app",
    { op: "compare", repo: "acme/app", baseline: "main", candidate: "my-branch" },
  ],
  [
    "notify this channel when acme/app's CI fails",
    { op: "subscribe", repo: "acme/app", on: "failure" },
  ],
];

function memoryIO(stdin: string[] = []): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    readStdin: async function* () {
      yield* stdin;
    },
    env: {},
  };
}

Deno.test("cli parse: every documented example phrase becomes the documented intent", async () => {
  for (const [text, expected] of EXAMPLES) {
    const io = memoryIO();
    const code = await runCli(["parse", text], io);
    assert.equal(code, 0, `${text}: ${io.stdout.join("\n")}`);
    assert.deepEqual(JSON.parse(io.stdout[0]), expected, text);
  }
});

Deno.test("cli parse: unparseable text prints error and hint as JSON, exit 2", async () => {
  const io = memoryIO();
  const code = await runCli(["parse", "frobnicate the widgets"], io);
  assert.equal(code, 2);
  const out = JSON.parse(io.stdout[0]);
  assert.equal(typeof out.error, "string");
  assert.equal(typeof out.hint, "string");
  assert.equal(out.examples.length, 2);
});

Deno.test("deno task cli parse - : one JSON line per stdin line, in a real process", async () => {
  const lines = [...EXAMPLES.map(([text]) => text), "frobnicate the widgets"];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-read", "--allow-net", CLI, "parse", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(lines.join("\n") + "\n"));
  await writer.close();
  const { code, stdout } = await child.output();
  const out = new TextDecoder().decode(stdout).trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(out.length, lines.length);
  EXAMPLES.forEach(([text, expected], i) => assert.deepEqual(out[i], expected, text));
  assert.equal(typeof out.at(-1).error, "string");
  assert.equal(code, 2, "a line that was not understood makes the exit code 2");
});

Deno.test("cli run --dir: analyzes local workflow files without a token", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/.github/workflows/ci.yml`,
      [
        "on: push",
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        '      - run: echo "::set-output name=x::1"',
        "",
      ].join("\n"),
    );
    // Pedantic findings (missing-timeout) are shown on request.
    await Deno.writeTextFile(`${dir}/.github/ci-orchestrator.yml`, "analyze:\n  level: pedantic\n");
    const io = memoryIO();
    const code = await runCli(["run", "analyze", "--dir", dir], io);
    assert.equal(code, 0, io.stderr.join("\n"));
    const md = io.stdout.join("\n");
    assert.match(md, /^# .* Analyze /);
    assert.match(md, /ci\.yml:3.*missing-timeout/);
    assert.match(md, /ci\.yml:7.*deprecated-command/);

    const jsonIO = memoryIO();
    assert.equal(await runCli(["run", "analyze", "--dir", dir, "--json"], jsonIO), 0);
    const report = JSON.parse(jsonIO.stdout.join("\n"));
    const rules = report.findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(rules.includes("missing-timeout"));
    assert.ok(rules.includes("deprecated-command"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli run: a missing --dir is a clear error with exit 2 (usage)", async () => {
  const io = memoryIO();
  const code = await runCli(["run", "analyze", "--dir", "/definitely/not/here"], io);
  assert.equal(code, 2);
  assert.match(io.stderr.join("\n"), /Cannot read --dir '\/definitely\/not\/here'/);
});

Deno.test("cli run --dir over the whole corpus: every file analysed, only real errors", async () => {
  const corpus = new URL("../../shared/corpus/github", import.meta.url).pathname;
  const io = memoryIO();
  const code = await runCli(["run", "analyze", "--dir", corpus, "--json"], io);
  const report = JSON.parse(io.stdout.join("\n"));
  // The one real bug at error level: terraform's e2e-test-exec job reads matrix.goos/goarch but
  // has no matrix (actionlint).
  const errors = report.findings.filter((f: { severity: string }) => f.severity === "error")
    .map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`);
  assert.deepEqual(errors, [
    "hashicorp__terraform__.github__workflows__build.yml:301 actionlint/expression",
    "hashicorp__terraform__.github__workflows__build.yml:302 actionlint/expression",
  ]);
  assert.equal(code, 1, io.stderr.join("\n"));
  const files = [...Deno.readDirSync(corpus)].filter((e) => /\.ya?ml$/.test(e.name)).length;
  assert.equal(report.tables[0].rows.length, files);
  assert.ok(report.findings.length > 100);
});

Deno.test("cli run: plain language that would change something is shown, exit 3; --yes runs it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const text = "run the tests on acme/app branch main with ci.yml";
    const io = memoryIO();
    const code = await runCli(["run", text, "--dir", dir], io);
    assert.equal(code, 3, io.stderr.join("\n"));
    assert.match(
      io.stdout.join("\n"),
      /Understood as: test repo:acme\/app workflow:ci\.yml ref:main/,
    );
    assert.match(io.stderr.join("\n"), /Nothing was run: add --yes/);

    const yes = memoryIO();
    const ran = await runCli(["run", text, "--dir", dir, "--yes"], yes);
    assert.notEqual(ran, 3, "--yes is the confirmation");
    assert.doesNotMatch(yes.stdout.join("\n"), /Understood as/);

    // The exact grammar and read-only plain language run without --yes.
    const exact = memoryIO();
    assert.notEqual(
      await runCli(["run", "test repo:acme/app workflow:ci.yml", "--dir", dir], exact),
      3,
    );
    const question = memoryIO();
    // Analysed at once; the empty directory has no workflows, which is exit 2.
    assert.equal(await runCli(["run", "Why is my CI slow?", "--dir", dir], question), 2);
    assert.doesNotMatch(question.stdout.join("\n"), /Understood as/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli --help documents --out and --force for migrate; --out=DIR is read like --out DIR", async () => {
  const help = memoryIO();
  assert.equal(await runCli(["--help"], help), 0);
  const usage = help.stderr.join("\n");
  assert.match(usage, /cli run "migrate …" \[--dir PATH\] --out DIR \[--force\]/);
  assert.match(usage, /nothing is\s+written when a file fails validation/);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(
      new URL("../../shared/corpus/gitlab/xiph__opus__.gitlab-ci.yml", import.meta.url),
      `${dir}/.gitlab-ci.yml`,
    );
    const io = memoryIO();
    const code = await runCli(["run", "migrate", `--out=${dir}/out`, "--dir", dir], io);
    assert.equal(code, 0, io.stderr.join("\n"));
    assert.equal(io.stdout.at(-1), "- .github/workflows/gitlab-ci.yml");
    assert.match(await Deno.readTextFile(`${dir}/out/.github/workflows/gitlab-ci.yml`), /^on:/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
