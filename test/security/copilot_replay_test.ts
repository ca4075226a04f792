/**
 * Issue 12, extra: Copilot request replay on the real service. GitHub's signature covers only
 * the body, so a captured request stays valid: replaying an accepted confirmation must run
 * nothing (even when its confirmation id has been issued again), and say so with an error event;
 * read-only requests may be answered again.
 */
import assert from "node:assert/strict";
import { savePending } from "../../copilot/agent/confirm.ts";
import { parseIdentity } from "../../src/policy/identity.ts";
import { copilotBody, readSse, type SseEvent, streamText } from "../sim/copilot.ts";
import { type SecurityEnv, startSecurityEnv } from "./identity_fixtures.ts";

const TOKEN = "gho_octocat_token";
const ME = parseIdentity("github:octocat").ok ? "github:octocat" : "copilot:octocat";
const POLICY = `grants:\n  - repos: ["acme/secret"]\n    role: operator\n    users: ["${ME}"]\n`;

const errorsOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === "copilot_errors").flatMap((e) => JSON.parse(e.data));

/** A captured request: exactly the bytes and headers Copilot sent, sent again as they are. */
function capture(env: SecurityEnv, body: string) {
  const signed = env.copilot.request(body, { token: TOKEN, target: `${env.url}/copilot` });
  const headers = new Headers(signed.headers);
  return async () =>
    await readSse(await fetch(`${env.url}/copilot`, { method: "POST", headers, body }));
}

Deno.test("copilot replay: a replayed accepted confirmation dispatches nothing", async () => {
  await using env = await startSecurityEnv({ COPILOT_AGENT: "on" }, POLICY);
  const asked = await capture(
    env,
    JSON.stringify(copilotBody({ text: "test repo:acme/secret workflow:ci.yml" })),
  )();
  const question = asked.find((e) => e.event === "copilot_confirmation");
  assert.ok(question, streamText(asked));
  const { id, ...metadata } = JSON.parse(question.data).confirmation;

  const accept = capture(
    env,
    JSON.stringify(copilotBody({ confirmation: { id, state: "accepted", metadata } })),
  );
  const first = await accept();
  assert.match(streamText(first), /Confirmed: running/);
  assert.equal(errorsOf(first).length, 0, streamText(first));
  assert.equal(env.github.state.dispatches.length, 1);

  const replayed = await accept();
  assert.equal(env.github.state.dispatches.length, 1, "the replay dispatched nothing");
  assert.doesNotMatch(streamText(replayed), /Confirmed: running/);
  assert.equal(errorsOf(replayed)[0]?.code, "forbidden", streamText(replayed));
  assert.match(errorsOf(replayed)[0]?.message, /already received/);
  assert.equal(replayed.at(-1)?.data, "[DONE]");

  // Even if the same confirmation id were pending again (re-issued, or its one-use mark gone),
  // the captured body runs nothing.
  const store = env.service.deps.store;
  await savePending(store, id, {
    intent: { op: "test", repo: "acme/secret", workflow: "ci.yml" },
    userId: "octocat",
  });
  await store.delete(["copilot", "confirmation-used", id]);
  const again = await accept();
  assert.equal(env.github.state.dispatches.length, 1, "a re-issued id does not revive it");
  assert.equal(errorsOf(again)[0]?.code, "forbidden", streamText(again));
});

Deno.test("copilot replay: a read-only request is answered again", async () => {
  await using env = await startSecurityEnv({ COPILOT_AGENT: "on" }, POLICY);
  const ask = capture(env, JSON.stringify(copilotBody({ text: "analyze", repo: "acme/secret" })));
  for (let n = 0; n < 2; n++) {
    const events = await ask();
    assert.match(streamText(events), /Analyze acme\/secret/);
    assert.equal(errorsOf(events).length, 0, streamText(events));
  }
});
