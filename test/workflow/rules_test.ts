import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { lintWorkflow, RULES } from "../../src/workflow/lint.ts";
import { PARSE_RULES, REPO_RULES } from "../../src/workflow/rules/index.ts";
import { inlineCode } from "../../src/workflow/rules/rule.ts";
import type { Finding } from "../../src/report/model.ts";

const lint = (content: string, path = ".github/workflows/ci.yml") =>
  lintWorkflow({ path, content });
const PARSE_RULE_IDS = PARSE_RULES.map((r) => r.id);
const only = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

// A workflow that passes every rule; tests change one thing at a time.
const CLEAN = `name: ci
on: [push, pull_request]
permissions:
  contents: read
concurrency:
  group: ci-\${{ github.ref }}
  cancel-in-progress: true
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v4
      - uses: actions/setup-node@48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e # v4
        with:
          cache: npm
      - run: npm ci && npm test
`;

Deno.test("the clean workflow has no findings", () => {
  // Only zizmor's low-confidence advice that its checkout keeps the token (artipacked, pedantic).
  assert.deepEqual(lint(CLEAN).map((f) => `${f.ruleId} ${f.level}`), ["artipacked pedantic"]);
});

Deno.test("RULES documents every rule once with a rationale", () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ["missing-timeout", "missing-concurrency", "unpinned-action", "permissions"]) {
    assert.ok(ids.includes(id), id);
  }
  for (const r of RULES) assert.ok(r.rationale.length > 10 && !r.rationale.includes("\n"), r.id);
});

Deno.test("missing-timeout fires on a job without timeout-minutes at the job line", () => {
  const [f] = only(lint(CLEAN.replace("    timeout-minutes: 15\n", "")), "missing-timeout");
  assert.equal(f.line, 9);
  assert.equal(f.job, "build");
  assert.equal(f.severity, "warning");
  assert.equal(
    f.fix,
    "Set `timeout-minutes` on job 'build' to about 1.5 × its longest normal run (at least 10); " +
      "`optimize` computes it from the run history.",
  );
  // No one number fits every job: the value comes from the job's history (optimize).
  assert.equal(f.patch, undefined);
});

Deno.test("missing-timeout skips reusable-workflow callers", () => {
  const src = CLEAN + "  call:\n    uses: ./.github/workflows/reuse.yml\n";
  assert.deepEqual(only(lint(src), "missing-timeout"), []);
});

Deno.test("missing-concurrency fires for push without cancel-in-progress", () => {
  const src = CLEAN.replace("  cancel-in-progress: true\n", "");
  const [f] = only(lint(src), "missing-concurrency");
  assert.equal(f.line, 5);
  assert.match(f.message, /push and pull_request has concurrency without cancel-in-progress/);
  const none = only(lint(src.replace(/concurrency:\n {2}group: .*\n/, "")), "missing-concurrency");
  assert.equal(none[0].line, 2);
});

Deno.test("missing-concurrency accepts an expression, job-level cancel, or no push trigger", () => {
  const expr = CLEAN.replace(
    "cancel-in-progress: true",
    "cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
  );
  assert.deepEqual(only(lint(expr), "missing-concurrency"), []);
  const noTop = CLEAN.replace(/concurrency:\n {2}group: .*\n {2}cancel-in-progress: true\n/, "");
  const perJob = noTop.replace(
    "    timeout-minutes: 15\n",
    "    timeout-minutes: 15\n    concurrency:\n      group: x\n      cancel-in-progress: true\n",
  );
  assert.deepEqual(only(lint(perJob), "missing-concurrency"), []);
  assert.deepEqual(
    only(lint(noTop.replace("on: [push, pull_request]", "on: schedule")), "missing-concurrency"),
    [],
  );
});

Deno.test("unpinned-action: third-party tag is a warning, actions/* a notice, at the uses line", () => {
  const src = CLEAN.replace(
    "      - run: npm ci",
    "      - uses: dtolnay/rust-toolchain@master\n      - uses: actions/cache@v4\n" +
      "      - uses: docker://alpine:3.20\n      - run: npm ci",
  );
  const fs = only(lint(src), "unpinned-action");
  assert.deepEqual(fs.map((f) => [f.line, f.severity]), [[17, "warning"], [19, "warning"], [
    18,
    "notice",
  ]]);
  assert.match(fs[0].message, /'dtolnay\/rust-toolchain@master' is pinned to 'master'/);
  assert.match(fs[0].fix!, /`git ls-remote https:\/\/github.com\/dtolnay\/rust-toolchain master`/);
  assert.equal(fs[0].patch, "uses: dtolnay/rust-toolchain@<40-hex sha of master> # master");
  assert.equal(fs[1].patch, "uses: docker://alpine@sha256:<digest>");
  assert.match(fs[1].fix!, /`docker buildx imagetools inspect alpine:3\.20`/);
  assert.equal(fs[0].column, 15);
});

Deno.test("unpinned-action flags reusable workflow calls and skips local and digest refs", () => {
  const src = CLEAN +
    "  call:\n    uses: eslint/workflows/.github/workflows/stale.yml@main\n" +
    "  local:\n    uses: ./.github/workflows/x.yml\n";
  const fs = only(lint(src), "unpinned-action");
  assert.equal(fs.length, 1);
  assert.equal(fs[0].job, "call");
  const ok = CLEAN.replace(
    "      - run: npm ci",
    "      - uses: ./.github/actions/setup\n" +
      "      - uses: docker://alpine@sha256:" + "a".repeat(64) + "\n      - run: npm ci",
  );
  assert.deepEqual(only(lint(ok), "unpinned-action"), []);
});

Deno.test("permissions fires when missing, naming jobs without their own", () => {
  const src = CLEAN.replace("permissions:\n  contents: read\n", "");
  const [f] = only(lint(src), "permissions");
  assert.match(f.message, /No top-level permissions, and job 'build' set none/);
  assert.equal(f.line, 2);
});

Deno.test("permissions fires on write-all and is quiet when every job sets its own", () => {
  const writeAll = CLEAN.replace("permissions:\n  contents: read\n", "permissions: write-all\n");
  const [f] = only(lint(writeAll), "permissions");
  assert.equal(f.line, 3);
  assert.match(f.message, /'write-all'/);
  const perJob = CLEAN.replace("permissions:\n  contents: read\n", "").replace(
    "    timeout-minutes: 15\n",
    "    timeout-minutes: 15\n    permissions:\n      contents: read\n",
  );
  assert.deepEqual(only(lint(perJob), "permissions"), []);
});

Deno.test("setup-without-cache fires for setup-node/python without cache and setup-go@v3", () => {
  const src = CLEAN.replace("        with:\n          cache: npm\n", "") +
    "  py:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n" +
    "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n" +
    "      - uses: actions/setup-go@v3\n" +
    "      - run: pip install -r requirements.txt && go build ./...\n";
  const fs = only(lint(src), "setup-without-cache");
  assert.deepEqual(fs.map((f) => [f.line, f.job]), [[14, "build"], [20, "py"], [23, "py"]]);
  assert.match(fs[0].fix!, /^Set `cache` so/);
  assert.equal(
    fs[0].patch,
    "- uses: actions/setup-node@48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e\n  with:\n" +
      "    cache: npm  # or yarn, pnpm",
  );
});

Deno.test("setup-without-cache: setup-go v4+ caches by default, actions/cache counts", () => {
  const go = CLEAN.replace(
    "actions/setup-node@48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e # v4",
    "actions/setup-go@v5",
  )
    .replace("          cache: npm\n", "          go-version: stable\n");
  assert.deepEqual(only(lint(go), "setup-without-cache"), []);
  const v3 = go.replace("actions/setup-go@v5", "actions/setup-go@v3")
    .replace("npm ci && npm test", "go test ./...");
  assert.equal(only(lint(v3), "setup-without-cache").length, 1);
  const cached = CLEAN.replace(
    "        with:\n          cache: npm\n",
    "      - uses: actions/cache@v4\n",
  );
  assert.deepEqual(only(lint(cached), "setup-without-cache"), []);
});

Deno.test("script-injection fires on PR title in run at the exact line", () => {
  const src = CLEAN.replace(
    "      - run: npm ci && npm test\n",
    "      - name: greet\n        run: |\n          echo start\n" +
      '          echo "${{ github.event.pull_request.title }}"\n',
  );
  const [f] = only(lint(src), "script-injection");
  assert.equal(f.severity, "error");
  assert.equal(f.line, 20);
  assert.match(f.message, /github\.event\.pull_request\.title/);
  assert.equal(
    f.fix,
    'Pass it through `env:` and use the quoted variable `"$PULL_REQUEST_TITLE"` in the script.',
  );
  assert.equal(
    f.patch,
    "env:\n  PULL_REQUEST_TITLE: ${{ github.event.pull_request.title }}\n" +
      'run: echo "$PULL_REQUEST_TITLE"',
  );
});

Deno.test("script-injection catches commits[0].message and github.head_ref, not env or if", () => {
  const src = CLEAN.replace(
    "      - run: npm ci && npm test\n",
    "      - run: echo ${{ github.event.commits[0].message }} ${{ github.head_ref }}\n",
  );
  const paths = only(lint(src), "script-injection").map((f) => f.message.match(/'([^']+)'/)![1]);
  assert.deepEqual(paths, ["github.event.commits.*.message", "github.head_ref"]);
  const safe = CLEAN.replace(
    "      - run: npm ci && npm test\n",
    "      - if: contains(github.event.pull_request.title, 'x')\n        env:\n" +
      "          T: ${{ github.event.pull_request.title }}\n" +
      '        run: echo "$T" ${{ github.event.pull_request.number }}\n',
  );
  assert.deepEqual(only(lint(safe), "script-injection"), []);
});

Deno.test("pull-request-target-checkout fires on head.sha checkout, not on pull_request", () => {
  const src = CLEAN.replace("on: [push, pull_request]", "on: pull_request_target").replace(
    "# v4\n",
    "# v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
  );
  const [f] = only(lint(src), "pull-request-target-checkout");
  assert.equal(f.line, 15);
  assert.equal(f.severity, "error");
  const plain = src.replace("on: pull_request_target", "on: pull_request");
  assert.deepEqual(only(lint(plain), "pull-request-target-checkout"), []);
  const base = CLEAN.replace("on: [push, pull_request]", "on: pull_request_target");
  assert.deepEqual(only(lint(base), "pull-request-target-checkout"), []);
});

Deno.test("deprecated-command fires with a concrete environment-file fix", () => {
  const src = CLEAN.replace(
    "      - run: npm ci && npm test\n",
    '      - run: |\n          npm ci\n          echo "::set-output name=version::1.2.3"\n',
  );
  const [f] = only(lint(src), "deprecated-command");
  assert.equal(f.line, 19);
  assert.equal(f.fix, 'Replace that line with `echo "version=1.2.3" >> "$GITHUB_OUTPUT"`.');
  assert.equal(f.patch, undefined);
  const modern = src.replace(
    '"::set-output name=version::1.2.3"',
    '"version=1.2.3" >> "$GITHUB_OUTPUT"',
  );
  assert.deepEqual(only(lint(modern), "deprecated-command"), []);
});

Deno.test("unneeded-fetch-depth fires when nothing reads history", () => {
  const src = CLEAN.replace("# v4\n", "# v4\n        with:\n          fetch-depth: 0\n");
  const [f] = only(lint(src), "unneeded-fetch-depth");
  assert.equal(f.line, 15);
  assert.equal(f.severity, "notice");
});

Deno.test("unneeded-fetch-depth is quiet with git describe, or a comment on the line", () => {
  const src = CLEAN.replace("# v4\n", "# v4\n        with:\n          fetch-depth: 0\n");
  const described = src.replace("npm ci && npm test", "git describe --tags && npm test");
  assert.deepEqual(only(lint(described), "unneeded-fetch-depth"), []);
  const commented = src.replace("fetch-depth: 0", "fetch-depth: 0 # tags for the version");
  assert.deepEqual(only(lint(commented), "unneeded-fetch-depth"), []);
});

Deno.test("needs-invalid fires on a missing job and on a cycle", () => {
  const jobs = (a: string, b: string) =>
    `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 1\n    needs: ${a}\n    steps: [{run: x}]\n` +
    `  b:\n    runs-on: x\n    timeout-minutes: 1\n    needs: [${b}]\n    steps: [{run: x}]\n`;
  const missing = only(lint(jobs("b", "nope")), "needs-invalid");
  assert.equal(missing.length, 1);
  assert.equal(missing[0].line, 12);
  assert.match(missing[0].message, /'b' needs 'nope'/);
  assert.equal(missing[0].fix, "Remove 'nope' from `needs`, or add a job with that id.");
  const cased = only(lint(jobs("b", "A")), "needs-invalid");
  assert.match(cased[0].fix!, /^Write 'a' instead of 'A' in `needs`: job ids are case-sensitive/);
  const cycle = only(lint(jobs("b", "a")), "needs-invalid");
  assert.equal(cycle.length, 1);
  assert.match(cycle[0].message, /a → b → a/);
  assert.deepEqual(only(lint(jobs("b", "")), "needs-invalid"), []);
});

Deno.test("a syntax error is a yaml-syntax finding with the parser's position", () => {
  const fs = lint("on: push\njobs:\n  a: [\n");
  assert.equal(fs[0].ruleId, "yaml-syntax");
  assert.equal(fs[0].severity, "error");
  assert.ok(fs[0].line! >= 3);
});

Deno.test("composite actions get step rules but not workflow rules", () => {
  const action = "name: x\nruns:\n  using: composite\n  steps:\n" +
    "    - uses: some/action@v1\n    - shell: bash\n      run: echo ${{ github.event.issue.body }}\n";
  const ids = lint(action, ".github/actions/x/action.yml").map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ["script-injection", "unpinned-action"]);
});

Deno.test("an oversized file is a file-too-large finding from lintWorkflow", () => {
  const fs = lint("# " + "x".repeat(1024 * 1024) + "\n");
  assert.deepEqual(fs.map((f) => [f.ruleId, f.severity, f.line]), [["file-too-large", "error", 1]]);
  assert.match(fs[0].message, /1048579 bytes/);
});

// Trips every check at least once; `other` and `build` also wait on each other.
const EVERY_RULE = `on:
  push:
  pull_request_target:
  release:
  schedule:
    - cron: "*/5 * * * *"
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
jobs:
  build:
    runs-on: ubuntu-latest
    needs: [Other, other, nope]
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@v4
      - run: npm ci
      - uses: docker://alpine:3.20
      - uses: actions/github-script@v7
        with:
          script: console.log("\${{ github.event.issue.title }}")
      - run: |
          echo "::set-output name=v::\`date\`"
          echo "\${{ github.head_ref }}"
  other:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    needs: build
    permissions: write-all
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: "true"
  publish:
    runs-on: [self-hosted, ubuntu-20.04]
    timeout-minutes: 720
    container: node:20
    strategy:
      matrix:
        shard: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    steps:
      - uses: actions/checkout@v3
      - uses: actions/cache@v4
      - if: \${{ github.ref }} == 'refs/heads/main'
        continue-on-error: true
        run: npm test
      - env:
          T: \${{ github.event.pull_request.title }}
        run: echo "T=$T" >> "$GITHUB_ENV"
      - run: npm publish
        env:
          ALL: \${{ toJSON(secrets) }}
  hello:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
  bots:
    runs-on: ubuntu-latest
    if: github.actor == 'dependabot[bot]'
    container:
      image: node:20
      credentials:
        username: u
        password: hunter2
    steps:
      - uses: actions/checkout
      - run: echo \${{ 'a' }} \${{ fromJSON(secrets.CFG).key }}
  call:
    uses: ./.github/workflows/reuse.yml
    secrets: inherit
`;

Deno.test("every rule's fix is one line of prose and its patch is YAML that parses", () => {
  const fs = lint(EVERY_RULE);
  const repoRuleIds = REPO_RULES.map((r) => r.id);
  const checks = RULES.map((r) => r.id).filter((id) =>
    !PARSE_RULE_IDS.includes(id) && !repoRuleIds.includes(id)
  );
  assert.deepEqual([...new Set(fs.map((f) => f.ruleId))].sort(), checks.sort());
  for (const f of fs) {
    assert.ok(f.fix && !f.fix.includes("\n"), `${f.ruleId}: ${f.fix}`);
    if (f.patch === undefined) continue;
    const doc = parseDocument(f.patch);
    assert.deepEqual(doc.errors, [], `${f.ruleId}: ${f.patch}`);
    assert.ok(doc.contents !== null, f.ruleId);
  }
  const patched = fs.filter((f) => f.patch).map((f) => f.ruleId);
  for (const id of ["unpinned-action", "script-injection", "permissions"]) {
    assert.ok(patched.includes(id), id);
  }
  const dep = fs.find((f) => f.ruleId === "deprecated-command")!;
  assert.equal(dep.fix, 'Replace that line with `` echo "v=`date`" >> "$GITHUB_OUTPUT" ``.');
});

Deno.test("inlineCode fences past any backtick run in the value", () => {
  assert.equal(inlineCode("npm ci"), "`npm ci`");
  assert.equal(inlineCode("a ``b`` c"), "``` a ``b`` c ```");
});
