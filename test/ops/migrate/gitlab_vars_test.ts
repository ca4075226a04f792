/**
 * GitLab variables on GitHub: the predefined-variable table, shell-aware references
 * (sh, PowerShell, cmd), computed values through a first step, visible unresolved ones, and
 * GitLab's job timeout carried over.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { convertGitLab } from "../../../src/ops/migrate/gitlab.ts";
import {
  PREDEFINED_TABLE,
  predefinedTableMarkdown,
  slug,
} from "../../../src/ops/migrate/gitlab_predefined.ts";
import type { MigrationResult } from "../../../src/ops/migrate/model.ts";
import { undefinedRefs } from "../../../src/ops/migrate/validate_refs.ts";
import { lintFile } from "../../../src/workflow/lint.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

function convert(yaml: string): { r: MigrationResult; wf: Any; text: string } {
  const r = convertGitLab(".gitlab-ci.yml", yaml);
  const text = r.files[0]?.after ?? "";
  return { r, wf: text ? parse(text) : null, text };
}

const notConverted = (r: MigrationResult, re: RegExp) =>
  r.notes.filter((n) => n.kind === "not-converted" && re.test(n.message));

/** Runs a computed step's script with POSIX sh, as the runner would, and reads its outputs. */
async function runComputed(
  step: Any,
  env: Record<string, string>,
): Promise<Record<string, string>> {
  const out = await Deno.makeTempFile();
  try {
    const cmd = new Deno.Command("sh", {
      args: ["-e", "-c", step.run],
      env: { ...env, GITHUB_OUTPUT: out, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
      clearEnv: true,
    });
    const { code, stderr } = await cmd.output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const lines = (await Deno.readTextFile(out)).trim().split("\n");
    return Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
  } finally {
    await Deno.remove(out);
  }
}

const POWERSHELL_JOB = `
variables:
  SUFFIX: "win64"
stages: [build]
build-windows:
  stage: build
  tags: [windows]
  variables:
    OUT_DIR: "dist"
  script:
    - Write-Output "Building $Env:SUFFIX at $env:CI_COMMIT_SHA"
    - New-Item -ItemType Directory -Force -Path "$Env:OUT_DIR-$Env:SUFFIX"
    - Compress-Archive -Path src -DestinationPath "$Env:OUT_DIR-$Env:SUFFIX/app-\${env:CI_COMMIT_SHORT_SHA}.zip"
  artifacts:
    paths:
      - "$Env:OUT_DIR-$Env:SUFFIX/*.zip"
`;

Deno.test("regression: PowerShell $Env:SUFFIX stays an env read, never ${{ env.Env }}:SUFFIX", () => {
  const { r, wf, text } = convert(POWERSHELL_JOB);
  assert.doesNotMatch(text, /env\.Env\b/i);
  const job = wf.jobs["build-windows"];
  assert.equal(wf.env.SUFFIX, "win64");
  assert.equal(job.env.OUT_DIR, "dist");
  assert.equal(job.env.CI_COMMIT_SHA, "${{ github.sha }}", "$env:CI_COMMIT_SHA is read, so mapped");
  assert.equal(job.steps.at(-1).with.path, "${{ env.OUT_DIR }}-${{ env.SUFFIX }}/*.zip");
  const computed = job.steps[0];
  assert.equal(computed.id, "gitlab");
  assert.equal(computed.shell, "powershell", "a Windows runner: the first step is PowerShell");
  assert.match(computed.run, /\$env:GITHUB_SHA\.Substring\(0, 8\)/);
  const script = job.steps.find((s: Any) => s.name === "script");
  assert.equal(script.env.CI_COMMIT_SHORT_SHA, "${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}");
  assert.match(script.run, /\$\{env:CI_COMMIT_SHORT_SHA\}\.zip/, "the script itself is unchanged");
  assert.ok(r.notes.some((n) => n.kind === "behaviour-change" && /Windows runner/.test(n.message)));
  assert.deepEqual(undefinedRefs(text), []);
});

Deno.test("regression: $CI_COMMIT_SHORT_SHA in artifacts paths becomes a step output", async () => {
  const { wf, text } = convert(`
stages: [build, test]
build:
  stage: build
  image: alpine:3.20
  variables:
    PKG: "app-$CI_COMMIT_SHORT_SHA.tar.gz"
  script:
    - mkdir -p out/$CI_COMMIT_SHORT_SHA
    - tar czf out/$PKG src/
  artifacts:
    paths:
      - out/$CI_COMMIT_SHORT_SHA/
      - out/$PKG
`);
  assert.doesNotMatch(text, /env\.CI_COMMIT_SHORT_SHA/);
  const job = wf.jobs.build;
  assert.equal(job.env?.PKG, undefined, "a job env value cannot read a step output");
  const script = job.steps.find((s: Any) => s.name === "script");
  assert.deepEqual(script.env, {
    PKG: "app-${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}.tar.gz",
    CI_COMMIT_SHORT_SHA: "${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}",
  });
  assert.equal(
    job.steps.at(-1).with.path,
    "out/${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}/\n" +
      "out/app-${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}.tar.gz",
  );
  assert.equal(job.steps[0].shell, "sh", "POSIX sh: alpine images have no bash");
  const sha = "0123456789abcdef0123456789abcdef01234567";
  assert.deepEqual(await runComputed(job.steps[0], { GITHUB_SHA: sha }), {
    CI_COMMIT_SHORT_SHA: sha.slice(0, 8),
  });
  assert.deepEqual(undefinedRefs(text), []);
});

Deno.test("computed slugs and registry image: the sh step gives what GitLab gives", async () => {
  const { wf } = convert(`
docker:
  script:
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG .
    - echo $CI_PROJECT_PATH_SLUG $CI_SERVER_HOST
`);
  const env = {
    GITHUB_SHA: "f".repeat(40),
    GITHUB_HEAD_REF: "",
    GITHUB_REF_NAME: "Feature/ÄBC__x-" + "y".repeat(80),
    GITHUB_REPOSITORY: "Acme/My.App",
    GITHUB_SERVER_URL: "https://github.example.com:8443",
  };
  const out = await runComputed(wf.jobs.docker.steps[0], env);
  assert.equal(out.CI_COMMIT_REF_SLUG, slug(env.GITHUB_REF_NAME));
  assert.equal(out.CI_COMMIT_REF_SLUG.length, 63);
  assert.equal(out.CI_PROJECT_PATH_SLUG, "acme-my-app");
  assert.equal(out.CI_REGISTRY_IMAGE, "ghcr.io/acme/my.app");
  assert.equal(out.CI_SERVER_HOST, "github.example.com");
});

Deno.test("cmd jobs read %VAR%; unmapped variables stay visible with a TODO and an audit entry", () => {
  const { r, wf, text } = convert(`
win-cmd:
  tags: [windows, cmd]
  script:
    - echo %CI_COMMIT_SHA% %CI_RUNNER_TAGS% %MY_PROJECT_TOKEN_NAME%
  artifacts:
    paths: [logs-$CI_RUNNER_TAGS/]
`);
  const job = wf.jobs["win-cmd"];
  assert.equal(job.env.CI_COMMIT_SHA, "${{ github.sha }}");
  const script = job.steps.find((s: Any) => s.name === "script");
  assert.equal(script.shell, "cmd");
  assert.match(
    script.run,
    /^REM TODO\(ci-orchestrator\): \$CI_RUNNER_TAGS has no GitHub equivalent/,
  );
  assert.equal(job.steps.at(-1).with.path, "logs-$CI_RUNNER_TAGS/", "kept as written, not emptied");
  assert.equal(notConverted(r, /unresolved.*\$CI_RUNNER_TAGS/).length, 1);
  assert.equal(notConverted(r, /artifacts: paths refers to \$CI_RUNNER_TAGS/).length, 1);
  assert.doesNotMatch(text, /env\.CI_RUNNER_TAGS/);
});

Deno.test("job variables stay shell references; job-level values map; CI_JOB_NAME is written per job", () => {
  const { wf } = convert(`
variables:
  BUILD_DIR: $CI_PROJECT_DIR/build
unit tests:
  stage: test
  variables:
    REPORT: "$BUILD_DIR/$CI_JOB_NAME.xml"
  script:
    - make -C "$BUILD_DIR" test > "$REPORT"
    - echo "$CI_JOB_NAME in $CI_JOB_STAGE"
`);
  const job = wf.jobs["unit-tests"];
  assert.equal(wf.env.BUILD_DIR, "${{ github.workspace }}/build");
  assert.equal(job.env.REPORT, "${{ github.workspace }}/build/unit tests.xml");
  assert.equal(job.env.CI_JOB_NAME, "unit tests");
  assert.equal(job.env.CI_JOB_STAGE, "test");
  assert.match(job.steps.at(-1).run, /make -C "\$BUILD_DIR" test > "\$REPORT"/);
});

Deno.test("timeout: GitLab's 60-minute default, the job's and default: timeouts carry over", () => {
  const { r, wf, text } = convert(`
default:
  timeout: 90m
slow:
  timeout: 3h 30m
  script: [make slow]
quick:
  script: [make quick]
own:
  inherit:
    default: false
  script: [make]
huge:
  timeout: 10h
  script: [make huge]
`);
  assert.equal(wf.jobs.slow["timeout-minutes"], 210);
  assert.equal(wf.jobs.quick["timeout-minutes"], 90);
  assert.equal(wf.jobs.own["timeout-minutes"], 60);
  assert.equal(wf.jobs.huge["timeout-minutes"], 360);
  assert.ok(r.notes.some((n) => n.job === "own" && /default of 60 minutes/.test(n.message)));
  assert.ok(r.notes.some((n) => n.job === "huge" && /GitHub-hosted/.test(n.message)));
  const rules = lintFile({ path: ".github/workflows/gitlab-ci.yml", content: text }).findings
    .map((f) => f.ruleId);
  assert.ok(!rules.includes("missing-timeout"), rules.join(", "));
  assert.ok(!rules.includes("excessive-timeout"), rules.join(", "));
});

Deno.test("docs/migrate.md shows the predefined-variable table exactly as the code has it", async () => {
  const doc = await Deno.readTextFile(new URL("../../../docs/migrate.md", import.meta.url));
  assert.ok(
    doc.includes(predefinedTableMarkdown()),
    "render predefinedTableMarkdown() into the doc",
  );
  for (const p of PREDEFINED_TABLE) {
    if (p.kind === "expression") assert.match(p.github!, /^(\$\{\{ .* \}\}|[a-z.]+)/);
    if (p.kind === "computed") assert.ok(p.sh && p.ps, `${p.name} needs both shells`);
    if (p.kind === "none") assert.ok(p.note, `${p.name} must say why there is no equivalent`);
  }
});
