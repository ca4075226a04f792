import assert from "node:assert/strict";
import { copilotBody, readSse, type SseEvent, streamText } from "../../sim/copilot.ts";
import { harness } from "./fixtures.ts";

const data = (e: SseEvent) => JSON.parse(e.data);

Deno.test("optimize with a repository reference streams ack, text, report, references, done", async () => {
  const h = await harness();
  try {
    const response = await h.agent(
      h.sim.request(copilotBody({ text: "@ci-orchestrator optimize", repo: "acme/app" })),
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    const events = await readSse(response);

    assert.equal(data(events[0]).choices[0].delta.content, "", "ack (empty text) comes first");
    assert.equal(events.at(-1)?.data, "[DONE]");
    assert.equal(data(events.at(-2)!).choices[0].finish_reason, "stop");

    const text = streamText(events);
    const understood = text.indexOf("Understood as `optimize repo:acme/app`");
    const report = text.indexOf("# ⚠️ optimize acme/app");
    assert.ok(understood >= 0 && report > understood, text);
    assert.match(text, /Job 'build' in acme\/app has no timeout-minutes/);
    assert.match(text, /\[Full report\]\(https:\/\/ci\.example\.test\/reports\/rep-optimize\)/);

    const refs = events.filter((e) => e.event === "copilot_references").flatMap(data);
    assert.deepEqual(
      refs.map((r: { metadata: { display_url: string } }) => r.metadata.display_url),
      [
        "https://ci.example.test/reports/rep-optimize",
        "https://github.com/acme/app/actions/runs/4242",
      ],
    );
    assert.equal(events.filter((e) => e.event === "copilot_errors").length, 0);

    assert.equal(h.executed.length, 1);
    assert.deepEqual(h.executed[0].intent, { op: "optimize", repo: "acme/app" });
    assert.equal(h.executed[0].meta.surface, "copilot");
    assert.equal(h.executed[0].meta.userId, "octocat");
  } finally {
    await h.close();
  }
});

Deno.test("a state-changing request streams a confirmation first and runs nothing", async () => {
  const h = await harness();
  try {
    const events = await readSse(
      await h.agent(h.sim.request(copilotBody({
        text: "test my workflow with python 3.11 and 3.12",
        repo: "acme/app",
      }))),
    );
    const confirmations = events.filter((e) => e.event === "copilot_confirmation");
    assert.equal(confirmations.length, 1);
    const c = data(confirmations[0]);
    assert.equal(c.type, "action");
    assert.equal(c.title, "Run test on acme/app?");
    assert.match(c.message, /dispatches workflow runs/);
    assert.deepEqual(c.confirmation.intent, {
      op: "test",
      repo: "acme/app",
      matrix: { "python-version": ["3.11", "3.12"] },
    });
    assert.equal(typeof c.confirmation.id, "string");
    assert.match(streamText(events), /Understood as `test repo:acme\/app matrix:/);
    assert.equal(events.at(-1)?.data, "[DONE]");
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

async function askConfirmation(h: Awaited<ReturnType<typeof harness>>) {
  const events = await readSse(
    await h.agent(h.sim.request(copilotBody({
      text: "test my workflow with python 3.11 and 3.12",
      repo: "acme/app",
    }))),
  );
  return data(events.find((e) => e.event === "copilot_confirmation")!).confirmation;
}

Deno.test("the accepted confirmation runs that intent once, streaming job progress and the final report", async () => {
  const h = await harness();
  try {
    const { id, ...metadata } = await askConfirmation(h);
    const accept = copilotBody({ confirmation: { id, state: "accepted", metadata } });
    const events = await readSse(await h.agent(h.sim.request(accept)));
    const text = streamText(events);

    assert.equal(h.executed.length, 1);
    assert.deepEqual(h.executed[0].intent, metadata.intent);
    assert.equal(h.executed[0].reply?.surface, "copilot");
    const order = [
      "Confirmed: running `test repo:acme/app",
      "⏳ **Test acme/app**: 0 of 2 scenarios finished",
      "⏳ 1 of 2 scenarios finished",
      "# ✅ Test acme/app",
    ].map((s) => text.indexOf(s));
    assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])), text);
    assert.match(text, /reports\/rep-job-final/);
    assert.equal(events.at(-1)?.data, "[DONE]");

    // The same answer again (a replay) runs nothing.
    const again = await readSse(await h.agent(h.sim.request(accept)));
    const errors = again.filter((e) => e.event === "copilot_errors").flatMap(data);
    assert.equal(errors[0].code, "forbidden");
    assert.match(errors[0].message, /already received once, so nothing was run again/);
    assert.equal(h.executed.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("a dismissed confirmation answers Cancelled and runs nothing", async () => {
  const h = await harness();
  try {
    const { id, ...metadata } = await askConfirmation(h);
    const events = await readSse(
      await h.agent(
        h.sim.request(copilotBody({ confirmation: { id, state: "dismissed", metadata } })),
      ),
    );
    assert.match(streamText(events), /^Cancelled: nothing was run\./);
    assert.equal(events.at(-1)?.data, "[DONE]");
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a confirmation accepted by another user runs nothing", async () => {
  const h = await harness();
  try {
    const { id, ...metadata } = await askConfirmation(h);
    const accept = copilotBody({ confirmation: { id, state: "accepted", metadata } });
    const events = await readSse(
      await h.agent(h.sim.request(accept, { token: "gho_hubot_token" })),
    );
    const errors = events.filter((e) => e.event === "copilot_errors").flatMap(data);
    assert.equal(errors[0].code, "forbidden");
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a job outlasting the wait ends the stream with a still-running link", async () => {
  const h = await harness({ jobNeverEnds: true, config: { jobWaitMs: 30 } });
  try {
    const { id, ...metadata } = await askConfirmation(h);
    const events = await readSse(
      await h.agent(
        h.sim.request(copilotBody({ confirmation: { id, state: "accepted", metadata } })),
      ),
    );
    assert.match(
      streamText(events),
      /Still running after 0 s: \[Test acme\/app\]\(https:\/\/ci\.example\.test\/reports\/rep-job\)/,
    );
    assert.equal(events.at(-1)?.data, "[DONE]");
  } finally {
    await h.close();
  }
});

Deno.test("an operation refused by policy streams a Copilot error event with the hint", async () => {
  const h = await harness({ forbid: true });
  try {
    const events = await readSse(
      await h.agent(h.sim.request(copilotBody({ text: "analyze", repo: "acme/app" }))),
    );
    const errors = events.filter((e) => e.event === "copilot_errors").flatMap(data);
    assert.deepEqual(errors.map((e: { type: string; code: string }) => [e.type, e.code]), [
      ["agent", "forbidden"],
    ]);
    assert.match(errors[0].message, /needs the operator role\. Ask an admin/);
    assert.equal(events.at(-1)?.data, "[DONE]");
  } finally {
    await h.close();
  }
});
