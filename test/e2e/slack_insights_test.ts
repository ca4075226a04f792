/**
 * End to end: `/ci-test analyze` over the GitHub simulator with a planted regression (runs 40+
 * 40 % slower) and a flaky `integration` job → the Slack reply leads with both, the first run
 * linked and its time relative; the notification text is a sentence.
 */
import assert from "node:assert/strict";
import type { KnownBlock } from "@slack/types";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { daysAgo, insightsWorld, NOW } from "./insights_world.ts";

const SECRET = "e2e-insights-secret";
const GITHUB_TOKEN = "ghs_e2eInsightsTokenNeverShown";

async function startAll() {
  const { github, ids, boot } = await insightsWorld(GITHUB_TOKEN);
  const slack = await startSlackSim();
  const service = await boot({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  return {
    ids,
    slack,
    base: `http://127.0.0.1:${server.addr.port}`,
    async [Symbol.asyncDispose]() {
      await service.close();
      await server.shutdown();
      await slack.close();
      await github.close();
    },
  };
}

/** The text of a block, as a reader sees it in order. */
function textOf(block: KnownBlock): string {
  if (block.type === "header") return block.text.text;
  if (block.type === "section") {
    return [block.text?.text ?? "", ...(block.fields ?? []).map((f) => f.text)].join("\n");
  }
  if (block.type === "context") {
    return block.elements.map((e) => ("text" in e ? e.text : "")).join(" ");
  }
  if (block.type === "actions") {
    return block.elements.map((e) => ("text" in e && e.text ? e.text.text : "")).join(" ");
  }
  return "";
}

Deno.test("e2e: analyze in Slack leads with the regression and the flaky job", async () => {
  await using env = await startAll();
  const body = slashCommandBody({
    command: "/ci-test",
    text: "analyze repo:acme/app",
    response_url: env.slack.responseUrl("insights"),
  });
  const headers = await signSlackRequest(SECRET, body, Math.floor(NOW.getTime() / 1000));
  headers.set("content-type", "application/x-www-form-urlencoded");
  const ack = await fetch(`${env.base}/slack/events`, { method: "POST", headers, body });
  assert.equal(ack.status, 200);
  await ack.body?.cancel();

  const reply = await env.slack.waitFor(
    (c) => c.method === "response_url" && c.id === "insights",
    20_000,
  );
  const blocks = reply.body.blocks as KnownBlock[];
  assert.ok(blocks.length <= 50);
  assert.equal(blocks[0].type, "header");

  // The first screen: status with summary, then what matters, before any detail.
  const matters = blocks.findIndex((b) => textOf(b).startsWith("*What matters*"));
  assert.equal(matters, 2, blocks.map(textOf).join("\n---\n"));
  const insights = textOf(blocks[matters]).split("\n").slice(1);
  const slower =
    /^:chart_with_upwards_trend: \*ci\.yml is (\d+)% slower since run #(\d+)\* — Median 5m \d+s → 7m \d+s, from run (\d+) of the 60 sampled on\. \(<([^|>]+)\|view run>, (\d+) days ago\)$/
      .exec(insights[0]);
  assert.ok(slower, insights[0]);
  assert.ok(Number(slower[1]) >= 30 && Number(slower[1]) <= 50, insights[0]);
  const index = Number(slower[3]);
  assert.ok(Math.abs(index - 40) <= 1, insights[0]);
  // The title names the run as GitHub shows it (its number), the link goes to its id.
  assert.equal(Number(slower[2]), index);
  assert.match(slower[4], new RegExp(`/acme/app/actions/runs/${env.ids[index - 1]}$`));
  assert.equal(Number(slower[5]), daysAgo(index));

  // The latest flaky event is run 55, whose first attempt failed and whose re-run passed.
  assert.match(
    insights[1],
    new RegExp(
      "^:game_die: \\*Job integration in ci\\.yml is flaky\\* — Failed 3 of 60 runs, passed on " +
        "the same commit afterwards 3 times and passed on a re-run once; last in run " +
        `#55\\. \\(<[^|>]+/actions/runs/${env.ids[54]}\\|view run>, \\d+ days ago\\)$`,
    ),
  );

  // The details (fields, tables) come after the findings and the Full report button.
  const button = blocks.findIndex((b) => b.type === "actions");
  const field = blocks.findIndex((b) => b.type === "section" && b.fields !== undefined);
  assert.ok(button > matters && button <= 9, `button at ${button}`);
  assert.ok(field > button, `fields at ${field}`);
  assert.match(textOf(blocks[button]), /Full report/);

  const text = String(reply.body.text);
  assert.match(text, /^Analyze acme\/app finished with warnings: ci\.yml is \d+% slower since run/);
  assert.match(text, /Job integration in ci\.yml is flaky\./);
  assert.doesNotMatch(text, /Neutral|Warning|\*/);
  // No raw ISO timestamp anywhere in the context line.
  const context = blocks.filter((b) => b.type === "context").map(textOf).join(" ");
  assert.doesNotMatch(context, /\d{4}-\d{2}-\d{2}T/);
  assert.doesNotMatch(JSON.stringify(reply.body), new RegExp(GITHUB_TOKEN));
});
