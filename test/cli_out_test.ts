/**
 * `cli run "migrate …" --out DIR`: the written files parse, pass actionlint and our analyzer
 * with no finding the input did not cause (a GitLab checkout from the corpus, and a GitHub
 * `strategy:actions` run over the corpus workflows); crafted paths and links never write
 * outside DIR; a folder with files is refused without --force; --out elsewhere is a usage error.
 */
import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../src/workflow/actionlint/checker.ts";
import { parse } from "yaml";
import { runCliCaptured } from "./cli_capture.ts";
import { runMigrateOut, writeOutFiles } from "../src/cli_out.ts";
import { CiError } from "../src/errors.ts";
import type { ProposeMigration } from "../src/ops/migrate/mod.ts";
import { isStaleActionlintIssue } from "../src/ops/pull_requests/validate.ts";
import type { Finding } from "../src/report/model.ts";
import { lintFile } from "../src/workflow/lint.ts";
import { findingLevel } from "../src/workflow/rules/index.ts";
import { jsonLogger } from "../src/log.ts";
import { localProvider } from "../src/providers/local.ts";

const CORPUS = new URL("../../shared/corpus/", import.meta.url).pathname;
const actionlint = await createLinter();

const cli = (args: string[]) => runCliCaptured(args);

/** Every file under `dir`, relative, sorted. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory) found.push(...await listFiles(dir, `${rel}/`));
    else found.push(rel);
  }
  return found.sort();
}

/** What `analyze` shows by default (pedantic findings are opt-in). */
const shown = (path: string, content: string): Finding[] =>
  lintFile({ path, content }).findings.filter((f) => findingLevel(f) === "default");

const lintIssues = (path: string, content: string) =>
  actionlint(content, path).filter((i) => !isStaleActionlintIssue(i))
    .map((i) => `${i.kind}: ${i.message}`);

/**
 * Parses, and actionlint (workflows) reports nothing beyond its stale runner-label list and
 * what it already reported on the file it replaces.
 */
function assertUsable(path: string, content: string, before?: string) {
  assert.ok(parse(content), `${path} parses to a document`);
  const model = lintFile({ path, content }).file;
  assert.ok(model, `${path} is a workflow or action our analyzer reads`);
  if (model.kind !== "workflow") return;
  const known = new Set(before === undefined ? [] : lintIssues(path, before));
  assert.deepEqual(lintIssues(path, content).filter((i) => !known.has(i)), [], path);
}

// A GitLab file causes a GitHub finding only through the construct that became it.
function causedByGitLab(f: Finding, gitlab: string): boolean {
  if (f.ruleId === "unpinned-image") {
    const image = /'([^']+)'/.exec(f.message)?.[1];
    return image !== undefined && gitlab.includes(image);
  }
  if (f.ruleId === "self-hosted-pr") return /^\s*tags:/m.test(gitlab);
  if (f.ruleId === "continue-on-error") return /allow_failure:/.test(gitlab);
  return false;
}

for (const name of [...Deno.readDirSync(`${CORPUS}gitlab`)].map((e) => e.name).sort()) {
  Deno.test(`cli migrate --out: ${name} is written, usable, and adds no analyzer finding`, async () => {
    const dir = await Deno.makeTempDir();
    const out = `${await Deno.makeTempDir()}/converted`;
    try {
      const gitlab = await Deno.readTextFile(`${CORPUS}gitlab/${name}`);
      await Deno.writeTextFile(`${dir}/.gitlab-ci.yml`, gitlab);
      const r = await cli(["run", "migrate", "--dir", dir, "--out", out]);
      assert.equal(r.code, 0, r.err);
      const converted = Number(/\*\*Files changed:\*\* (\d+)/.exec(r.out)?.[1]);
      if (converted === 0) {
        // Nothing converted (gitlab-runner's jobs come from `include:`d files): nothing written.
        assert.match(r.out, /\*\*Not converted:\*\* [1-9]/);
        assert.match(r.err, /Nothing written to .*: no file would change/);
        await assert.rejects(() => Deno.stat(out), Deno.errors.NotFound);
        return;
      }
      const written = await listFiles(out);
      assert.equal(written.length, converted, "every converted file was written");
      assert.ok(written.every((p) => p.startsWith(".github/workflows/")), written.join(", "));
      assert.match(r.out, new RegExp(`Wrote ${written.length} files? to ${out}:`));
      for (const p of written) assert.ok(r.out.includes(`\n- ${p}`), `${p} is listed`);
      assert.doesNotMatch(r.out, /copy the files above/);
      const added: string[] = [];
      for (const p of written) {
        const content = await Deno.readTextFile(`${out}/${p}`);
        assertUsable(p, content);
        added.push(
          ...shown(p, content).filter((f) => !causedByGitLab(f, gitlab))
            .map((f) => `${p}:${f.line} ${f.ruleId}: ${f.message}`),
        );
      }
      assert.deepEqual(added, [], `${added.length} finding(s) the GitLab file did not cause`);
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(out.replace(/\/converted$/, ""), { recursive: true });
    }
  });
}

Deno.test("cli migrate strategy:actions --out: new actions and changed workflows, nothing new found", async () => {
  const dir = await Deno.makeTempDir();
  const out = await Deno.makeTempDir();
  try {
    const names = [...Deno.readDirSync(`${CORPUS}github`)].map((e) => e.name)
      .filter((n) => !n.endsWith("action.yml")).sort();
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    const inputs = new Map<string, string>();
    for (const n of names) {
      const text = await Deno.readTextFile(`${CORPUS}github/${n}`);
      inputs.set(`.github/workflows/${n}`, text);
      await Deno.writeTextFile(`${dir}/.github/workflows/${n}`, text);
    }
    const r = await cli(["run", "migrate strategy:actions", "--dir", dir, "--out", out]);
    assert.equal(r.code, 0, r.err);
    const written = await listFiles(out);
    const actions = written.filter((p) => /^\.github\/actions\/[^/]+\/action\.yml$/.test(p));
    const workflows = written.filter((p) => p.startsWith(".github/workflows/"));
    assert.ok(actions.length > 0 && workflows.length > 0, written.join(", "));
    assert.equal(actions.length + workflows.length, written.length, written.join(", "));
    assert.match(r.out, new RegExp(`Wrote ${written.length} files to ${out}:`));
    const before = new Set(
      [...inputs].flatMap(([p, c]) => shown(p, c)).map((f) => `${f.ruleId}|${f.message}`),
    );
    const added: string[] = [];
    for (const p of written) {
      const content = await Deno.readTextFile(`${out}/${p}`);
      assertUsable(p, content, inputs.get(p));
      if (workflows.includes(p)) {
        assert.ok(inputs.has(p), `${p} is one of the input workflows`);
        assert.notEqual(content, inputs.get(p), `${p} changed`);
        for (const [, used] of content.matchAll(/uses: \.\/(\.github\/actions\/[^\s/]+)/g)) {
          assert.ok(written.includes(`${used}/action.yml`), `${p} uses ${used}, written too`);
        }
      }
      added.push(
        ...shown(p, content).filter((f) => !before.has(`${f.ruleId}|${f.message}`))
          .map((f) => `${p}:${f.line} ${f.ruleId}: ${f.message}`),
      );
    }
    assert.deepEqual(added, [], "findings the input workflows did not cause");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("cli migrate --out: a folder with files is refused, --force writes into it", async () => {
  const dir = await Deno.makeTempDir();
  const out = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${CORPUS}gitlab/xiph__opus__.gitlab-ci.yml`, `${dir}/.gitlab-ci.yml`);
    await Deno.writeTextFile(`${out}/keep.txt`, "mine");
    const refused = await cli(["run", "migrate", "--dir", dir, "--out", out]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      new RegExp(`--out '${out}': it is not empty \\(1 entry, e\\.g\\. keep\\.txt\\)`),
    );
    assert.match(refused.err, /hint: .*--force/);
    assert.deepEqual(await listFiles(out), ["keep.txt"], "nothing was written");
    const forced = await cli(["run", "migrate", "--dir", dir, "--out", out, "--force"]);
    assert.equal(forced.code, 0, forced.err);
    assert.deepEqual(await listFiles(out), [".github/workflows/gitlab-ci.yml", "keep.txt"]);
    assert.equal(await Deno.readTextFile(`${out}/keep.txt`), "mine");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("cli run: --out on another command, with apply, or --force alone is a usage error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const analyze = await cli(["run", "analyze", "--dir", dir, "--out", `${dir}/o`]);
    assert.equal(analyze.code, 2);
    assert.match(analyze.err, /--out applies to migrate only, not analyze/);
    const apply = await cli(["run", "migrate apply", "--dir", dir, "--out", `${dir}/o`]);
    assert.equal(apply.code, 2);
    assert.match(apply.err, /`apply` opens a pull request: use one of them/);
    const force = await cli(["run", "migrate", "--dir", dir, "--force"]);
    assert.equal(force.code, 2);
    assert.match(force.err, /--force applies with --out DIR only/);
    assert.deepEqual(await listFiles(dir), [], "nothing was created");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli migrate without --out: the notes say how to write the files, not to copy them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${CORPUS}gitlab/xiph__opus__.gitlab-ci.yml`, `${dir}/.gitlab-ci.yml`);
    const r = await cli(["run", "migrate", "--dir", dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /run with `--out DIR` to write them/);
    assert.doesNotMatch(r.out, /copy the files above/);
    assert.deepEqual(await listFiles(dir), [".gitlab-ci.yml"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const CRAFTED = [
  "../escape.yml",
  "/tmp/absolute-escape.yml",
  ".github/actions/../../../escape.yml",
  ".github\\..\\..\\escape.yml",
  ".github//workflows/x.yml",
  "./x.yml",
  "C:/escape.yml",
];

Deno.test("attack: crafted paths from a converter never write outside --out, nor anything", async () => {
  const parent = await Deno.makeTempDir();
  const out = `${parent}/out`;
  try {
    for (const path of CRAFTED) {
      const files = [{ path: ".github/workflows/ok.yml", content: "ok" }, { path, content: "x" }];
      await assert.rejects(
        () => writeOutFiles(out, files, false),
        (e: unknown) =>
          e instanceof CiError && e.code === "bad_request" && e.message.includes(path),
        path,
      );
    }
    assert.deepEqual(await listFiles(parent), [], "not even the good file was written");
    // Through the CLI's path: a proposal naming a crafted file is refused before any write.
    const propose: ProposeMigration = () =>
      Promise.resolve({
        report: { title: "Migrate app (gitlab)", status: "warning", summary: "2 files" },
        result: {
          strategy: "gitlab",
          notes: [],
          files: [
            { path: ".github/workflows/ok.yml", before: null, after: "on: push" },
            { path: "../../escape.yml", before: null, after: "owned" },
          ],
        },
        checks: [],
      });
    const log = jsonLogger({ level: "error", write: () => {} });
    const ctx = { provider: localProvider(parent), log, now: () => new Date() };
    const lines: string[] = [];
    await assert.rejects(
      () =>
        runMigrateOut({ op: "migrate" }, out, {
          propose,
          ctx,
          out: (l) => lines.push(l),
          err: (l) => lines.push(l),
          json: false,
          force: false,
        }),
      /Cannot write '\.\.\/\.\.\/escape\.yml': it has an empty, `\.` or `\.\.` segment/,
    );
    assert.deepEqual(await listFiles(parent), []);
    assert.ok(!lines.some((l) => l.startsWith("Wrote")), "no list of written files");
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("attack: a symbolic link inside --out (with --force) is not followed out", async () => {
  const parent = await Deno.makeTempDir();
  const out = `${parent}/out`;
  const outside = `${parent}/outside`;
  try {
    await Deno.mkdir(out);
    await Deno.mkdir(outside);
    await Deno.symlink(outside, `${out}/.github`);
    await Deno.symlink(`${outside}/target.yml`, `${out}/ci.yml`);
    for (const path of [".github/workflows/ci.yml", "ci.yml"]) {
      await assert.rejects(
        () => writeOutFiles(out, [{ path, content: "owned" }], true),
        /is a symbolic link/,
        path,
      );
    }
    assert.deepEqual(await listFiles(outside), [], "nothing landed outside");
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
