/**
 * Issue 12, item 4 through Slack on the real service: `status` lists failed alert deliveries
 * only for the requester's own conversation and repositories they may see; an admin of the
 * repository sees them wherever they ask.
 */
import assert from "node:assert/strict";
import { type Channel, shown, startAlertsEnv } from "./alerts_fixtures.ts";

const C1: Channel = { id: "C0SECRETS", name: "vault-team" };
const C2: Channel = { id: "C0PUBLICS", name: "app-team" };
const MEMBER = "U0MEMBER"; // operator of acme/secret, in C1
const OUTSIDER = "U0OUTSIDER"; // viewer of acme/app, in C2
const NOROLE = "U0NOROLE"; // in C1 too, but no role on acme/secret
const ADMIN = "U0ADMIN"; // admin of acme/*

const POLICY = `grants:
  - repos: ["acme/secret"]
    role: operator
    users: ["slack:${MEMBER}"]
  - repos: ["acme/app"]
    role: viewer
    users: ["slack:${OUTSIDER}", "slack:${MEMBER}", "slack:${NOROLE}"]
  - repos: ["acme/*"]
    role: admin
    users: ["slack:${ADMIN}"]
`;

Deno.test("status: another channel's failed alert for a private repository is not shown", async () => {
  await using env = await startAlertsEnv(POLICY);
  assert.match(shown(await env.command("subscribe repo:acme/secret", C1, MEMBER)), /Subscribed/);
  // Every post to Slack fails for a while: the alert to C1 is given up on.
  env.slack.fault({
    method: "chat.postMessage",
    status: 200,
    times: 50,
    body: JSON.stringify({ ok: false, error: "channel_not_found" }),
  });
  env.run("acme/secret");
  await env.failedDeliveries(1);

  const outsider = shown(await env.command("status", C2, OUTSIDER));
  assert.doesNotMatch(outsider, /acme\/secret/, "another team's private repository");
  assert.doesNotMatch(outsider, /vault-team|C0SECRETS/, "another team's channel");
  assert.doesNotMatch(outsider, /channel_not_found/, "another team's delivery error");
  assert.doesNotMatch(outsider, /could not be delivered/);

  // In the right channel but without a role on the repository: not shown either.
  const norole = shown(await env.command("status", C1, NOROLE));
  assert.doesNotMatch(norole, /acme\/secret/);

  // The subscribed channel's member sees it, in that channel.
  const member = shown(await env.command("status", C1, MEMBER));
  assert.match(member, /could not be delivered/);
  assert.match(member, /acme\/secret/);
  assert.match(member, /Slack refused chat\.postMessage/);
  assert.doesNotMatch(shown(await env.command("status", C2, MEMBER)), /acme\/secret/);

  // An admin of the repository sees it from anywhere.
  const admin = shown(await env.command("status", C2, ADMIN));
  assert.match(admin, /could not be delivered/);
  assert.match(admin, /acme\/secret/);
  assert.match(admin, /vault-team/);
});

Deno.test("status: without a policy file only the channel's own failed alerts are shown", async () => {
  await using env = await startAlertsEnv();
  assert.match(shown(await env.command("subscribe repo:acme/app", C1, MEMBER)), /Subscribed/);
  env.slack.fault({
    method: "chat.postMessage",
    status: 200,
    times: 50,
    body: JSON.stringify({ ok: false, error: "channel_not_found" }),
  });
  env.run("acme/app");
  await env.failedDeliveries(1);
  assert.doesNotMatch(shown(await env.command("status", C2, OUTSIDER)), /acme\/app/);
  const own = shown(await env.command("status", C1, OUTSIDER));
  assert.match(own, /acme\/app/);
  assert.match(own, /Slack refused chat\.postMessage/);
});
