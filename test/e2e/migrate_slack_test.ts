/**
 * `/ci-migrate repo:acme/web strategy:actions` in Slack, on a repository in the GitHub
 * simulator whose workflows repeat their setup steps: composite actions and rewritten workflows
 * that parse and pass actionlint, the diff in Slack and in full on the report page.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { startGitHubSim } from "../sim/github.ts";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";

const SECRET = "migrate-signing-secret";
const TOKEN = "ghs_migrateE2E";

const workflow = (name: string) =>
  `name: ${name}
on: push
permissions:
  contents: read
jobs:
  ${name}:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      # Node and dependencies, as in every workflow here
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm run build
      - run: npm run ${name}
`;

Deno.test("e2e migrate strategy:actions in Slack: composite action, diff in chat and on the page", async () => {
  const github = await startGitHubSim({ token: TOKEN });
  github.state.addRepo("acme/web", {
    files: Object.fromEntries(
      ["ci", "lint", "release"].map((n) => [`.github/workflows/${n}.yml`, workflow(n)]),
    ),
  });
  const slack = await startSlackSim();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: github.url,
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 } });
  try {
    const body = slashCommandBody({
      command: "/ci-migrate",
      text: "repo:acme/web strategy:actions",
      response_url: slack.responseUrl("migrate"),
    });
    const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
    headers.set("content-type", "application/x-www-form-urlencoded");
    const ack = await service.app.request("/slack/events", { method: "POST", headers, body });
    assert.equal(ack.status, 200);
    await ack.text();

    const message = await slack.waitFor(
      (c) => c.method === "response_url" && c.id === "migrate",
      15_000,
    );
    const shown = JSON.stringify(message.body.blocks);
    assert.match(shown, /setup-node-and-npm-ci/);
    assert.match(shown, /uses: .\/.github\/actions\/setup-node-and-npm-ci/, "the diff in chat");
    const id = /reports\/([A-Za-z0-9_-]{22})/.exec(shown)?.[1];
    assert.ok(id, "links the report page");

    const page = await (await service.app.request(`/reports/${id}`)).text();
    assert.match(page, /\.github\/actions\/setup-node-and-npm-ci\/action\.yml/);
    assert.match(page, /using: composite/, "the full diff is on the page");

    // The proposed files themselves: parse, and the comments of the workflows survive.
    const report = await service.deps.store.get<
      { sections: Array<{ title: string; markdown: string }> }
    >(
      ["reports", id],
    );
    const diffs = report!.sections.filter((s) => /\.ya?ml/.test(s.title)).map((s) => s.markdown);
    assert.ok(diffs.length >= 4, "one section per changed file");
    // A new file is shown whole, in a yaml block.
    const action = diffs.find((d) => d.includes("using: composite"))!;
    const yamlText = /```yaml\n([\s\S]*?)\n```/.exec(action)?.[1];
    assert.ok(yamlText, action);
    const parsed = parse(yamlText) as { runs: { using: string; steps: unknown[] } };
    assert.equal(parsed.runs.using, "composite");
    assert.equal(parsed.runs.steps.length, 3);
    assert.ok(
      diffs.some((d) => d.includes(" # Node and dependencies")),
      "comments kept as context",
    );
    const validation = report!.sections.find((s) => s.title === "Validation")!.markdown;
    for (const file of ["actions/setup-node-and-npm-ci/action.yml", "workflows/ci.yml"]) {
      assert.match(
        validation,
        new RegExp(`✓ \\.github/${file.replaceAll(".", "\\.")}: parses, actionlint and our rules`),
      );
    }
  } finally {
    await service.close();
    await slack.close();
    await github.close();
  }
});
