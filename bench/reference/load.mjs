/**
 * The load generator of `deno task bench`: autocannon (pinned in package.json) sending signed
 * Slack slash commands, every one distinct. The service de-duplicates by `trigger_id`, so a
 * repeated body would take the cheap duplicate path; the bodies are therefore signed before the
 * run (fresh timestamps, well within Slack's 5-minute window) and each one is sent once. Should
 * the pool run out, the rest are signed as they are sent, and the count says so.
 *
 * The commands come from `opts.users` (default 1,000) distinct user ids in turn: one bench client
 * stands for a whole team, as the per-user limit of the service would otherwise refuse most of
 * them (the bench also raises that limit; the limiter is not what is measured).
 *
 * Prints one JSON object: throughput, latency percentiles, status counts, how many answers were
 * an accepted ack (a 200 with a body), how many said busy (a 200 with `Retry-After` or a body
 * whose `text` starts with `Busy:`: the command was NOT accepted and gets no reply), and the
 * rest (a duplicate is answered with an empty 200); and the `response_url` of every accepted
 * command, so the bench can wait for exactly their replies.
 *
 * @example
 * ```sh
 * node bench/reference/load.mjs '{"url":"http://127.0.0.1:8000/slack/events","secret":"s",
 *   "responseUrl":"http://127.0.0.1:9000/r","seconds":10,"connections":50,"pool":300000}'
 * ```
 */
import { createHmac } from "node:crypto";
import autocannon from "autocannon";
import { summary } from "./summary.mjs";

const opts = JSON.parse(process.argv[2]);
const stamp = Math.floor(Date.now() / 1000);
const run = `${stamp.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const users = opts.users ?? 1000;

function signed(i) {
  const body = new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: "T0001",
    team_domain: "acme",
    channel_id: "C2147483705",
    channel_name: "ci",
    user_id: `U${String(2147480000 + (i % users))}`,
    user_name: `user${i % users}`,
    command: "/ci-test",
    text: opts.text ?? "help",
    api_app_id: "A123456",
    is_enterprise_install: "false",
    response_url: `${opts.responseUrl}/${run}-${i}`,
    trigger_id: `13345224609.${run}.${i}`,
  }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac("sha256", opts.secret).update(`v0:${ts}:${body}`)
    .digest("hex");
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
let accepted = 0;
const acceptedIds = [];
let busy = 0;
let empty = 0;

/** A busy answer: `Retry-After`, or an ack whose `text` starts with `Busy:`. */
function isBusy(body, headers) {
  for (const name of Object.keys(headers ?? {})) {
    if (name.toLowerCase() === "retry-after") return true;
  }
  // Parse only the few that can be busy: every answer passes here, on a machine the load shares.
  if (!body.includes("Busy:")) return false;
  try {
    return String(JSON.parse(body).text ?? "").startsWith("Busy:");
  } catch {
    return false;
  }
}

const result = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  requests: [{
    setupRequest: (req, context) => {
      const i = next++;
      // One request in flight per connection (and context), so its answer is this one's.
      context.i = i;
      if (i >= pool.length) signedLive++;
      return { ...req, ...(i < pool.length ? pool[i] : signed(i)) };
    },
    onResponse: (status, body, context, headers) => {
      if (status !== 200 || !body || body.length === 0) empty++;
      else if (isBusy(body, headers)) busy++;
      else {
        accepted++;
        acceptedIds.push(context.i);
      }
    },
  }],
});

process.stdout.write(
  JSON.stringify({
    ...summary(result),
    status2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ackBodies: accepted,
    // The response_url paths (under opts.responseUrl) of the accepted commands.
    acceptedPaths: acceptedIds.map((i) => `${run}-${i}`),
    busy,
    users,
    emptyOrOther: empty,
    signedDuringRun: signedLive,
    seconds: opts.seconds,
    connections: opts.connections,
  }) + "\n",
);
