import assert from "node:assert/strict";
import { parse } from "yaml";
import { addDeclaredSecrets, declaredSecrets } from "../../../src/ops/analyze/inherit.ts";
import { lintFile } from "../../../src/workflow/lint.ts";
import { parseWorkflowFile } from "../../../src/workflow/parse.ts";

const CALLER = `on: push
permissions: {}
jobs:
  build:
    uses: ./.github/workflows/build-cli.yml
    secrets: inherit
  other:
    uses: acme/shared/.github/workflows/x.yml@v1
    secrets: inherit
`;
const CALLEE = `on:
  workflow_call:
    secrets:
      NPM_TOKEN:
        required: true
      SIGNING_KEY: {}
permissions: {}
jobs:
  b:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - run: make
`;

function analysed(files: Record<string, string>) {
  return Object.entries(files).map(([path, content]) => {
    const { file, findings } = lintFile({ path, content });
    return { path, file, findings };
  });
}

Deno.test("secrets: inherit to a workflow of the repo → exactly the secrets it declares", () => {
  const results = analysed({
    ".github/workflows/ci.yml": CALLER,
    ".github/workflows/build-cli.yml": CALLEE,
  });
  addDeclaredSecrets(results);
  const inherit = results[0].findings.filter((f) => f.ruleId === "secrets-inherit");
  assert.deepEqual(inherit.map((f) => f.job), ["build", "other"]);
  assert.equal(
    inherit[0].patch,
    "build:\n  secrets:\n    NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n    SIGNING_KEY: ${{ secrets.SIGNING_KEY }}",
  );
  assert.deepEqual(parse(inherit[0].patch!), {
    build: {
      secrets: { NPM_TOKEN: "${{ secrets.NPM_TOKEN }}", SIGNING_KEY: "${{ secrets.SIGNING_KEY }}" },
    },
  });
  // Another repository's workflow is not read: the advice stays without a snippet.
  assert.equal(inherit[1].patch, undefined);
});

Deno.test("a callee that declares no secrets: the patch says to drop inherit; absent callee, none", () => {
  const none = CALLEE.replace(/ {4}secrets:\n(.*\n){3}/, "");
  assert.deepEqual(declaredSecrets(parseWorkflowFile("c.yml", none).file!), []);
  const results = analysed({
    ".github/workflows/ci.yml": CALLER,
    ".github/workflows/build-cli.yml": none,
  });
  addDeclaredSecrets(results);
  assert.match(results[0].findings.find((f) => f.job === "build")!.patch!, /declares no secrets/);

  const alone = analysed({ ".github/workflows/ci.yml": CALLER });
  addDeclaredSecrets(alone);
  assert.ok(
    alone[0].findings.every((f) => f.patch === undefined || f.ruleId !== "secrets-inherit"),
  );
  // Not a reusable workflow at all: nothing to list.
  assert.equal(
    declaredSecrets(parseWorkflowFile("p.yml", "on: push\njobs: {}\n").file!),
    undefined,
  );
});
