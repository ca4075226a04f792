/**
 * A job from the console: `test` over the simulator answers with the running report drawn four
 * ways and a page that reloads itself (no script) to the job's status URL, which shows progress
 * until the final report; another requester's job is not shown.
 */
import assert from "node:assert/strict";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { csrfOf, startConsole } from "./harness.ts";

const COMMAND = "test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12";

Deno.test("console: a job shows progress, reloads itself, then shows the final report", async () => {
  await using sim = await simWithApp();
  await using env = await startConsole({}, { demo: true, github: sim, token: GITHUB_TOKEN });
  const csrf = csrfOf(await (await fetch(`${env.base}/`)).text());
  const started = await fetch(`${env.base}/`, {
    method: "POST",
    body: new URLSearchParams({ q: COMMAND, csrf }),
  });
  const first = await started.text();
  assert.equal(started.status, 200);
  const refresh = /<meta http-equiv="refresh" content="2;url=([^"]+)">/.exec(first);
  assert.ok(refresh, first.slice(0, 1500));
  const statusPath = refresh[1].replaceAll("&amp;", "&");
  assert.match(statusPath, /^\/console\/jobs\/[A-Za-z0-9_-]+\?report=[A-Za-z0-9_-]+$/);
  assert.match(first, /<progress id="job-progress" max="2" value="0">/);
  assert.equal((first.match(/<section class="pane"/g) ?? []).length, 4);
  // The running report's Cancel button is drawn by the three chat surfaces (markdown has none).
  assert.equal((first.match(/>Cancel</g) ?? []).length, 3, "Cancel in Slack, Discord, Teams");

  let page = "";
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${env.base}${statusPath}`);
    page = await res.text();
    assert.equal(res.status, 200);
    if (!page.includes('http-equiv="refresh"')) break;
    assert.match(page, /<progress id="job-progress" max="2" value="[012]">/);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.doesNotMatch(page, /http-equiv="refresh"/, "the job finished within a minute");
  assert.equal((page.match(/<section class="pane"/g) ?? []).length, 4);
  for (const pane of page.split('<section class="pane"').slice(1)) {
    assert.match(pane, /1 of 2 scenarios passed, 1 failed/, pane.slice(0, 1500));
  }
  assert.equal(sim.state.dispatches.length, 2);

  const stranger = await fetch(`${env.base}/console/jobs/AAAAAAAAAAAAAAAAAAAAAA`);
  assert.match(await stranger.text(), /No console job with id &#39;AAAAAAAAAAAAAAAAAAAAAA&#39;/);
});
