/**
 * Issue 12, extras on alert subscriptions, through Slack on the real service:
 * - a private repository's alerts (with log excerpts) can be routed into a channel only by an
 *   operator, and the reply states the visibility;
 * - `subscriptions` / `unsubscribe` see and remove only the asking conversation's own.
 */
import assert from "node:assert/strict";
import {
  type AlertsEnv,
  type Channel,
  SECRET_LOG_LINE,
  shown,
  startAlertsEnv,
} from "./alerts_fixtures.ts";

const C1: Channel = { id: "C0SECRETS", name: "vault-team" };
const C2: Channel = { id: "C0PUBLICS", name: "app-team" };
const OPERATOR = "U0OPERATOR";
const VIEWER = "U0VIEWER";

const POLICY = `grants:
  - repos: ["acme/*"]
    role: viewer
    users: ["slack:${VIEWER}", "slack:${OPERATOR}"]
  - repos: ["acme/secret"]
    role: operator
    users: ["slack:${OPERATOR}"]
`;

/** Chat posts (alerts) that mention the private repository or its log. */
const secretPosts = (env: AlertsEnv) =>
  env.slack.calls.filter((c) =>
    c.method === "chat.postMessage" &&
    (shown(c).includes(SECRET_LOG_LINE) || shown(c).includes("— acme/secret"))
  );

Deno.test("subscribe: without a policy file nobody routes a private repository's alerts", async () => {
  await using env = await startAlertsEnv();
  const answer = shown(await env.command("subscribe repo:acme/secret", C2, VIEWER));
  assert.doesNotMatch(answer, /Subscribed/);
  assert.match(answer, /needs the operator role/);
  assert.match(answer, /acme\/secret is private: its alerts, with log excerpts, would be posted/);
  assert.match(answer, /#app-team/);
  assert.doesNotMatch(shown(await env.command("subscriptions", C2, VIEWER)), /acme\/secret/);

  const run = env.run("acme/secret");
  await env.settle(run);
  assert.equal(secretPosts(env).length, 0, "no alert of the private repository was posted");

  // A public repository stays open to any viewer, and the reply says it is public.
  const open = shown(await env.command("subscribe repo:acme/app", C2, VIEWER));
  assert.match(open, /Subscribed: acme\/app alerts in #app-team/);
  assert.match(open, /\*Visibility\*\\npublic/);
});

Deno.test("subscribe: a private repository needs operator; the reply states its visibility", async () => {
  await using env = await startAlertsEnv(POLICY);
  const denied = shown(await env.command("subscribe repo:acme/secret", C2, VIEWER));
  assert.match(denied, /needs the operator role/);
  assert.match(denied, /only the viewer role/);
  const audit = await env.service.deps.store.list(["audit"]);
  assert.ok(
    audit.some((e) => JSON.stringify(e.value).includes("denied")),
    "the refusal is audited",
  );

  const allowed = shown(await env.command("subscribe repo:acme/secret", C1, OPERATOR));
  assert.match(allowed, /Subscribed: acme\/secret alerts in #vault-team/);
  assert.match(
    allowed,
    /acme\/secret is private: its alerts, with log excerpts, will be posted in #vault-team/,
  );
  const run = env.run("acme/secret");
  await env.settle(run);
  const posts = secretPosts(env);
  assert.equal(posts.length, 1, "one alert, in the operator's channel");
  assert.equal(posts[0].body.channel, C1.id);

  // A repository the service cannot see is treated as private.
  const unknown = shown(await env.command("subscribe repo:acme/ghost", C2, VIEWER));
  assert.match(unknown, /needs the operator role/);
  assert.match(unknown, /could not be read, so it is treated as private/);
});

Deno.test("subscriptions and unsubscribe touch only the asking conversation's own", async () => {
  await using env = await startAlertsEnv(POLICY);
  assert.match(shown(await env.command("subscribe repo:acme/app", C1, OPERATOR)), /Subscribed/);

  const listed = shown(await env.command("subscriptions", C2, VIEWER));
  assert.match(listed, /#app-team receives no CI alerts/);
  assert.doesNotMatch(listed, /vault-team/);

  const removed = shown(await env.command("unsubscribe repo:acme/app", C2, VIEWER));
  assert.match(removed, /#app-team had no subscription to acme\/app/);
  assert.match(shown(await env.command("subscriptions", C1, OPERATOR)), /acme\/app +failure/);

  // C1 still gets its alert.
  const run = env.run("acme/app");
  await env.settle(run);
  const alerts = env.slack.calls.filter((c) =>
    c.method === "chat.postMessage" && shown(c).includes(`Run ${run} `)
  );
  assert.deepEqual(alerts.map((c) => c.body.channel), [C1.id]);
});
