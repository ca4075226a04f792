import assert from "node:assert/strict";
import type { FailedDelivery } from "../../src/alerts/engine.ts";
import { failuresVisibleTo } from "../../src/alerts/failed_view.ts";
import { subscribeDecision, subscribeRole, visibilityNote } from "../../src/alerts/visibility.ts";
import { loadPolicy } from "../../src/policy/load.ts";
import type { RequestMeta } from "../../src/surface.ts";

const policy = loadPolicy(
  `grants:
  - repos: ["acme/*"]
    role: viewer
    users: ["slack:U0VIEW"]
  - repos: ["acme/secret"]
    role: operator
    users: ["slack:U0OPS"]
  - repos: ["acme/*"]
    role: admin
    users: ["slack:U0ADMIN"]
subscriptions:
  requireRole: viewer
`,
  "policy.yml",
);
const conversation = (id: string) => ({ surface: "slack" as const, id, label: "#ci", data: {} });
const meta = (userId: string, conv = "T1/C1"): RequestMeta => ({
  surface: "slack",
  requestId: "r1",
  userId,
  conversation: conversation(conv),
});

Deno.test("subscribing to a repository that is not public needs operator", () => {
  assert.equal(subscribeRole("public", policy), "viewer");
  assert.equal(subscribeRole("private", policy), "operator");
  assert.equal(subscribeRole("internal", null), "operator");
  assert.equal(subscribeRole("unknown", null), "operator");
  const admins = { ...policy, subscriptions: { requireRole: "admin" as const } };
  assert.equal(subscribeRole("private", admins), "admin", "a stronger requireRole stays");

  assert.equal(subscribeDecision(policy, meta("U0VIEW"), "acme/app", "public").allowed, true);
  const denied = subscribeDecision(policy, meta("U0VIEW"), "acme/secret", "private");
  assert.equal(denied.allowed, false);
  assert.equal(denied.required, "operator");
  assert.equal(subscribeDecision(policy, meta("U0OPS"), "acme/secret", "private").allowed, true);
  assert.equal(subscribeDecision(null, meta("U0VIEW"), "acme/secret", "unknown").allowed, false);
  assert.equal(subscribeDecision(null, meta("U0VIEW"), "acme/app", "public").allowed, true);
});

Deno.test("the visibility note says what the alerts will share, and where", () => {
  assert.equal(visibilityNote("acme/app", "public", "#ci"), "");
  assert.equal(
    visibilityNote("acme/secret", "private", "#ci"),
    "acme/secret is private: its alerts, with log excerpts, will be posted in #ci.",
  );
  assert.match(visibilityNote("acme/x", "unknown", "#ci"), /could not be read.*treated as private/);
});

Deno.test("failed deliveries: own conversation and readable repository, or admin", () => {
  const failed = (repo: string, conv?: string) => ({ repo, conv }) as FailedDelivery;
  const viewer = failuresVisibleTo(policy, meta("U0VIEW"));
  assert.equal(viewer(failed("acme/app", "slack:T1/C1")), true);
  assert.equal(viewer(failed("acme/app", "slack:T1/C2")), false, "another conversation");
  assert.equal(viewer(failed("other/app", "slack:T1/C1")), false, "a repository not granted");
  assert.equal(viewer(failed("acme/app")), false, "an old record without its conversation");
  const admin = failuresVisibleTo(policy, meta("U0ADMIN", "T1/C9"));
  assert.equal(admin(failed("acme/secret", "slack:T1/C1")), true);
  assert.equal(admin(failed("other/app", "slack:T1/C1")), false);
  const noPolicy = failuresVisibleTo(null, meta("U0ANY"));
  assert.equal(noPolicy(failed("any/repo", "slack:T1/C1")), true);
  assert.equal(noPolicy(failed("any/repo", "slack:T1/C2")), false);
  const noConversation = failuresVisibleTo(null, { surface: "mcp", requestId: "r", userId: "k" });
  assert.equal(noConversation(failed("any/repo", "slack:T1/C1")), false);
});
