/**
 * The participant handler driven through a fake `vscode` against a real SDK MCP server
 * (`fake_mcp.ts`) with the real SDK client (`connectMcp`).
 */
import assert from "node:assert/strict";
import { createChatHandler, followupsOf } from "../../../copilot/vscode/src/handler.ts";
import { connectMcp } from "../../../copilot/vscode/src/mcp_client.ts";
import { fakeStream, fakeToken, fakeVscode } from "./fake_vscode.ts";
import { startFakeMcp } from "./fake_mcp.ts";

const TOKEN = "mcp-key-for-tests";
const SSH_REMOTE = [{
  name: "origin",
  fetchUrl: "git@github.com:acme/app.git",
}];

function handlerFor(
  serviceUrl: string | undefined,
  token: string,
  remotes = SSH_REMOTE,
) {
  return createChatHandler({
    vscode: fakeVscode(remotes),
    connect: connectMcp,
    settings: () => Promise.resolve({ serviceUrl, token }),
  });
}

Deno.test("/optimize: workspace repo, progress, the tool's markdown, report reference, Apply button", async () => {
  await using mcp = startFakeMcp(TOKEN);
  const stream = fakeStream();
  const result = await handlerFor(mcp.url, TOKEN)(
    { command: "optimize", prompt: "why is my CI slow?" },
    {},
    stream,
    fakeToken(),
  );
  assert.deepEqual(mcp.calls, [{
    tool: "ci_optimize",
    args: { repo: "acme/app" },
  }]);
  assert.deepEqual(
    stream.parts.filter((p) => p.kind === "progress").map((p) => p.value),
    [
      "Finding the workspace's repository…",
      "Running ci_optimize repo:acme/app…",
      "Reading workflows",
      "Estimating savings",
    ],
  );
  assert.equal(
    stream.text(),
    `# ⚠️ Optimize acme/app\n\n2 suggestions.\n\n[Full report](${mcp.url}/reports/r42)\n`,
  );
  const reference = stream.parts.find((p) => p.kind === "reference");
  assert.equal(reference?.value, `${mcp.url}/reports/r42`);
  const buttons = stream.parts.flatMap((
    p,
  ) => (p.kind === "button" ? [p.value] : []));
  assert.deepEqual(buttons, [{
    title: "Apply s1abcd, s2efgh",
    command: "workbench.action.chat.open",
    arguments: [{
      query: "@ci-orchestrator /optimize repo:acme/app apply:s1abcd,s2efgh",
    }],
  }]);
  assert.deepEqual(followupsOf(result), [{
    prompt: "repo:acme/app apply:s1abcd,s2efgh",
    label: "Apply s1abcd, s2efgh",
    command: "optimize",
  }]);
});

Deno.test("the Apply follow-up calls the tool again with the typed apply step", async () => {
  await using mcp = startFakeMcp(TOKEN);
  const handler = handlerFor(mcp.url, TOKEN, []);
  const first = await handler(
    { command: "optimize", prompt: "repo:acme/web" },
    {},
    fakeStream(),
    fakeToken(),
  );
  const [followup] = followupsOf(first);
  await handler(
    { command: followup.command, prompt: followup.prompt },
    {},
    fakeStream(),
    fakeToken(),
  );
  assert.deepEqual(mcp.calls.map((c) => c.args), [
    { repo: "acme/web" },
    { repo: "acme/web", apply: { step: "preview", ids: ["s1abcd", "s2efgh"] } },
  ]);
});

Deno.test("a verb without a slash works; no verb shows the commands", async () => {
  await using mcp = startFakeMcp(TOKEN);
  const handler = handlerFor(mcp.url, TOKEN);
  await handler(
    { command: undefined, prompt: "optimize acme/other" },
    {},
    fakeStream(),
    fakeToken(),
  );
  assert.deepEqual(mcp.calls.map((c) => c.args), [{ repo: "acme/other" }]);
  const help = fakeStream();
  const result = await handler(
    { command: undefined, prompt: "hello" },
    {},
    help,
    fakeToken(),
  );
  assert.equal(result.metadata?.command, "help");
  for (const c of ["/test", "/compare", "/migrate", "/analyze", "/optimize"]) {
    assert.match(help.text(), new RegExp(`\`${c}\` — `));
  }
  assert.equal(mcp.calls.length, 1);
});

Deno.test("a wrong token is an error with the hint to set it", async () => {
  await using mcp = startFakeMcp(TOKEN);
  const stream = fakeStream();
  const result = await handlerFor(mcp.url, "wrong")(
    { command: "optimize", prompt: "" },
    {},
    stream,
    fakeToken(),
  );
  assert.equal(result.metadata?.error, "unauthorized");
  assert.match(stream.text(), /refused the token/);
  assert.match(stream.text(), /Set Service Token/);
  assert.doesNotMatch(stream.text(), /wrong/);
  assert.equal(mcp.calls.length, 0);
});

Deno.test("a tool error is shown as markdown without reference or buttons", async () => {
  await using mcp = startFakeMcp(TOKEN);
  const stream = fakeStream();
  const result = await handlerFor(mcp.url, TOKEN)(
    { command: "optimize", prompt: "repo:acme/missing" },
    {},
    stream,
    fakeToken(),
  );
  assert.equal(result.metadata?.error, "tool");
  assert.equal(stream.text(), "Error (not_found): acme/missing was not found");
  assert.equal(
    stream.parts.filter((p) => p.kind === "reference" || p.kind === "button")
      .length,
    0,
  );
});

Deno.test("no repository anywhere, or no service URL: a hint and no call", async () => {
  await using mcp = startFakeMcp(TOKEN);
  const noRepo = fakeStream();
  const r1 = await handlerFor(mcp.url, TOKEN, [{
    name: "origin",
    fetchUrl: "/srv/git/x",
  }])(
    { command: "analyze", prompt: "" },
    {},
    noRepo,
    fakeToken(),
  );
  assert.equal(r1.metadata?.error, "bad_request");
  assert.match(
    noRepo.text(),
    /\/analyze needs a repository[\s\S]*repo:owner\/name/,
  );
  const noUrl = fakeStream();
  const r2 = await handlerFor(undefined, TOKEN)(
    { command: "optimize", prompt: "" },
    {},
    noUrl,
    fakeToken(),
  );
  assert.equal(r2.metadata?.error, "config");
  assert.match(noUrl.text(), /ciOrchestrator\.serviceUrl/);
  assert.equal(mcp.calls.length, 0);
});

Deno.test("an unreachable service says so and points at the setting", async () => {
  const closed = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const url = `http://127.0.0.1:${(closed.addr as Deno.NetAddr).port}`;
  closed.close();
  const stream = fakeStream();
  const result = await handlerFor(url, TOKEN)(
    { command: "optimize", prompt: "" },
    {},
    stream,
    fakeToken(),
  );
  assert.equal(result.metadata?.error, "upstream");
  assert.match(stream.text(), new RegExp(`Cannot reach the service at ${url}`));
});

Deno.test("cancelling the token aborts the running call", async () => {
  await using mcp = startFakeMcp(TOKEN);
  mcp.hang = true;
  const token = fakeToken();
  const stream = fakeStream();
  const handler = createChatHandler({
    vscode: fakeVscode(SSH_REMOTE),
    connect: connectMcp,
    settings: () => Promise.resolve({ serviceUrl: mcp.url, token: TOKEN }),
  });
  const pending = handler({ command: "optimize", prompt: "" }, {}, {
    ...stream,
    progress(value) {
      stream.progress(value);
      if (value === "Estimating savings") token.cancel();
    },
  }, token);
  const result = await pending;
  assert.equal(result.metadata?.error, "cancelled");
  assert.equal(stream.text(), "_Cancelled._");
  assert.equal(mcp.calls.length, 1);
});
