/**
 * `migrate` end to end through the CLI: `--dir` prints the proposed diff; on the GitHub
 * simulator (behind a pass-through that answers a second pull request from the same branch as
 * GitHub does, 422 "already exists") the confirmed apply opens one pull request, a repeat
 * opens none, and a changed workflow updates the same branch and pull request.
 */
import assert from "node:assert/strict";
import { runCliCaptured } from "../cli_capture.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import type { Report } from "../../src/report/model.ts";
import { startGitHubSim } from "../sim/github.ts";
import { CI } from "../ops/migrate/fixtures.ts";

const TOKEN = "ghs_migrateE2e";
const CATALOG = await Deno.readTextFile(new URL("../../docs/catalog.example.yml", import.meta.url));
const PATH = ".github/workflows/ci.yml";

const cli = runCliCaptured;

Deno.test("cli: migrate strategy:reusable --dir prints the proposed diff and what was kept", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${PATH}`, CI);
    await Deno.writeTextFile(`${dir}/catalog.yml`, CATALOG);
    const r = await cli(["run", "migrate strategy:reusable", "--dir", dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /```diff\n--- a\/\.github\/workflows\/ci\.yml/);
    assert.match(
      r.out,
      /\n\+ {4}uses: acme\/ci-tooling\/\.github\/workflows\/python-ci\.yml@3f1c0d9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392 # v1\n/,
    );
    assert.match(r.out, /\n- {6}- run: pytest -q --cov\n/);
    assert.match(r.out, /Kept custom, and why[\s\S]*docs[\s\S]*no catalog workflow covers it/);
    assert.equal(await Deno.readTextFile(`${dir}/${PATH}`), CI, "the checkout is not written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migrate apply on the simulator: confirm, one pull request, repeat and update reuse it", async () => {
  const sim = await startGitHubSim({ token: TOKEN });
  sim.state.addRepo("acme/app", { files: { [PATH]: CI } });
  sim.state.addRepo("acme/ci-tooling", { files: { "catalog.yml": CATALOG } });
  const repo = sim.state.repo("acme/app")!;
  const upstream = new URL(sim.url);
  // GitHub refuses a second open pull request from the same head; this simulator does not yet.
  const proxy = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const body = req.body ? await req.text() : undefined;
    if (req.method === "POST" && url.pathname.endsWith("/repos/acme/app/pulls")) {
      const head = JSON.parse(body!).head;
      if (repo.pulls.some((p) => p.head.ref === head && p.state === "open")) {
        return Response.json({
          message: `Validation Failed: A pull request already exists for acme:${head}.`,
        }, { status: 422 });
      }
    }
    const res = await fetch(`${upstream.origin}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body,
    });
    return new Response(res.status === 304 ? null : await res.arrayBuffer(), {
      status: res.status,
      headers: res.headers,
    });
  });
  const env = {
    GITHUB_API_URL: `http://127.0.0.1:${proxy.addr.port}${upstream.pathname}`,
    GITHUB_TOKEN: TOKEN,
  };
  const run = async (text: string) => {
    const r = await cli(["run", text, "--json"], env);
    return { ...r, report: r.out ? JSON.parse(r.out) as Report : undefined };
  };
  try {
    const proposed = await run("migrate repo:acme/app strategy:reusable");
    assert.equal(proposed.code, 0, proposed.err);
    const apply = proposed.report!.actions.find((a) => a.id === "migrate-apply")!;
    assert.deepEqual(apply.intent, {
      op: "migrate",
      repo: "acme/app",
      strategy: "reusable",
      apply: { step: "preview" },
    });

    const preview = await run("migrate repo:acme/app strategy:reusable apply");
    assert.equal(preview.code, 0, preview.err);
    assert.equal(repo.pulls.length, 0, "nothing opened before confirmation");
    const confirm = preview.report!.actions.find((a) => a.id === "migrate-confirm")!;
    assert.equal(confirm.intent.apply?.step, "confirm");
    assert.match(intentToCommand(confirm.intent), /^migrate .* apply:@[0-9a-f]{12}$/);
    const branch = preview.report!.fields.find((f) => f.label === "Branch")!.value;
    assert.equal(branch, "ci-orchestrator/migrate-reusable");

    const confirmed = intentToCommand(confirm.intent);
    const opened = await run(confirmed);
    assert.equal(opened.code, 0, opened.err);
    assert.equal(repo.pulls.length, 1);
    assert.equal(repo.pulls[0].head.ref, branch);
    const proposedFile = repo.branches.get(branch)!.files.get(PATH)!;
    assert.match(proposedFile, /uses: acme\/ci-tooling\/\.github\/workflows\/python-ci\.yml@3f1c/);
    assert.equal(repo.branches.get("main")!.files.get(PATH), CI);
    assert.equal(opened.report!.links[0].url, repo.pulls[0].html_url);

    const again = await run(confirmed);
    assert.equal(again.code, 0, again.err);
    assert.equal(repo.pulls.length, 1, "no second pull request");
    assert.match(again.report!.summary, /already holds these changes/);

    const changed = CI.replace("# Fast feedback first.", "# Fast feedback first (ruff).");
    sim.state.setFile("acme/app", PATH, changed);
    const stale = await run(confirmed);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /changed since the confirmation was shown/);
    const preview2 = await run("migrate repo:acme/app strategy:reusable apply");
    const confirm2 = preview2.report!.actions.find((a) => a.id === "migrate-confirm")!;
    const updated = await run(intentToCommand(confirm2.intent));
    assert.equal(updated.code, 0, updated.err);
    assert.equal(repo.pulls.length, 1, "the same pull request, updated");
    assert.match(updated.report!.summary, /Updated branch/);
    assert.match(
      repo.branches.get(branch)!.files.get(PATH)!,
      /# Fast feedback first \(ruff\)\.\n {2}lint:\n {4}uses:/,
    );
  } finally {
    await proxy.shutdown();
    await sim.close();
  }
});

Deno.test("cli: migrate strategy:reusable --dir without a catalog names the file it looked for", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${PATH}`, CI);
    // From the checkout and from its workflows folder: the catalog is read at the checkout root.
    for (const given of [dir, `${dir}/.github/workflows`]) {
      const r = await cli(["run", "migrate strategy:reusable", "--dir", given]);
      assert.equal(r.code, 1);
      assert.match(r.err, new RegExp(`error: No catalog at ${dir}/catalog\\.yml\\n`), given);
      assert.match(r.err, /hint: Put a catalog\.yml there/);
      assert.doesNotMatch(r.err, /ci-tooling/, "not the GitHub repository a --dir never reads");
    }
    const named = await cli([
      "run",
      "migrate strategy:reusable target:acme/tools/ci/shared.yml",
      "--dir",
      dir,
    ]);
    assert.equal(named.code, 1);
    assert.match(named.err, new RegExp(`No catalog at ${dir}/ci/shared\\.yml\\n`));
    await Deno.writeTextFile(`${dir}/catalog.yml`, CATALOG);
    const found = await cli(["run", "migrate strategy:reusable", "--dir", dir]);
    assert.equal(found.code, 0, found.err);
    assert.match(found.out, new RegExp(`\\*\\*Based on:\\*\\* catalog ${dir}/catalog\\.yml`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
