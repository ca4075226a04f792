/**
 * The undefined-variable check of migrate's validation, and the GitLab corpus through it:
 * every converted file references only defined variables, and every construct left
 * unconverted has its audit entry.
 */
import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { convertGitLab } from "../../../src/ops/migrate/gitlab.ts";
import { predefined } from "../../../src/ops/migrate/gitlab_predefined.ts";
import { validateChange } from "../../../src/ops/migrate/validate.ts";
import { undefinedRefs } from "../../../src/ops/migrate/validate_refs.ts";
import { lintFile } from "../../../src/workflow/lint.ts";

const CORPUS = new URL("../../../../shared/corpus/gitlab/", import.meta.url);
const PATH = ".github/workflows/gitlab-ci.yml";

const WORKFLOW = `on: push
env:
  TOP: "1"
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    env:
      JOB: "2"
    strategy:
      matrix:
        os: [a, b]
        include:
          - extra: x
    outputs:
      ver: \${{ steps.v.outputs.ver }}
    steps:
      - id: v
        run: echo "ver=1" >> "$GITHUB_OUTPUT"
      - run: echo "LATER=1" >> "$GITHUB_ENV"
      - id: act
        uses: actions/setup-node@v4
      - env:
          OWN: \${{ steps.v.outputs.ver }}
        run: echo \${{ env.TOP }} \${{ env.JOB }} \${{ env.OWN }} \${{ env.LATER }} \${{ matrix.os }} \${{ matrix.extra }} \${{ steps.act.outputs.anything }} \${{ 'env.LITERAL' }}
  ship:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: echo \${{ needs.build.outputs.ver }} \${{ needs.build.result }}
`;

Deno.test("undefinedRefs: defined env, matrix, step outputs and needs pass", () => {
  assert.deepEqual(undefinedRefs(WORKFLOW), []);
});

Deno.test("undefinedRefs: each kind of undefined reference is named with its job and step", () => {
  const bad = WORKFLOW
    .replace("${{ env.TOP }}", "${{ env.CI_COMMIT_SHORT_SHA }}")
    .replace("${{ matrix.os }}", "${{ matrix.arch }}")
    .replace("${{ env.OWN }}", "${{ steps.later.outputs.x }} ${{ steps.v.outputs.nope }}")
    .replace(
      "${{ needs.build.result }}",
      "${{ needs.lint.result }} ${{ needs.build.outputs.gone }}",
    )
    .replace("OWN: ${{ steps.v.outputs.ver }}", "OWN: ${{ env.Env }}:SUFFIX");
  assert.deepEqual(undefinedRefs(bad), [
    "job 'build' step 4: ${{ env.Env }} is set by no workflow, job or step env",
    "job 'build' step 4: ${{ env.CI_COMMIT_SHORT_SHA }} is set by no workflow, job or step env",
    "job 'build' step 4: ${{ steps.later.outputs.x }} names no earlier step with id 'later'",
    "job 'build' step 4: ${{ steps.v.outputs.nope }}: step 'v' never writes 'nope'",
    "job 'build' step 4: ${{ matrix.arch }} is not a key of the job's matrix",
    "job 'ship' step 1: ${{ needs.lint }} names a job that is not in needs",
    "job 'ship' step 1: ${{ needs.build.outputs.gone }}: job 'build' has no output 'gone'",
  ]);
});

Deno.test("validateChange blocks a new workflow that reads an undefined variable (the old GitLab bug)", () => {
  const old = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - run: make
      - uses: actions/upload-artifact@v4
        with:
          name: build
          path: out/\${{ env.CI_COMMIT_SHORT_SHA }}/
`;
  const check = validateChange({ path: PATH, before: null, after: old });
  assert.deepEqual(check.problems, [
    "undefined variable: job 'build' step 2: ${{ env.CI_COMMIT_SHORT_SHA }} is set by no workflow, job or step env",
  ]);
  const changed = validateChange({
    path: PATH,
    before: old,
    after: old.replace("make", "make all"),
  });
  assert.ok(
    !changed.problems.some((p) => p.startsWith("undefined variable")),
    "not new: not blocking",
  );
});

const corpus = [...Deno.readDirSync(CORPUS)].map((e) => e.name).filter((n) => n.endsWith(".yml"));

Deno.test("corpus: every GitLab file converts with no undefined variable, actionlint clean", async () => {
  assert.ok(corpus.length >= 3, `corpus files: ${corpus.join(", ")}`);
  let converted = 0;
  for (const name of corpus) {
    const r = convertGitLab(".gitlab-ci.yml", await Deno.readTextFile(new URL(name, CORPUS)));
    for (const f of r.files) {
      converted++;
      const lint = await createLinter();
      const check = validateChange(f, { actionlint: lint });
      assert.deepEqual(check.problems, [], `${name}:\n${check.problems.join("\n")}`);
      const rules = lintFile({ path: f.path, content: f.after }).findings.map((x) => x.ruleId);
      assert.ok(!rules.includes("missing-timeout"), `${name}: a converted job has no timeout`);
    }
  }
  assert.ok(converted >= 2, "opus and glib produce a workflow");
});

Deno.test("corpus: every unresolved variable is visible in the output and listed in the audit", async () => {
  for (const name of corpus) {
    const r = convertGitLab(".gitlab-ci.yml", await Deno.readTextFile(new URL(name, CORPUS)));
    const out = r.files[0]?.after ?? "";
    const audit = r.notes.filter((n) => n.kind === "not-converted").map((n) => n.message).join(
      "\n",
    );
    for (const m of out.matchAll(/TODO\(ci-orchestrator\): \$(\w+)/g)) {
      assert.match(audit, new RegExp(`\\$${m[1]}\\b`), `${name}: TODO for $${m[1]} without audit`);
    }
    // A GitLab variable the output still reads, that no env sets, is in the audit.
    const refs = out.matchAll(/(?:\$\{?(?:env:)?|%)((?:CI|GITLAB)_[A-Z0-9_]+)/gi);
    let unresolved = 0;
    for (const [, v] of refs) {
      if (new RegExp(`^\\s+${v}:`, "m").test(out)) continue;
      unresolved++;
      assert.match(audit, new RegExp(`\\$${v}\\b`), `${name}: $${v} is not in the audit`);
    }
    if (name.startsWith("GNOME")) assert.ok(unresolved > 0, "glib reads project variables");
    // Every predefined variable with no equivalent that a converted job reads is audited.
    for (const [, v] of out.matchAll(/\$\{?((?:CI|GITLAB)_[A-Z0-9_]+)/g)) {
      if (predefined(v)?.kind === "none") assert.match(audit, new RegExp(`\\$${v}\\b`));
    }
  }
});
