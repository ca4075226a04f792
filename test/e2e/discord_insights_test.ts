/**
 * End to end: `/ci-test analyze` in Discord over the GitHub simulator with a planted regression
 * (runs 40+ 40 % slower) and a flaky `integration` job → the reply's first embed leads with
 * both in its description ("What matters", each run linked, each time a Discord timestamp),
 * before any finding field; groups come once each with their count; the button reads
 * "Full report" and the chart is the embed's image.
 */
import assert from "node:assert/strict";
import type { APIEmbed } from "discord-api-types/v10";
import {
  generateDiscordKeys,
  IDS,
  signInteraction,
  slashInteraction,
  startDiscordSim,
} from "../sim/discord.ts";
import { insightsWorld, LINT, NOW, runCreated } from "./insights_world.ts";

const GITHUB_TOKEN = "ghs_e2eDiscordInsightsNeverShown";

Deno.test("e2e discord: analyze leads with the regression and the flaky job", async () => {
  const { github, ids, boot } = await insightsWorld(GITHUB_TOKEN, {
    ".github/workflows/lint.yml": LINT,
  });
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const service = await boot({
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
  });
  try {
    const body = JSON.stringify(
      slashInteraction({ subcommand: "analyze", options: { repo: "acme/app" } }),
    );
    const headers = await signInteraction(keys.privateKey, body, Math.floor(NOW.getTime() / 1000));
    const res = await service.app.request("/discord/interactions", {
      method: "POST",
      headers,
      body,
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).type, 5, "deferred channel message");

    const edit = await discord.waitFor(
      (c) =>
        c.method === "PATCH" && /@original$/.test(c.path) && /Analyze/.test(JSON.stringify(c.body)),
      30_000,
    );
    const message = edit.body as { embeds: APIEmbed[]; components: unknown[] };
    const main = message.embeds[0];
    const description = main.description ?? "";
    const [, matters = ""] = description.split("\n\n**What matters**\n");
    const lines = matters.split("\n");

    const slower =
      /^📈 \*\*ci\.yml is (\d+)% slower since run #(\d+)\*\* — Median 5m \d+s → 7m \d+s, from run (\d+) of the 60 sampled on\. \(\[view run\]\(([^)]+)\), <t:(\d+):R>\)$/
        .exec(lines[0]);
    assert.ok(slower, description);
    assert.ok(Number(slower[1]) >= 30 && Number(slower[1]) <= 50, lines[0]);
    const index = Number(slower[3]);
    assert.ok(Math.abs(index - 40) <= 1, lines[0]);
    // The title names the run as GitHub shows it (its number), the link goes to its id.
    assert.equal(Number(slower[2]), index);
    assert.match(slower[4], new RegExp(`/acme/app/actions/runs/${ids[index - 1]}$`));
    // The timestamp is that run's creation time.
    assert.equal(Number(slower[5]), runCreated(index) / 1000);

    assert.match(
      lines[1],
      new RegExp(
        "^🎲 \\*\\*Job integration in ci\\.yml is flaky\\*\\* — Failed 3 of 60 runs, passed on " +
          "the same commit afterwards 3 times and passed on a re-run once; last in run " +
          `#55\\. \\(\\[view run\\]\\([^)]+/actions/runs/${ids[54]}\\), <t:\\d+:R>\\)$`,
      ),
    );

    // Then the one finding group (three uses, one fix), then the details as inline fields.
    const fields = main.fields ?? [];
    assert.equal(fields[0].name, "🔵 unpinned-action (3)");
    assert.match(fields[0].value, /used 3 times in 1 file[^]*\n\*Fix:\* /);
    assert.equal(fields.filter((f) => /unpinned-action/.test(f.name)).length, 1);
    assert.ok(fields.slice(1).every((f) => f.inline), "details follow the findings");
    assert.ok(fields.some((f) => f.name === "Success rate"));

    assert.equal(main.image?.url, `${main.url}/chart.png`);
    assert.match(main.url ?? "", /^https:\/\/ci\.example\.test\/reports\/[A-Za-z0-9_-]{22}$/);
    assert.match(JSON.stringify(message.components), /"label":"Full report"/);
    assert.doesNotMatch(JSON.stringify(message.components), /Open report/);
    assert.doesNotMatch(JSON.stringify(edit.body), new RegExp(GITHUB_TOKEN));
  } finally {
    await service.close();
    await discord.close();
    await github.close();
  }
});
