// False positives found on real workflows (issue 16), each pinned by a trimmed copy of the file
// where it was seen. Sources (all permissive licences, full list in
// test/analyze/labelled/SOURCES.md): astral-sh/ruff (MIT) release.yml, sync_typeshed.yaml,
// build-binaries.yml; tokio-rs/tokio (MIT) uring-kernel-version-test.yml; mockito/mockito (MIT)
// ci.yml; sigstore/sigstore-python (Apache-2.0) docs.yml.
import assert from "node:assert/strict";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import type { Finding } from "../../src/report/model.ts";

const lint = (content: string) => lintWorkflow({ path: ".github/workflows/ci.yml", content });
const only = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

// tokio-rs/tokio .github/workflows/uring-kernel-version-test.yml, trimmed.
const TOKIO_URING = `name: Uring Kernel Version Test

on:
  workflow_call:
    inputs:
      kernel_version:
        description: 'Version of the Linux kernel to build'
        required: true
        type: string

jobs:
  build:
    runs-on: ubuntu-latest
    env:
      KERNEL_VERSION: \${{ inputs.kernel_version }}
    steps:
      - uses: actions/checkout@v7
      - name: Install system dependencies
        run: sudo apt-get update
`;

Deno.test("permissions: a workflow_call-only workflow runs with its caller's token", () => {
  assert.deepEqual(only(lint(TOKIO_URING), "permissions"), []);
  const alsoPushed = TOKIO_URING.replace("on:\n", "on:\n  push:\n");
  assert.deepEqual(only(lint(alsoPushed), "permissions").map((f) => f.line), [3]);
  const writeAll = TOKIO_URING.replace("    runs-on:", "    permissions: write-all\n    runs-on:");
  assert.match(only(lint(writeAll), "permissions")[0].message, /'write-all'/);
});

// astral-sh/ruff .github/workflows/release.yml (cargo-dist), trimmed to the announce job.
const RUFF_ANNOUNCE = `on:
  workflow_dispatch:
permissions:
  contents: read
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - run: dist plan
  host:
    needs:
      - plan
    runs-on: ubuntu-latest
    steps:
      - run: dist host
  custom-publish-pypi:
    needs:
      - plan
      - host
    runs-on: ubuntu-latest
    steps:
      - run: uv publish
  announce:
    needs:
      - plan
      - host
      - custom-publish-pypi
    # use "always() && ..." to allow us to wait for all publish jobs while
    # still allowing individual publish jobs to skip themselves (for prereleases).
    if: \${{ always() && needs.host.result == 'success' && (needs.custom-publish-pypi.result == 'skipped' || needs.custom-publish-pypi.result == 'success') }}
    runs-on: ubuntu-latest
    steps:
      - run: gh release create "\${{ needs.plan.outputs.tag }}"
`;

Deno.test("unsound-condition: always() that checks every job it needs is sound", () => {
  assert.deepEqual(only(lint(RUFF_ANNOUNCE), "unsound-condition"), []);
  // Drop the check of custom-publish-pypi: a failed publish no longer stops the announcement.
  const unchecked = RUFF_ANNOUNCE.replace(
    " && (needs.custom-publish-pypi.result == 'skipped' || needs.custom-publish-pypi.result == 'success')",
    "",
  );
  const [f] = only(lint(unchecked), "unsound-condition");
  assert.equal(f.job, "announce");
  assert.match(f.message, /publishes \(step 1\)/);
  const all = RUFF_ANNOUNCE.replace(
    /if: .*\n/,
    "if: ${{ always() && !contains(needs.*.result, 'failure') }}\n",
  );
  assert.deepEqual(only(lint(all), "unsound-condition"), []);
});

// astral-sh/ruff .github/workflows/sync_typeshed.yaml, trimmed.
const RUFF_SNAPSHOTS = `on:
  workflow_dispatch:
permissions:
  contents: read
jobs:
  # Best-effort snapshot update. A failure or timeout here must not prevent PR creation.
  update-snapshots:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    continue-on-error: true
    steps:
      - name: Update snapshots
        # Snapshot failures are force-passed by cargo-insta, but other tests might still fail
        # in this test, causing the step overall to fail. We want to continue to later steps
        # anyway here, so that snapshots are updated and pushed even if other tests fail.
        continue-on-error: true
        run: cargo insta test --accept --all-features --test-runner nextest
`;

Deno.test("continue-on-error: a comment documenting a best-effort step or job is respected", () => {
  assert.deepEqual(only(lint(RUFF_SNAPSHOTS), "continue-on-error"), []);
  const bare = RUFF_SNAPSHOTS.split("\n").filter((l) => !l.trim().startsWith("#")).join("\n");
  assert.deepEqual(
    only(lint(bare), "continue-on-error").map((f) => [f.line, f.job]),
    [[6, "update-snapshots"], [11, "update-snapshots"]],
  );
  // A comment that explains something else does not excuse it.
  const unrelated = bare.replace(
    "      - name: Update",
    "      # Run on Linux only\n      - name: Update",
  );
  assert.equal(only(lint(unrelated), "continue-on-error").length, 2);
});

// astral-sh/ruff .github/workflows/build-binaries.yml, trimmed to the sdist job.
const RUFF_SDIST = `on:
  workflow_call:
permissions:
  contents: read
jobs:
  sdist:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0
        with:
          cache: ""
          python-version: "3.13"
      - name: "Test sdist"
        run: pip install dist/ruff-*.tar.gz --force-reinstall
`;

Deno.test("setup-without-cache: an explicit cache: '' (or false) opt-out is a decision", () => {
  assert.deepEqual(only(lint(RUFF_SDIST), "setup-without-cache"), []);
  const off = RUFF_SDIST.replace('cache: ""', "cache: false");
  assert.deepEqual(only(lint(off), "setup-without-cache"), []);
  const absent = RUFF_SDIST.replace('          cache: ""\n', "");
  const [f] = only(lint(absent), "setup-without-cache");
  assert.match(f.message, /runs without 'cache'/);
  // astral-sh/ruff publish-playground.yml: setup-node ≥ v5 opts out with package-manager-cache.
  const node = "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n" +
    "    timeout-minutes: 10\n    steps:\n" +
    "      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0\n" +
    "        with:\n          node-version: 24.19.0\n          package-manager-cache: false\n" +
    "      - run: npm ci\n";
  assert.deepEqual(only(lint(node), "setup-without-cache"), []);
  const nodeAbsent = node.replace("          package-manager-cache: false\n", "");
  assert.equal(only(lint(nodeAbsent), "setup-without-cache").length, 1);
  // Nothing to cache when no later step downloads dependencies.
  const noInstall = absent.replace(
    "pip install dist/ruff-*.tar.gz --force-reinstall",
    "ruff --help",
  );
  assert.deepEqual(only(lint(noInstall), "setup-without-cache"), []);
});

// astral-sh/ruff .github/workflows/release.yml, the release-gate job.
const RUFF_GATE = `on:
  workflow_dispatch:
permissions:
  contents: read
jobs:
  release-gate:
    name: release-gate
    runs-on: ubuntu-latest
    timeout-minutes: 5
    # This environment requires a 2-factor approval.
    environment:
      name: release-gate
      deployment: true
    steps:
      - run: echo "Release approved"
`;

Deno.test("short-job: an environment approval gate is not a wasted job", () => {
  assert.deepEqual(only(lint(RUFF_GATE), "short-job"), []);
  const noEnv = RUFF_GATE.replace(/ {4}# This[\s\S]*deployment: true\n/, "");
  assert.equal(only(lint(noEnv), "short-job").length, 1);
});

// mockito/mockito .github/workflows/ci.yml, trimmed: a 3 × 3 matrix and a release job that
// its if: limits to pushes.
const MOCKITO = `on:
  push:
    branches: ['main']
    tags: [v*]
  pull_request:
    branches: ['**']
permissions:
  contents: read
jobs:
  java:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      matrix:
        java: [11, 17, 21]
        mock-maker: [default, inline, subclass]
    steps:
      - run: ./gradlew build
  release:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    needs: [java]
    if: github.event_name == 'push'
        && (github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v'))
    steps:
      - run: ./gradlew publishToSonatype
`;

Deno.test("missing-path-filter: jobs that if: skips on the event do not count", () => {
  assert.deepEqual(only(lint(MOCKITO), "missing-path-filter"), []);
  const always = MOCKITO.replace(/ {4}if: github[\s\S]*refs\/tags\/v'\)\)\n/, "");
  const [f] = only(lint(always), "missing-path-filter");
  assert.match(f.message, /starts 10 job runs \(2 jobs/);
  const either = MOCKITO.replace(
    "if: github.event_name == 'push'",
    "if: github.event_name == 'push' ||",
  );
  assert.equal(only(lint(either), "missing-path-filter").length, 1, "|| may run on PRs");
});

// sigstore/sigstore-python .github/workflows/docs.yml, trimmed.
const SIGSTORE_DOCS = `name: Documentation

on:
  push:
    branches:
      - main

permissions: {}

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - name: build docs
        run: make doc
`;

Deno.test("missing-concurrency: pushes to the default branch alone are not superseded", () => {
  assert.deepEqual(only(lint(SIGSTORE_DOCS), "missing-concurrency"), []);
  const tags = SIGSTORE_DOCS.replace("    branches:\n      - main", "    tags: ['v*']");
  assert.deepEqual(only(lint(tags), "missing-concurrency"), []);
  const single = SIGSTORE_DOCS.replace("    branches:\n      - main", "    branches: main");
  assert.deepEqual(only(lint(single), "missing-concurrency"), []);
  const feature = SIGSTORE_DOCS.replace("      - main", "      - main\n      - 'feature/**'");
  assert.equal(only(lint(feature), "missing-concurrency").length, 1);
  const prs = SIGSTORE_DOCS.replace("on:\n", "on:\n  pull_request:\n");
  assert.equal(only(lint(prs), "missing-concurrency").length, 1);
});
