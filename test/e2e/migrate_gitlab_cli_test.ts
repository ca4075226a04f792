/**
 * `cli run "migrate" --dir PATH` on a checkout with a `.gitlab-ci.yml`: prints the converted
 * workflow and the audit of what was not converted.
 */
import assert from "node:assert/strict";
import { type CliIO, runCli } from "../../src/cli.ts";

const OPUS = new URL("../../../shared/corpus/gitlab/xiph__opus__.gitlab-ci.yml", import.meta.url);

async function migrateDir(gitlabCi: string): Promise<{ code: number; md: string; err: string }> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/.gitlab-ci.yml`, gitlabCi);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIO = {
      out: (l) => stdout.push(l),
      err: (l) => stderr.push(l),
      readStdin: async function* () {},
      env: {},
    };
    const code = await runCli(["run", "migrate", "--dir", dir], io);
    return { code, md: stdout.join("\n"), err: stderr.join("\n") };
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
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIO = {
      out: (l) => stdout.push(l),
      err: (l) => stderr.push(l),
      readStdin: async function* () {},
      env: {},
    };
    const code = await runCli(["run", "migrate", "--dir", dir], io);
    const md = stdout.join("\n");
    assert.equal(code, 0, stderr.join("\n"));
    assert.match(md, /\.github\/workflows\/gitlab-ci\.yml/);
    assert.match(md, /^\+on:/m, "the diff shows the new workflow's triggers");
    assert.match(md, /not converted/i, "the audit lists what was not converted");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
