/**
 * `cli run "migrate" --dir PATH` on a checkout with a `.gitlab-ci.yml`: prints the converted
 * workflow and the audit of what was not converted.
 */
import assert from "node:assert/strict";
import { type CliIO, runCli } from "../../src/cli.ts";

const OPUS = new URL("../../../shared/corpus/gitlab/xiph__opus__.gitlab-ci.yml", import.meta.url);

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
