/**
 * Durability: the service is killed with SIGKILL while a test job waits for its runs, then
 * started again on the same Deno KV file. The job completes, nothing is dispatched twice, and
 * exactly one final message is delivered.
 */
import assert from "node:assert/strict";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";
import { startProcess } from "./process.ts";

const SECRET = "restart-signing-secret";
const USER = "U2147483697";

Deno.test("restart: SIGKILL mid-job, start again → completes once, no second dispatch", async () => {
  // 100× sim time: the 5-minute runs take about 3 s of real time.
  await using github = await simWithApp({ timeScale: 100 });
  const slack = await startSlackSim();
  const dir = await Deno.makeTempDir();
  try {
    const policy = `${dir}/policy.yml`;
    await Deno.writeTextFile(
      policy,
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${USER}"]\n`,
    );
    const env = {
      KV_PATH: `${dir}/store.kv`,
      POLICY_FILE: policy,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      LOG_LEVEL: "info",
    };
    const first = await startProcess(env);
    const body = slashCommandBody({
      command: "/ci-test",
      text: "test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12",
      user_id: USER,
      response_url: slack.responseUrl("restart"),
    });
    const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
    headers.set("content-type", "application/x-www-form-urlencoded");
    const ack = await fetch(`http://127.0.0.1:${first.port}/slack/events`, {
      method: "POST",
      headers,
      body,
    });
    assert.equal(ack.status, 200);
    await ack.body?.cancel();

    // Both scenarios dispatched, runs not finished: kill the process without warning.
    const deadline = Date.now() + 20_000;
    while (github.state.dispatches.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(github.state.dispatches.length, 2);
    first.child.kill("SIGKILL");
    await first.child.status;
    const finalsBefore = slack.calls.filter((c) =>
      /1 of 2 scenarios passed/.test(JSON.stringify(c.body))
    );
    assert.equal(finalsBefore.length, 0, "killed before the runs finished");

    const second = await startProcess(env);
    try {
      const final = await slack.waitFor(
        (c) => /1 of 2 scenarios passed, 1 failed/.test(JSON.stringify(c.body)),
        60_000,
      );
      assert.match(JSON.stringify(final.body), /python-version=3\.12/);
      // Give a duplicate every chance to show up before counting.
      await new Promise((r) => setTimeout(r, 1_500));
      const finals = slack.calls.filter((c) =>
        /1 of 2 scenarios passed, 1 failed/.test(JSON.stringify(c.body))
      );
      assert.equal(finals.length, 1, "exactly one final message");
      assert.equal(github.state.dispatches.length, 2, "nothing dispatched twice");
    } finally {
      second.child.kill("SIGTERM");
      await second.child.status;
    }
  } finally {
    await slack.close();
    await Deno.remove(dir, { recursive: true });
  }
});
