/**
 * Issue 12, item 2 through `POST /copilot` of the real service: a signed request acts only as
 * the GitHub user its `X-GitHub-Token` resolves to, and only where that user can see.
 */
import assert from "node:assert/strict";
import { copilotBody, readSse, type SseEvent, streamText } from "../sim/copilot.ts";
import { startSecurityEnv } from "./identity_fixtures.ts";

const errorsOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === "copilot_errors").flatMap((e) => JSON.parse(e.data));

for (const [label, token] of [["missing", undefined], ["unknown", "gho_nobody"]] as const) {
  Deno.test(`copilot: a ${label} X-GitHub-Token is refused and nothing runs`, async () => {
    await using env = await startSecurityEnv({ COPILOT_AGENT: "on" });
    const res = await env.copilotTurn(copilotBody({ text: "analyze", repo: "acme/app" }), token);
    const events = await readSse(res);
    const errors = errorsOf(events);
    assert.equal(errors.length, 1, streamText(events));
    assert.equal(errors[0].code, "unauthorized");
    assert.match(streamText(events), /GitHub/);
    assert.doesNotMatch(streamText(events), /Analyze acme\/app/);
    assert.equal(env.serviceReads("acme/app"), 0, "the service token was not used");
    assert.equal(env.copilot.modelRequests.length, 0);
    assert.equal(events.at(-1)?.data, "[DONE]");
  });
}

Deno.test("copilot: a stranger cannot read a private repository", async () => {
  await using env = await startSecurityEnv({ COPILOT_AGENT: "on" });
  const res = await env.copilotTurn(
    copilotBody({ text: "analyze", repo: "acme/secret" }),
    "gho_stranger",
  );
  const events = await readSse(res);
  const text = streamText(events);
  assert.match(text, /not found or not visible to your GitHub account/);
  assert.doesNotMatch(text, /ci\.yml/);
  assert.equal(errorsOf(events)[0]?.code, "not_found");
  assert.equal(env.serviceReads("acme/secret"), 0);

  // Its owner's collaborator reads it.
  const own = await readSse(
    await env.copilotTurn(copilotBody({ text: "analyze", repo: "acme/secret" }), "gho_reader"),
  );
  assert.match(streamText(own), /Analyze acme\/secret/);
});

Deno.test("copilot: read-only access cannot dispatch, even where everyone is operator", async () => {
  const policy = `grants:\n  - repos: ["*/*"]\n    role: operator\n    everyone: true\n`;
  await using env = await startSecurityEnv({ COPILOT_AGENT: "on" }, policy);
  const ask = await readSse(
    await env.copilotTurn(
      copilotBody({ text: "test repo:acme/secret workflow:ci.yml" }),
      "gho_reader",
    ),
  );
  const asked = ask.find((e) => e.event === "copilot_confirmation");
  if (asked) {
    const { confirmation } = JSON.parse(asked.data);
    const { id, ...metadata } = confirmation;
    const answer = await readSse(
      await env.copilotTurn(
        copilotBody({ confirmation: { id, state: "accepted", metadata } }),
        "gho_reader",
      ),
    );
    assert.equal(errorsOf(answer)[0]?.code, "forbidden", streamText(answer));
  } else {
    assert.equal(errorsOf(ask)[0]?.code, "forbidden", streamText(ask));
  }
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("copilot: no confirmation is offered for a repository the user cannot see", async () => {
  const policy = `grants:\n  - repos: ["*/*"]\n    role: operator\n    everyone: true\n`;
  await using env = await startSecurityEnv({ COPILOT_AGENT: "on" }, policy);
  const events = await readSse(
    await env.copilotTurn(
      copilotBody({ text: "test repo:acme/secret workflow:ci.yml" }),
      "gho_stranger",
    ),
  );
  assert.equal(events.filter((e) => e.event === "copilot_confirmation").length, 0);
  assert.equal(errorsOf(events)[0]?.code, "not_found", streamText(events));
  assert.match(streamText(events), /not found or not visible to your GitHub account/);
  assert.equal(env.serviceReads("acme/secret"), 0);
  assert.equal(env.github.state.dispatches.length, 0);
});
