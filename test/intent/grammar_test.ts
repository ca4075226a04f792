import assert from "node:assert/strict";
import { parseCommand, stripCommandWords } from "../../src/intent/parse.ts";
import { tokenize } from "../../src/intent/tokenize.ts";
import { expectIntent, expectParse } from "./helpers.ts";

Deno.test("command words: slash, bang, at-mention, Slack/Discord/Teams mentions, none", () => {
  const want = { op: "analyze" as const, repo: "acme/app" };
  for (
    const prefix of [
      "",
      "/ci-test ",
      "!ci-test ",
      "@ci-orchestrator ",
      "<@U123ABC> ",
      "<@U123ABC|ci> ",
      "<@123456789> ",
      "<at>ci-orchestrator</at> ",
      "<@U123ABC> /ci-test ",
      "/CI-TEST ",
    ]
  ) {
    expectParse(`${prefix}analyze acme/app`, want, "grammar");
  }
});

Deno.test("specific slash commands imply their op; /ci-test defaults to test or help", () => {
  expectParse("/ci-analyze acme/app", { op: "analyze", repo: "acme/app" });
  expectParse("/ci-analyze", { op: "analyze" });
  expectParse("/ci-optimize repo:acme/app", { op: "optimize", repo: "acme/app" });
  expectParse("/ci-migrate acme/app reusable", {
    op: "migrate",
    repo: "acme/app",
    strategy: "reusable",
  });
  expectParse("/ci-compare main dev", { op: "compare", baseline: "main", candidate: "dev" });
  expectParse("/ci-compare compare main dev", {
    op: "compare",
    baseline: "main",
    candidate: "dev",
  });
  expectParse("/ci-compare help", { op: "help", topic: "compare" });
  expectParse("/ci-test", { op: "help" });
  expectParse("   ", { op: "help" });
  expectParse("/ci-test acme/app ci.yml", { op: "test", repo: "acme/app", workflow: "ci.yml" });
  expectParse("!ci-test repo:acme/app", { op: "test", repo: "acme/app" });
  assert.deepEqual(stripCommandWords("<@U1> /ci-compare a b"), {
    rest: "a b",
    implied: { op: "compare", hard: true },
  });
});

Deno.test("verbs and aliases", () => {
  const cases: [string, string][] = [
    ["test", "test"],
    ["run", "test"],
    ["compare", "compare"],
    ["migrate", "migrate"],
    ["analyze", "analyze"],
    ["analyse", "analyze"],
    ["Analyze", "analyze"],
    ["optimize", "optimize"],
    ["optimise", "optimize"],
    ["status", "status"],
    ["cancel", "cancel"],
    ["subscribe", "subscribe"],
    ["unsubscribe", "unsubscribe"],
    ["help", "help"],
  ];
  for (const [verb, op] of cases) assert.equal(expectIntent(verb).intent.op, op, verb);
});

Deno.test("key:value, key=value, --flag value, --flag=value, short flags, aliases", () => {
  const want = { op: "test" as const, repo: "acme/app", workflow: "ci.yml", ref: "main" };
  for (
    const text of [
      "test repo:acme/app workflow:ci.yml ref:main",
      "test repo=acme/app workflow=ci.yml ref=main",
      "test --repo acme/app --workflow ci.yml --ref main",
      "test --repo=acme/app --workflow=ci.yml --ref=main",
      "test -R acme/app -w ci.yml -r main",
      "test repository:acme/app wf:ci.yml branch:main",
      "test repo: acme/app workflow: ci.yml ref: main",
      "test —repo acme/app —workflow ci.yml —ref main",
      "test acme/app ci.yml ref:main",
      "test acme/app@main ci.yml",
    ]
  ) {
    expectParse(text, want, "grammar");
  }
});

Deno.test("quoted values: straight, single, smart double and single quotes, escapes", () => {
  const want = { op: "test" as const, repo: "acme/app", ref: "my branch" };
  for (
    const text of [
      'test acme/app ref:"my branch"',
      "test acme/app ref:'my branch'",
      "test acme/app ref:“my branch”",
      "test acme/app ref:‘my branch’",
      'test acme/app --ref "my branch"',
      'test acme/app "ref:my branch"'.replace('"ref:my branch"', 'ref="my branch"'),
    ]
  ) {
    expectParse(text, want, "grammar");
  }
  expectParse('test acme/app ref:"a \\"q\\" b"', { op: "test", repo: "acme/app", ref: 'a "q" b' });
  assert.deepEqual(tokenize(`a 'b c' d:"e f"`), [
    { text: "a", quoted: false },
    { text: "b c", quoted: true },
    { text: "d:e f", quoted: false },
  ]);
});

Deno.test("positional repo, workflow paths and GitHub URLs", () => {
  expectParse("analyze acme/app .github/workflows/ci.yaml", {
    op: "analyze",
    repo: "acme/app",
    workflow: ".github/workflows/ci.yaml",
  });
  expectParse("analyze acme/app ./.github/workflows/ci.yml", {
    op: "analyze",
    repo: "acme/app",
    workflow: ".github/workflows/ci.yml",
  });
  expectParse("analyze https://github.com/acme/app", { op: "analyze", repo: "acme/app" });
  expectParse("analyze <https://github.com/acme/app/actions/workflows/ci.yml|link>", {
    op: "analyze",
    repo: "acme/app",
    workflow: "ci.yml",
  });
  expectParse("analyze https://github.com/acme/app/blob/dev/.github/workflows/ci.yml", {
    op: "analyze",
    repo: "acme/app",
    workflow: ".github/workflows/ci.yml",
    ref: "dev",
  });
  expectParse('analyze "acme/app"', { op: "analyze", repo: "acme/app" });
});

Deno.test("matrices: JSON (quoted, unquoted with spaces, smart quotes), inline, preset, merged", () => {
  const py = { "python-version": ["3.11", "3.12"] };
  for (
    const text of [
      `test acme/app --matrix '{"python-version": ["3.11","3.12"]}'`,
      `test acme/app --matrix='{"python-version": ["3.11","3.12"]}'`,
      `test acme/app --matrix {"python-version": ["3.11", "3.12"]}`,
      `test acme/app matrix:{“python-version”: [“3.11”, “3.12”]}`,
      `test acme/app matrix:{"python-version": [3.11, "3.12"]}`,
      "test acme/app matrix:python-version=3.11,3.12",
      "test acme/app matrix:python-version=3.11 matrix:python-version=3.12",
    ]
  ) {
    expectParse(text, { op: "test", repo: "acme/app", matrix: py }, "grammar");
  }
  expectParse("test acme/app matrix:python-version=3.11,3.12;os=ubuntu-latest,macos-latest", {
    op: "test",
    repo: "acme/app",
    matrix: { "python-version": ["3.11", "3.12"], os: ["ubuntu-latest", "macos-latest"] },
  });
  expectParse("test acme/app matrix:full", { op: "test", repo: "acme/app", matrix: "full" });
  expectParse("test acme/app -m full", { op: "test", repo: "acme/app", matrix: "full" });
});

Deno.test("inputs: repeatable, comma pairs, continuation, JSON, --input and -f", () => {
  expectParse("test acme/app inputs:a=1 inputs:b=2", {
    op: "test",
    repo: "acme/app",
    inputs: { a: "1", b: "2" },
  });
  expectParse("test acme/app inputs:a=1,b=2 inputs:tags=x,y", {
    op: "test",
    repo: "acme/app",
    inputs: { a: "1", b: "2", tags: "x,y" },
  });
  expectParse(`test acme/app --input debug=true -f level=3 -F name="a b"`, {
    op: "test",
    repo: "acme/app",
    inputs: { debug: "true", level: "3", name: "a b" },
  });
  expectParse(`test acme/app inputs:'{"debug": true, "n": 2}'`, {
    op: "test",
    repo: "acme/app",
    inputs: { debug: "true", n: "2" },
  });
});

Deno.test("runs, compare refs, strategy, alerts, help topics, cancel/status ids", () => {
  expectParse("test acme/app runs:5", { op: "test", repo: "acme/app", runs: 5 });
  expectParse("test acme/app -n 3", { op: "test", repo: "acme/app", runs: 3 });
  expectParse("compare main my-branch acme/app runs:3", {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "my-branch",
    runs: 3,
  });
  expectParse("compare main...feature/x acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "feature/x",
  });
  expectParse("compare main feature/x", {
    op: "compare",
    baseline: "main",
    candidate: "feature/x",
  });
  expectParse("compare base:main head:dev", { op: "compare", baseline: "main", candidate: "dev" });
  expectParse("migrate acme/app strategy:composite", {
    op: "migrate",
    repo: "acme/app",
    strategy: "actions",
  });
  expectParse("subscribe acme/app on:fails branch:main event:push", {
    op: "subscribe",
    repo: "acme/app",
    on: "failure",
    branch: "main",
    event: "push",
  });
  expectParse("subscribe acme/app recovery ref:main", {
    op: "subscribe",
    repo: "acme/app",
    on: "recovery",
    branch: "main",
  });
  expectParse("help compare", { op: "help", topic: "compare" });
  expectParse("help /ci-migrate", { op: "help", topic: "migrate" });
  expectParse("analyze --help", { op: "help", topic: "analyze" });
  expectParse("cancel #12", { op: "cancel", target: "12" });
  expectParse("status 7 acme/app", { op: "status", target: "7", repo: "acme/app" });
});

Deno.test("grammar explanation is the canonical command", () => {
  const r = expectIntent("/ci-test analyze wf:ci.yml acme/app");
  assert.equal(r.explanation, "command: analyze repo:acme/app workflow:ci.yml");
});

Deno.test("untrusted values stay data", () => {
  const text = "test acme/app inputs:cmd='$(rm -rf /); `id` ${{ secrets.TOKEN }}' ref:'a;b|c'";
  expectParse(text, {
    op: "test",
    repo: "acme/app",
    ref: "a;b|c",
    inputs: { cmd: "$(rm -rf /); `id` ${{ secrets.TOKEN }}" },
  });
  for (
    const text of [`test acme/app matrix:{"__proto__": ["x"]}`, "test acme/app inputs:__proto__=y"]
  ) {
    const r = parseCommand(text);
    assert.equal(r.kind, "unsupported", text);
    if (r.kind === "unsupported") assert.match(r.error, /cannot use the name '__proto__'/);
  }
});

Deno.test("use: sets or shows the conversation's default repository; takes only a repository", () => {
  expectParse("use acme/app", { op: "use", repo: "acme/app" }, "grammar");
  expectParse("use repo:acme/app", { op: "use", repo: "acme/app" }, "grammar");
  expectParse("use", { op: "use" }, "grammar");
  assert.equal(parseCommand("use acme/app ci.yml").kind, "unsupported");
});
