/**
 * `cli run "migrate" --dir PATH` on a checkout with a `.gitlab-ci.yml`: prints the converted
 * workflow and the audit of what was not converted.
 */
import assert from "node:assert/strict";
import { runCliCaptured } from "../cli_capture.ts";

const OPUS = new URL("../../../shared/corpus/gitlab/xiph__opus__.gitlab-ci.yml", import.meta.url);

async function migrateDir(gitlabCi: string): Promise<{ code: number; md: string; err: string }> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/.gitlab-ci.yml`, gitlabCi);
    const { code, out: md, err } = await runCliCaptured(["run", "migrate", "--dir", dir]);
    return { code, md, err };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cli migrate --dir: PowerShell $Env: and $CI_COMMIT_SHORT_SHA convert to defined variables", async () => {
  const { code, md, err } = await migrateDir(`
variables:
  SUFFIX: "win64"
package:
  tags: [windows]
  script:
    - Compress-Archive -Path src -DestinationPath "out-$Env:SUFFIX/app.zip"
  artifacts:
    paths:
      - "out-$Env:SUFFIX/"
      - "build-$CI_COMMIT_SHORT_SHA/"
`);
  assert.equal(code, 0, err);
  assert.doesNotMatch(md, /env\.Env\b|env\.CI_COMMIT_SHORT_SHA/);
  assert.match(md, /out-\$\{\{ env\.SUFFIX \}\}\//);
  assert.match(md, /build-\$\{\{ steps\.gitlab\.outputs\.CI_COMMIT_SHORT_SHA \}\}\//);
  assert.match(md, /^\+ {4}timeout-minutes: 60$/m, "GitLab's default timeout is carried over");
  assert.doesNotMatch(md, /undefined variable/);
  assert.match(md, /✓ \.github\/workflows\/gitlab-ci\.yml/);
});

Deno.test("cli migrate --dir: a GitLab CI checkout becomes a GitHub workflow with an audit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(OPUS, `${dir}/.gitlab-ci.yml`);
    const { code, out: md, err } = await runCliCaptured(["run", "migrate", "--dir", dir]);
    assert.equal(code, 0, err);
    assert.match(md, /\.github\/workflows\/gitlab-ci\.yml/);
    assert.match(md, /^\+on:/m, "the diff shows the new workflow's triggers");
    assert.match(md, /not converted/i, "the audit lists what was not converted");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
