/**
 * The service as a GitHub App, end to end against the GitHub simulator: each repository owner's
 * calls carry that owner's installation token, tokens are renewed shortly before they expire
 * (sim clock), an owner without the App gets the not-installed message, and the App's
 * installation webhooks change where it acts at once.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { CI_YML, simWithApp } from "./fixtures.ts";

const SECRET = "app-webhook-secret-e2e";
const MINUTE = 60_000;

Deno.test("github app: installation token per owner, renewed before expiry, webhooks obeyed", async () => {
  await using github = await simWithApp({
    sim: {
      // A manual clock: time moves only when the test says so.
      timeScale: undefined,
      start: "2026-03-02T09:00:00Z",
      app: {
        id: 1,
        installations: [
          { id: 11, account: "acme", repos: "all" },
          { id: 22, account: "globex", repos: ["globex/api"] },
        ],
      },
    },
  });
  github.state.addRepo("globex/api", { files: { ".github/workflows/ci.yml": CI_YML } });
  github.state.addRepo("globex/web", { files: { ".github/workflows/ci.yml": CI_YML } });
  github.state.addRepo("initech/app", { files: { ".github/workflows/ci.yml": CI_YML } });
  const app = github.app!;
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    GITHUB_APP_ID: "1",
    GITHUB_APP_PRIVATE_KEY: app.privateKeyPem,
    GITHUB_TOKEN: "ghp_ignoredWhenTheAppIsSet",
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: SECRET,
  }, { log, now: () => github.clock.now(), github: { retryAfterBaseValue: 5 } });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  github.setWebhook(`http://127.0.0.1:${server.addr.port}/github/webhooks`, SECRET);
  const analyze = (repo: string) =>
    service.deps.execute({ op: "analyze", repo }, {
      surface: "cli",
      requestId: crypto.randomUUID(),
    });
  const tokenOf = (installationId: number) =>
    app.tokens.filter((t) => t.installationId === installationId).map((t) => `token ${t.token}`);
  const repoCalls = (owner: string, from = 0) =>
    github.requests.slice(from).filter((r) => r.path.startsWith(`/repos/${owner}/`));
  try {
    assert.ok(log.entries.some((e) => /GITHUB_TOKEN is ignored/.test(e.msg)));
    await analyze("acme/app");
    await analyze("globex/api");
    const acme = repoCalls("acme");
    const globex = repoCalls("globex");
    assert.ok(acme.length > 0 && globex.length > 0);
    assert.deepEqual(new Set(acme.map((r) => r.headers.authorization)), new Set(tokenOf(11)));
    assert.deepEqual(new Set(globex.map((r) => r.headers.authorization)), new Set(tokenOf(22)));
    assert.equal(tokenOf(11).length, 1);
    assert.ok(!JSON.stringify(log.entries).includes(app.tokens[0].token), "no token in the log");

    // 56 minutes on, 4 are left on the token: the next call asks for a new one.
    github.clock.advance(56 * MINUTE);
    const before = github.requests.length;
    await analyze("acme/app");
    assert.equal(tokenOf(11).length, 2);
    const renewed = repoCalls("acme", before);
    assert.ok(renewed.length > 0);
    assert.ok(renewed.every((r) => r.headers.authorization === tokenOf(11)[1]));

    // No installation on initech; globex/web is not among globex's selected repositories.
    await assert.rejects(
      service.deps.provider.listWorkflows("initech/app"),
      (e: Error & { hint?: string }) => {
        assert.equal(e.message, "The GitHub App is not installed on initech");
        assert.match(e.hint ?? "", /^Install it at .+\/installations\/new and choose/);
        return true;
      },
    );
    await assert.rejects(
      service.deps.provider.listWorkflows("globex/web"),
      /The GitHub App is not installed on globex\/web/,
    );
    assert.equal(repoCalls("initech").length, 0, "nothing sent to initech's repositories");

    // Installed on initech, globex/web added, acme uninstalled: the webhooks take effect at once.
    await app.install({ id: 33, account: "initech", repos: "all" });
    await app.addRepositories(22, ["globex/web"]);
    await app.uninstall(11);
    await github.webhooksIdle();
    assert.ok(github.webhookDeliveries.every((d) => d.status === 202));
    assert.ok((await service.deps.provider.listWorkflows("initech/app")).length > 0);
    assert.ok((await service.deps.provider.listWorkflows("globex/web")).length > 0);
    assert.ok(repoCalls("initech").every((r) => tokenOf(33).includes(r.headers.authorization)));
    await assert.rejects(
      service.deps.provider.listWorkflows("acme/app"),
      /The GitHub App is not installed on acme/,
    );
  } finally {
    await server.shutdown();
    await service.close();
  }
});
