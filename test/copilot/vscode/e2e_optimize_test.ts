/**
 * `@ci-orchestrator /optimize` in VS Code, end to end: the participant handler (fake `vscode`,
 * real SDK client) → the service's real MCP endpoint → optimize on the GitHub simulator. The
 * chat shows exactly the markdown every other surface renders for the stored report.
 */
import assert from "node:assert/strict";
import { createMcpEndpoint } from "../../../copilot/mcp/mod.ts";
import { createChatHandler, followupsOf } from "../../../copilot/vscode/src/handler.ts";
import { connectMcp } from "../../../copilot/vscode/src/mcp_client.ts";
import { boot } from "../../../src/boot.ts";
import { memoryLogger } from "../../../src/log.ts";
import { renderMarkdown } from "../../../src/report/markdown.ts";
import { loadReport } from "../../../src/report/store.ts";
import { surfaceDepsFrom } from "../../../src/server.ts";
import { startGitHubSim } from "../../sim/github.ts";
import { fakeStream, fakeToken, fakeVscode } from "./fake_vscode.ts";

const GITHUB_TOKEN = "ghs_vscodeE2e";
const MCP_KEY = "mcp-key-vscode-e2e";
const WF = `name: CI
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm test
`;

Deno.test("/optimize from VS Code streams the service's report, its page and an Apply button", async () => {
  const sim = await startGitHubSim({ token: GITHUB_TOKEN });
  sim.state.addRepo("acme/web", {
    files: { ".github/workflows/ci.yml": WF, "package-lock.json": "{}\n" },
  });
  // Opening a pull request needs the admin role on the repository (the policy's default).
  const policyFile = await Deno.makeTempFile({ suffix: ".yml" });
  await Deno.writeTextFile(
    policyFile,
    'grants:\n  - repos: ["acme/web"]\n    role: admin\n    users: ["mcp-key:api-key"]\n',
  );
  const service = await boot({
    POLICY_FILE: policyFile,
    KV_PATH: ":memory:",
    GITHUB_API_URL: sim.url,
    GITHUB_TOKEN,
    PUBLIC_URL: "https://ci.example.com",
  }, { log: memoryLogger() });
  const mcp = createMcpEndpoint({ apiKey: MCP_KEY, githubApiUrl: sim.url }, {
    ...surfaceDepsFrom(service.deps),
    runner: service.deps.runner,
  });
  service.deps.deliverers.set("mcp", mcp.deliver);
  const http = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => new URL(req.url).pathname === "/mcp" ? mcp.handler(req) : service.app.fetch(req),
  );
  try {
    const handler = createChatHandler({
      vscode: fakeVscode([{ name: "origin", fetchUrl: "https://github.com/acme/web.git" }]),
      connect: connectMcp,
      settings: () =>
        Promise.resolve({ serviceUrl: `http://127.0.0.1:${http.addr.port}`, token: MCP_KEY }),
    });
    const stream = fakeStream();
    const result = await handler({ command: "optimize", prompt: "" }, {}, stream, fakeToken());
    assert.equal(result.metadata?.error, undefined, stream.text());

    const reportUrl = String(result.metadata?.reportUrl);
    assert.match(reportUrl, /^https:\/\/ci\.example\.com\/reports\/[^/]+$/);
    const stored = await loadReport(service.deps.store, reportUrl.split("/").pop()!);
    assert.ok(stored, "the report the chat shows is stored");
    assert.equal(stream.text(), renderMarkdown(stored, { reportUrl }));
    assert.match(stream.text(), /cache/i);
    assert.deepEqual(
      stream.parts.filter((p) => p.kind === "reference").map((p) => p.value),
      [reportUrl],
    );
    const apply = stored.actions.find((a) => a.id === "optimize-apply")!;
    // One follow-up per Apply button (each suggestion alone, then all of them), in order.
    const followups = followupsOf(result);
    assert.deepEqual(
      followups.map((f) => [f.command, f.prompt]),
      stored.actions.filter((a) => a.intent.op === "optimize").map((a) => [
        "optimize",
        `repo:acme/web apply:${a.intent.apply!.ids!.join(",")}`,
      ]),
    );
    const followup = followups.find((f) =>
      f.prompt === `repo:acme/web apply:${apply.intent.apply!.ids!.join(",")}`
    )!;
    assert.ok(followups.length >= 2 && followup, "single and all-of-them follow-ups");
    assert.ok(stream.parts.some((p) => p.kind === "button" && p.value.title === apply.label));

    // Pressing Apply runs the follow-up: the service shows the diff and asks to confirm.
    const preview = fakeStream();
    const second = await handler(
      { command: followup.command, prompt: followup.prompt },
      {},
      preview,
      fakeToken(),
    );
    assert.equal(second.metadata?.error, undefined, preview.text());
    assert.match(preview.text(), /\+ +cache: npm/);
    assert.equal(sim.state.repo("acme/web")!.pulls.length, 0, "nothing opened before Confirm");
    assert.equal(followupsOf(second)[0]?.command, "optimize");
  } finally {
    await http.shutdown();
    await service.close();
    await sim.close();
    await Deno.remove(policyFile);
  }
});
