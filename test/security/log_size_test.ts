/**
 * Issue 12 item 8: a job log of any size must not be read whole. A fork's pull request can make
 * a job print 150 MB; the service reads only the tail (HTTP Range on the pre-signed download),
 * and when the blob store ignores Range it streams with a byte cap instead of buffering.
 * Bytes are measured at the simulator (what it actually sent), not by timing RSS.
 */
import assert from "node:assert/strict";
import { LOG_READ_CAP_BYTES, LOG_TAIL_BYTES } from "../../src/providers/github/log_tail.ts";
import { IDS } from "../sim/discord.ts";
import { generatedLog } from "../sim/github.ts";
import { githubEnv, seen } from "../providers/github_env.ts";
import { discordCommand, startAllSurfaces } from "./log_scan.ts";

const MB = 1024 * 1024;
const LAST_LINES = [
  "FAILED tests/test_api.py::test_upload - AssertionError: 413 != 200",
  "##[error]Process completed with exit code 1.",
  "Cleaning up orphan processes",
];

async function hugeLogJob(ranges: boolean) {
  const env = await githubEnv({ provider: { timeoutMs: 60_000 } });
  const run = env.sim.state.addRun("acme/app", { workflow: "ci.yml", jobs: [{ name: "test" }] });
  const [job] = await env.provider.listJobs("acme/app", Number(run.id));
  const blob = generatedLog({ size: 150 * MB, tail: LAST_LINES.join("\n") + "\n", ranges });
  env.sim.state.setLogBlob(job.id, blob);
  return { env, job, blob };
}

Deno.test("security: a 150 MB job log is read through a Range request, tail only", async () => {
  const { env, job, blob } = await hugeLogJob(true);
  await using _ = env;
  const rss = Deno.memoryUsage().rss;

  const tail = await env.provider.jobLogTail("acme/app", job.id, 3);

  console.log(
    `150 MB log: ${blob.served} bytes sent, RSS delta ${
      ((Deno.memoryUsage().rss - rss) / MB).toFixed(1)
    } MB`,
  );
  assert.equal(tail, LAST_LINES.join("\n"));
  assert.ok(blob.served <= LOG_TAIL_BYTES, `sent ${blob.served} bytes of a ${blob.size} log`);
  const [download] = seen(env.sim, "GET", `/_logs/${job.id}`);
  assert.equal(download.headers.range, `bytes=-${LOG_TAIL_BYTES}`);
  assert.equal(download.status, 206);
});

Deno.test("security: when Range is ignored the log is streamed up to a cap, and says so", async () => {
  const { env, job, blob } = await hugeLogJob(false);
  await using _ = env;

  const tail = await env.provider.jobLogTail("acme/app", job.id, 3);

  console.log(`Range ignored: ${blob.served} bytes sent of ${blob.size}`);
  // The socket buffers a few MB past the point where the reader stops: bounded, not exact.
  assert.ok(blob.served < LOG_READ_CAP_BYTES + 16 * MB, `sent ${blob.served} bytes`);
  const lines = tail.split("\n");
  assert.equal(lines.length, 3);
  assert.match(lines[0], /filler$/);
  assert.match(
    lines[2],
    /^\[log truncated: read the first 8\.0 MB of 150\.0 MB; the last 142\.0 MB were not read\]$/,
  );
  const [download] = seen(env.sim, "GET", `/_logs/${job.id}`);
  assert.equal(download.status, 200);
});

Deno.test("security: an empty job log is an empty tail (416 to the range request)", async () => {
  await using env = await githubEnv();
  const run = env.sim.state.addRun("acme/app", {
    workflow: "ci.yml",
    jobs: [{ name: "test", log: "" }],
  });
  const [job] = await env.provider.listJobs("acme/app", Number(run.id));
  assert.equal(await env.provider.jobLogTail("acme/app", job.id, 3), "");
  assert.equal(seen(env.sim, "GET", `/_logs/${job.id}`)[0].status, 416);
});

Deno.test("security: a failing run with a 150 MB log alerts with its tail, reading 64 KB", async () => {
  await using env = await startAllSurfaces();
  assert.equal(
    await discordCommand(
      env,
      "subscribe",
      { repo: "acme/app", on: "failure" },
      "c3Vic2NyaWJlLWxvZy1zaXpl",
    ),
    200,
  );
  await env.discord.waitFor(
    (c) => c.method === "PATCH" && /Subscribed/i.test(JSON.stringify(c.body)),
    10_000,
  );
  // The job's log becomes 150 MB as the simulated runner finishes it.
  const blob = generatedLog({ size: 150 * MB, tail: LAST_LINES.join("\n") + "\n" });
  const state = env.github.state;
  const setLog = state.setLog.bind(state);
  state.setLog = (jobId, text) => {
    setLog(jobId, text);
    state.setLogBlob(jobId, blob);
  };
  const repo = state.repo("acme/app")!;
  const run = state.dispatch(repo, state.findWorkflow(repo, "ci.yml")!, {
    ref: "main",
    inputs: { "python-version": "3.12" },
  });
  if (typeof run === "string") throw new Error(run);

  const alert = await env.discord.waitFor(
    (c) => c.method === "POST" && c.path === `/channels/${IDS.channel}/messages`,
    20_000,
  );

  const shown = JSON.stringify(alert.body);
  assert.match(shown, /CI failed on main/);
  assert.match(shown, /Process completed with exit code 1/);
  assert.match(shown, /test_upload/);
  assert.ok(blob.served <= 2 * LOG_TAIL_BYTES, `sent ${blob.served} bytes of ${blob.size}`);
});
