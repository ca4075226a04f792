/**
 * The load generator of `deno task bench`: autocannon (pinned in package.json) sending signed
 * Slack slash commands, every one distinct. The service de-duplicates by `trigger_id`, so a
 * repeated body would take the cheap duplicate path; the bodies are therefore signed before the
 * run (fresh timestamps, well within Slack's 5-minute window) and each one is sent once. Should
 * the pool run out, the rest are signed as they are sent, and the count says so.
 *
 * Prints one JSON object: throughput, latency percentiles, status counts, and how many answers
 * carried an ack body (a duplicate is answered with an empty 200).
 *
 * @example
 * ```sh
 * node bench/reference/load.mjs '{"url":"http://127.0.0.1:8000/slack/events","secret":"s",
 *   "responseUrl":"http://127.0.0.1:9000/r","seconds":10,"connections":50,"pool":300000}'
 * ```
 */
import { createHmac } from "node:crypto";
import autocannon from "autocannon";

const opts = JSON.parse(process.argv[2]);
const stamp = Math.floor(Date.now() / 1000);
const run = `${stamp.toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function signed(i) {
  const body = new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: "T0001",
    team_domain: "acme",
    channel_id: "C2147483705",
    channel_name: "ci",
    user_id: "U2147483697",
    user_name: "ada",
    command: "/ci-test",
    text: opts.text ?? "help",
    api_app_id: "A123456",
    is_enterprise_install: "false",
    response_url: `${opts.responseUrl}/${run}-${i}`,
    trigger_id: `13345224609.${run}.${i}`,
  }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac("sha256", opts.secret).update(`v0:${ts}:${body}`).digest("hex");
  return {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": ts,
      "x-slack-signature": `v0=${sig}`,
    },
  };
}

const pool = Array.from({ length: opts.pool }, (_, i) => signed(i));
let next = 0;
let signedLive = 0;
let withBody = 0;
let empty = 0;

const result = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  requests: [{
    setupRequest: (req) => {
      const i = next++;
      if (i >= pool.length) signedLive++;
      return { ...req, ...(i < pool.length ? pool[i] : signed(i)) };
    },
    onResponse: (status, body) => {
      if (status === 200 && body && body.length > 0) withBody++;
      else empty++;
    },
  }],
});

process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    status2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ackBodies: withBody,
    emptyOrOther: empty,
    signedDuringRun: signedLive,
    seconds: opts.seconds,
    connections: opts.connections,
  }) + "\n",
);
