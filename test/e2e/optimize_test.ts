/**
 * `optimize` on the GitHub simulator, through the CLI (the local operator): with no runs nothing
 * is estimated and pinning is one item; `optimize apply`: nothing is
 * opened before the confirmation, the confirmed apply opens one pull request with the patched
 * file on its branch, a repeat opens no second one, and a changed file voids the confirmation.
 */
import assert from "node:assert/strict";
import { runCliCaptured } from "../cli_capture.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import type { Report } from "../../src/report/model.ts";
import { startGitHubSim } from "../sim/github.ts";
import { NODE_CI as WF } from "../ops/optimize/workflow_fixture.ts";

const TOKEN = "ghs_optimizeE2e";

async function run(
  url: string,
  text: string,
): Promise<{ code: number; report?: Report; err: string }> {
  const { code, out, err } = await runCliCaptured(["run", text, "--json"], {
    GITHUB_API_URL: url,
    GITHUB_TOKEN: TOKEN,
  });
  return { code, err, ...(out ? { report: JSON.parse(out) as Report } : {}) };
}

Deno.test("optimize apply: confirmation first, one PR with the patched file, no duplicate, stale refused", async () => {
  const sim = await startGitHubSim({ token: TOKEN });
  try {
    sim.state.addRepo("acme/web", {
      files: { ".github/workflows/ci.yml": WF, "package-lock.json": "{}\n" },
    });
    const repo = sim.state.repo("acme/web")!;

    const listed = await run(sim.url, "optimize repo:acme/web");
    assert.equal(listed.code, 0, listed.err);
    // No runs yet: nothing is measured, so nothing is estimated and the total is 0.
    const saving = listed.report!.fields.find((f) => f.label === "Estimated saving")!.value;
    assert.match(saving, /^~0 runner min\/week measured over 0 suggestions \(\d+ not estimated/);
    const rows = listed.report!.tables[0].rows;
    assert.ok(rows.every((r) => r[3] === "not estimated"), JSON.stringify(rows));
    // The two `@v4` references are one grouped pinning item.
    const pins = rows.filter((r) => /^Pin /.test(r[1]));
    assert.equal(pins.length, 1);
    assert.match(pins[0][1], /^Pin 2 action references \(2 actions, 1 file\) to commit SHAs/);
    const apply = listed.report!.actions.find((a) => a.id === "optimize-apply")!;
    assert.equal(apply.intent.apply?.step, "preview");
    const ids = apply.intent.apply!.ids!.join(",");
    assert.match(ids, /^s[0-9a-z]{5}(,s[0-9a-z]{5})+$/);

    const preview = await run(sim.url, `optimize apply ${ids} repo:acme/web`);
    assert.equal(preview.code, 0, preview.err);
    assert.equal(repo.pulls.length, 0, "nothing opened before confirmation");
    assert.deepEqual([...repo.branches.keys()], ["main"]);
    const confirm = preview.report!.actions.find((a) => a.id === "optimize-confirm")!;
    const confirmText = intentToCommand(confirm.intent);
    assert.match(confirmText, new RegExp(`^optimize repo:acme/web apply:${ids}@[0-9a-f]{12}$`));
    const branch = preview.report!.fields.find((f) => f.label === "Branch")!.value;
    assert.match(branch, /^ci-orchestrator\/optimize-[0-9a-f]{10}$/);
    assert.match(preview.report!.sections[0].markdown, /\+ {10}cache: npm/);

    const opened = await run(sim.url, confirmText);
    assert.equal(opened.code, 0, opened.err);
    assert.equal(repo.pulls.length, 1);
    assert.equal(repo.pulls[0].head.ref, branch);
    const patched = repo.branches.get(branch)!.files.get(".github/workflows/ci.yml")!;
    assert.match(
      patched,
      /uses: actions\/setup-node@v4 # node\n {8}with:\n {10}node-version: 20\n {10}cache: npm\n/,
    );
    assert.match(
      patched,
      /concurrency:\n {2}group: .*\n {2}cancel-in-progress: .*\n# build and test\njobs:/,
    );
    assert.match(patched, /runs-on: ubuntu-latest {3}# linux/);
    assert.equal(repo.branches.get("main")!.files.get(".github/workflows/ci.yml"), WF);
    assert.equal(opened.report!.links[0].url, repo.pulls[0].html_url);

    const again = await run(sim.url, confirmText);
    assert.equal(again.code, 0, again.err);
    assert.equal(repo.pulls.length, 1, "no second pull request");
    assert.match(again.report!.summary, /already holds these changes/);

    sim.state.setFile(
      "acme/web",
      ".github/workflows/ci.yml",
      WF.replace("npm test", "npm run test"),
    );
    const stale = await run(sim.url, confirmText);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /changed since the confirmation was shown/);
    assert.equal(repo.pulls.length, 1);
  } finally {
    await sim.close();
  }
});
