/**
 * The Copilot agent through the real service: a signed "@ci-orchestrator optimize" with a
 * repository reference streams ack → text → the optimize report with references → done,
 * computed from the workflows the GitHub simulator serves. GitHub's key list and `/user` come
 * from the Copilot simulator; everything else from the GitHub simulator (one API base URL).
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { copilotBody, readSse, startCopilotSim, streamText } from "../sim/copilot.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

Deno.test("e2e copilot: optimize with a repository reference streams a real report", async () => {
  // The Copilot user's own token must see the repository: the service acts only where it does.
  await using github = await simWithApp({ users: { gho_octocat_token: { login: "octocat" } } });
  const copilot = startCopilotSim();
  // One GitHub API base: keys and users from the Copilot simulator, repositories from GitHub's.
  const front = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const url = new URL(request.url);
    const toCopilot = url.pathname.startsWith("/meta/") || url.pathname === "/user";
    const base = toCopilot ? copilot.url : github.url;
    return fetch(new URL(url.pathname + url.search, base.endsWith("/") ? base : base + "/"), {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  });
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    COPILOT_AGENT: "on",
    GITHUB_TOKEN,
    GITHUB_API_URL: `http://127.0.0.1:${front.addr.port}`,
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 } });
  try {
    const request = copilot.request(
      copilotBody({ text: "@ci-orchestrator optimize", repo: "acme/app" }),
    );
    const res = await service.app.request("/copilot", {
      method: "POST",
      headers: request.headers,
      body: await request.text(),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
    const events = await readSse(res);
    const text = streamText(events);
    assert.match(text, /acme\/app/);
    assert.match(text, /Optimi[sz]e/i);
    assert.match(text, /ci\.yml/, "suggestions computed from the simulator's workflows");
    assert.ok(JSON.stringify(events).includes("https://ci.example.test/reports/"), "a reference");
    assert.equal(events.at(-1)?.data, "[DONE]");

    const forged = await service.app.request("/copilot", {
      method: "POST",
      headers: {
        ...Object.fromEntries(request.headers),
        "x-github-public-key-signature": "MEUCIQ==",
      },
      body: JSON.stringify(copilotBody({ text: "optimize", repo: "acme/app" })),
    });
    assert.equal(forged.status, 401);
    await forged.body?.cancel();
  } finally {
    await service.close();
    await front.shutdown();
    await copilot.close();
  }
});
