/**
 * Issue 15 on the Teams surface: text read from plain language reaches execute with
 * `understood` (so the executor can show it back instead of running), the card's Run button runs
 * the stored intent without it (pressing Run is the confirmation), and the exact grammar never
 * carries it.
 */
import assert from "node:assert/strict";
import type { Intent } from "../../../src/intent/schema.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { understoodReport } from "../../../src/report/understood.ts";
import { executeActivity, messageActivity } from "../../sim/botconnector.ts";
import { activityRequest, harness, reportFor } from "./fixtures.ts";

const PLAIN = "please run the tests on acme/app with ci.yml branch main";
const INTENT: Intent = { op: "test", repo: "acme/app", workflow: "ci.yml", ref: "main" };

type Card = {
  body: unknown[];
  actions?: Array<{ type: string; title?: string; verb?: string; data?: Record<string, unknown> }>;
};
const cardOf = (activity: { attachments?: Array<{ content?: unknown }> }) =>
  activity.attachments?.[0]?.content as Card;

/** A harness whose execute behaves like the executor: shows back what was read, runs the rest. */
const confirmingHarness = () =>
  harness({
    natural: { [PLAIN]: INTENT },
    parse: { "test repo:acme/app workflow:ci.yml ref:main": INTENT },
    execute: (intent, options) =>
      Promise.resolve(
        options?.understood
          ? ReportSchema.parse({
            id: "rep-understood",
            ...understoodReport(intent, options.understood),
          })
          : reportFor(intent, 0),
      ),
  });

Deno.test("teams: plain language reaches execute with understood; the Run button runs it without", async () => {
  const h = await confirmingHarness();
  try {
    const message = messageActivity(h.sim.serviceUrl, PLAIN, { mention: true });
    const response = await h.teams.handler(activityRequest(message, await h.sim.token()));
    assert.equal(response.status, 200);
    await response.body?.cancel();
    await h.settle();
    assert.equal(h.backgroundErrors.length, 0, String(h.backgroundErrors[0]));

    assert.equal(h.executed.length, 1);
    assert.deepEqual(h.executed[0].intent, INTENT);
    assert.deepEqual(h.executed[0].options, {
      understood: { source: "natural", explanation: `read: ${PLAIN}` },
    });
    const [reply, update] = h.sim.calls;
    assert.match(JSON.stringify(cardOf(reply.activity)), /🔎 Reading test repo:acme\/app/);
    assert.doesNotMatch(JSON.stringify(cardOf(reply.activity)), /Running/);
    const card = cardOf(update.activity);
    assert.match(
      JSON.stringify(card),
      /Understood as: test repo:acme\/app workflow:ci\.yml ref:main/,
    );
    const run = card.actions?.find((a) => a.type === "Action.Execute" && a.title === "Run");
    assert.ok(run?.data?.actionId, "a Run Action.Execute carrying only a stored action id");
    assert.deepEqual(Object.keys(run.data), ["actionId"]);

    const click = executeActivity(h.sim.serviceUrl, run.verb ?? "", run.data, { id: "run-1" });
    const clicked = await h.teams.handler(activityRequest(click, await h.sim.token()));
    assert.match(JSON.stringify(await clicked.json()), /Running/);
    await h.settle();
    assert.equal(h.executed.length, 2);
    assert.deepEqual(h.executed[1].intent, INTENT);
    assert.deepEqual(h.executed[1].options, {}, "pressing Run is the confirmation");

    // The same click delivered again runs nothing more.
    const again = await h.teams.handler(activityRequest(click, await h.sim.token()));
    await again.body?.cancel();
    await h.settle();
    assert.equal(h.executed.length, 2);
  } finally {
    await h.close();
  }
});

Deno.test("teams: the exact grammar is passed on without understood", async () => {
  const h = await confirmingHarness();
  try {
    const message = messageActivity(
      h.sim.serviceUrl,
      "test repo:acme/app workflow:ci.yml ref:main",
      {
        mention: true,
      },
    );
    await (await h.teams.handler(activityRequest(message, await h.sim.token()))).body?.cancel();
    await h.settle();
    assert.equal(h.executed.length, 1);
    assert.deepEqual(h.executed[0].options, {});
    assert.match(JSON.stringify(cardOf(h.sim.calls[0].activity)), /⏳ Running test/);
    assert.doesNotMatch(JSON.stringify(cardOf(h.sim.calls[1].activity)), /Understood as/);
  } finally {
    await h.close();
  }
});
