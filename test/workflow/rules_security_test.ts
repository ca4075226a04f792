import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import type { Finding } from "../../src/report/model.ts";

const lint = (content: string, path = ".github/workflows/ci.yml") =>
  lintWorkflow({ path, content });
const only = (content: string, ruleId: string) =>
  lint(content).filter((f: Finding) => f.ruleId === ruleId);
const parses = (patch: string | undefined) => {
  assert.ok(patch);
  assert.deepEqual(parseDocument(patch).errors, []);
};

// One job; `STEPS` is replaced by each test's steps.
const wf = (steps: string, head = "on: push\n", job = "") =>
  `${head}permissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n` +
  job + `    steps:\n${steps}`;

Deno.test("unsound-condition: text around ${{ }} is always true, with an unwrapped patch", () => {
  const src = wf("      - if: ${{ github.event_name == 'push' }} && false\n        run: make\n");
  const [f] = only(src, "unsound-condition");
  assert.equal(f.line, 8);
  assert.equal(f.severity, "error");
  assert.match(f.message, /always true/);
  assert.equal(f.patch, "if: (github.event_name == 'push') && false");
  parses(f.patch);
  const block = wf("      - if: |\n          ${{ false }}\n        run: make\n");
  assert.equal(only(block, "unsound-condition").length, 1, "trailing newline of a | block");
  const quoted = wf("      - if: github.ref == 'refs/heads/${{ env.B }}'\n        run: make\n");
  const [q] = only(quoted, "unsound-condition");
  assert.equal(q.patch, undefined);
  assert.match(q.fix!, /format\(\)/);
});

Deno.test("unsound-condition is quiet on whole expressions and bare conditions", () => {
  const src = wf(
    "      - if: ${{ github.event_name == 'push' }}\n        run: a\n" +
      "      - if: github.event_name == 'push' && success()\n        run: b\n" +
      "      - if: >-\n          ${{ github.ref == 'refs/heads/main' }}\n        run: c\n",
  );
  assert.deepEqual(only(src, "unsound-condition"), []);
});

Deno.test("unsound-condition: contains() on a string and always() on a publishing job", () => {
  const src = wf(
    "      - run: npm publish\n",
    "on: push\n",
    "    needs: test\n    if: always() && contains('main dev', github.ref_name)\n",
  ).replace(
    "jobs:\n",
    "jobs:\n  test:\n    runs-on: x\n    timeout-minutes: 1\n" +
      "    steps: [{run: make}]\n",
  );
  const fs = only(src, "unsound-condition");
  assert.deepEqual(fs.map((f) => f.severity), ["warning", "warning"]);
  const contains = fs.find((f) => /substring/.test(f.message))!;
  assert.equal(
    contains.patch,
    `if: always() && contains(fromJSON('["main","dev"]'), github.ref_name)`,
  );
  assert.match(fs.find((f) => /publishes/.test(f.message))!.message, /Job 'build' publishes/);
  for (const f of fs) parses(f.patch);
  const safe = src.replace("always() && contains('main dev', github.ref_name)", "success()");
  assert.deepEqual(only(safe, "unsound-condition"), []);
});

Deno.test("secrets-inherit fires on a reusable call with inherit, not on listed secrets", () => {
  const head = "on: push\npermissions: {}\njobs:\n  call:\n    uses: ./.github/workflows/r.yml\n";
  const [f] = only(head + "    secrets: inherit\n", "secrets-inherit");
  assert.equal(f.line, 6);
  assert.equal(f.job, "call");
  // One file does not say which secrets the callee declares: no invented names.
  assert.equal(f.patch, undefined);
  assert.deepEqual(only(head + "    secrets:\n      T: ${{ secrets.T }}\n", "secrets-inherit"), []);
});

Deno.test("github-env: untrusted title reaches GITHUB_ENV through an env var", () => {
  const src = wf(
    "      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n" +
      '        run: |\n          msg=$(echo "$TITLE" | head -c 20)\n' +
      '          echo "message=$msg" >> "$GITHUB_ENV"\n',
    "on: pull_request_target\n",
  );
  const [f] = only(src, "github-env");
  assert.equal(f.line, 12);
  assert.equal(f.severity, "error");
  assert.match(f.message, /github\.event\.pull_request\.title \(via \$msg\) to \$GITHUB_ENV/);
  const path = wf('      - run: echo "${{ github.head_ref }}" >> $GITHUB_PATH\n');
  assert.match(only(path, "github-env")[0].message, /github\.head_ref to \$GITHUB_PATH/);
});

Deno.test("github-env is quiet for static values and for untrusted input not written there", () => {
  const src = wf(
    "      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n" +
      '        run: |\n          echo "$TITLE"\n          echo "CI=1" >> "$GITHUB_ENV"\n',
  );
  assert.deepEqual(only(src, "github-env"), []);
});

Deno.test("cache-poisoning fires on a cached setup in a tag-triggered publishing job", () => {
  const src = wf(
    "      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n" +
      "      - run: npm publish\n",
    "on:\n  push:\n    tags: ['v*']\n",
  );
  const [f] = only(src, "cache-poisoning");
  assert.equal(f.line, 10);
  assert.match(f.message, /publishes \(step 2\) in a workflow triggered by push of tags/);
  assert.equal(f.patch, "- uses: actions/setup-node@v4\n  with:\n    cache: ''");
  parses(f.patch);
  const cache = wf("      - uses: actions/cache@v4\n      - run: cargo publish\n", "on: release\n");
  assert.equal(only(cache, "cache-poisoning")[0].patch!.split("\n")[2], "    lookup-only: true");
});

Deno.test("cache-poisoning is quiet without publishing, without a release trigger, or cache off", () => {
  const cached = "      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n";
  assert.deepEqual(
    only(wf(cached + "      - run: npm test\n", "on: release\n"), "cache-poisoning"),
    [],
  );
  assert.deepEqual(only(wf(cached + "      - run: npm publish\n"), "cache-poisoning"), []);
  const off = "      - uses: actions/setup-go@v5\n        with:\n          cache: false\n";
  assert.deepEqual(
    only(wf(off + "      - run: goreleaser release\n", "on: release\n"), "cache-poisoning"),
    [],
  );
});

Deno.test("unpinned-image fires on container and service tags, not on digests or expressions", () => {
  const src = wf(
    "      - run: make\n",
    "on: push\n",
    "    container: node:20\n    services:\n      db:\n        image: postgres\n" +
      "      cache:\n        image: redis@sha256:" + "b".repeat(64) + "\n" +
      "      dyn:\n        image: ${{ matrix.image }}\n",
  );
  const fs = only(src, "unpinned-image");
  assert.deepEqual(fs.map((f) => f.line), [7, 10]);
  assert.match(fs[0].message, /container image 'node:20' by tag/);
  assert.match(fs[1].message, /service 'db' image 'postgres' by its implicit latest tag/);
  assert.equal(fs[0].patch, "image: node@sha256:<digest> # node:20");
  parses(fs[0].patch);
});

Deno.test("dangerous-trigger names unguarded jobs; a job if: guard silences it", () => {
  const src = wf("      - run: make\n", "on: workflow_run\n");
  const [f] = only(src, "dangerous-trigger");
  assert.equal(f.line, 1);
  assert.match(f.message, /workflow_run runs job 'build'/);
  parses(f.patch);
  const guarded = wf(
    "      - run: make\n",
    "on: workflow_run\n",
    "    if: github.event.workflow_run.conclusion == 'success'\n",
  );
  assert.deepEqual(only(guarded, "dangerous-trigger"), []);
  assert.deepEqual(only(wf("      - run: make\n", "on: pull_request\n"), "dangerous-trigger"), []);
});

Deno.test("self-hosted-pr fires for self-hosted on pull_request, not on push or with a fork guard", () => {
  const src = wf("      - run: make\n", "on: pull_request\n").replace(
    "runs-on: ubuntu-latest",
    "runs-on: [self-hosted, linux]",
  );
  const [f] = only(src, "self-hosted-pr");
  assert.equal(f.line, 5);
  assert.match(f.message, /\[self-hosted, linux\]/);
  parses(f.patch);
  assert.deepEqual(only(src.replace("on: pull_request", "on: push"), "self-hosted-pr"), []);
  const guarded = src.replace(
    "    timeout-minutes: 5\n",
    "    timeout-minutes: 5\n    if: github.event.pull_request.head.repo.full_name == github.repository\n",
  );
  assert.deepEqual(only(guarded, "self-hosted-pr"), []);
});

Deno.test("insecure-commands fires on the env line, not when false or commented out", () => {
  const src = wf(
    "      - run: make\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true'\n",
  );
  const [f] = only(src, "insecure-commands");
  assert.equal(f.line, 10);
  assert.equal(f.column, 11);
  const off = src.replace("'true'", "false");
  assert.deepEqual(only(off, "insecure-commands"), []);
  const commented = src.replace("ACTIONS_ALLOW", "# ACTIONS_ALLOW");
  assert.deepEqual(only(commented, "insecure-commands"), []);
});

Deno.test("overprovisioned-secrets fires on toJSON(secrets) and computed keys only", () => {
  const src = wf(
    "      - run: make\n        env:\n          ALL: ${{ toJSON(secrets) }}\n" +
      "          ONE: ${{ secrets[matrix.name] }}\n          OK: ${{ secrets['NAME'] }}\n" +
      "          # X: ${{ toJSON(secrets) }}\n",
  );
  const fs = only(src, "overprovisioned-secrets");
  assert.deepEqual(fs.map((f) => f.line), [10, 11]);
  assert.match(fs[1].message, /`secrets\[matrix\.name\]`/);
});
