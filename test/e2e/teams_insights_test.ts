/**
 * End to end: `@ci-orchestrator analyze` in a Teams channel over the GitHub simulator with a
 * planted regression (runs 40+ 40 % slower) and a flaky `integration` job → the card that
 * replaces "Running" leads with a "What matters" container naming both (each run linked, each
 * time relative), before the finding groups and the details; the chart is a `Chart.Line` with
 * the report page's PNG as fallback; the button reads "Full report".
 */
import assert from "node:assert/strict";
import { type ConnectorCall, messageActivity, startBotConnectorSim } from "../sim/botconnector.ts";
import { daysAgo, insightsWorld, LINT } from "./insights_world.ts";

const GITHUB_TOKEN = "ghs_e2eTeamsInsightsNeverShown";

type Element = { type: string; [key: string]: unknown };
const runText = (block: Element) =>
  ((block.inlines ?? []) as Array<{ text: string }>).map((r) => r.text).join("");
const cardOf = (call: ConnectorCall) =>
  (call.activity.attachments?.[0]?.content ?? { body: [] }) as {
    body: Element[];
    actions?: Element[];
  };

Deno.test("e2e teams: analyze leads with the regression and the flaky job", async () => {
  const { github, ids, boot } = await insightsWorld(GITHUB_TOKEN, {
    ".github/workflows/lint.yml": LINT,
  });
  const connector = await startBotConnectorSim();
  const service = await boot({
    MICROSOFT_APP_ID: connector.appId,
    MICROSOFT_APP_PASSWORD: connector.appPassword,
  }, {
    teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  try {
    const activity = messageActivity(connector.serviceUrl, "analyze repo:acme/app", {
      mention: true,
    });
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await connector.token() },
      body: JSON.stringify(activity),
    });
    await res.body?.cancel();
    assert.equal(res.status, 200);
    const final = await connector.waitFor(
      (c) =>
        (c.kind === "update" || c.kind === "reply") &&
        /What matters/.test(JSON.stringify(c.activity.attachments ?? [])),
      30_000,
    );
    const { body, actions = [] } = cardOf(final);

    // Title, status, summary, then what matters.
    assert.equal(runText(body[0]), "Analyze acme/app");
    const matters = body.findIndex((e) => e.type === "Container" && e.style === "emphasis");
    assert.equal(matters, 3, JSON.stringify(body.slice(0, 4)));
    const items = body[matters].items as Element[];
    assert.equal(runText(items[0]), "What matters");
    const slower =
      /^📈 ci\.yml is (\d+)% slower since run #(\d+) — Median 5m \d+s → 7m \d+s, from run (\d+) of the 60 sampled on\. \(view run, (\d+) days ago\)$/
        .exec(runText(items[1]));
    assert.ok(slower, runText(items[1]));
    const index = Number(slower[3]);
    assert.ok(Math.abs(index - 40) <= 1, runText(items[1]));
    // The title names the run as GitHub shows it (its number), the link goes to its id.
    assert.equal(Number(slower[2]), index);
    assert.equal(Number(slower[4]), daysAgo(index));
    const link = (items[1].inlines as Element[]).find((r) => r.text === "view run");
    assert.match(
      String((link?.selectAction as { url?: string })?.url),
      new RegExp(`/acme/app/actions/runs/${ids[index - 1]}$`),
    );
    assert.match(
      runText(items[2]),
      new RegExp(
        "^🎲 Job integration in ci\\.yml is flaky — Failed 3 of 60 runs, passed on the same " +
          "commit afterwards 3 times and passed on a re-run once; last in run " +
          `#55\\. \\(view run, \\d+ days ago\\)$`,
      ),
    );

    // Then the findings, grouped: one line for the three uses, with its fix.
    assert.equal(runText(body[matters + 1]), "Findings (3 in 1 group)");
    const group = body[matters + 2].items as Element[];
    assert.match(runText(group[0]), /^NOTICE unpinned-action \(3\) — .*used 3 times in 1 file/);
    assert.match(runText(group[1]), /^Fix: /);
    // Then the details: facts, the duration chart with its PNG fallback.
    const facts = body.findIndex((e) => e.type === "FactSet");
    const chart = body.findIndex((e) => e.type === "Chart.Line");
    assert.ok(facts > matters + 2 && chart > facts, `facts at ${facts}, chart at ${chart}`);
    assert.match(
      String((body[chart].fallback as { url?: string }).url),
      /^https:\/\/ci\.example\.test\/reports\/[A-Za-z0-9_-]{22}\/chart\.png\?chart=0$/,
    );
    assert.ok(actions.some((a) => a.type === "Action.OpenUrl" && a.title === "Full report"));
    assert.doesNotMatch(JSON.stringify(final.activity), new RegExp(GITHUB_TOKEN));
  } finally {
    await service.close();
    await server.shutdown();
    await connector.close();
    await github.close();
  }
});
