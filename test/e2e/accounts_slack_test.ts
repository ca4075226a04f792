/**
 * End to end in Slack with linked GitHub accounts and no policy file: what a person may do is
 * what their own GitHub account may do. An unlinked person asking to test gets a link prompt;
 * `login` runs GitHub's device flow (the code reaches only the requester); a reader may
 * analyze but not test; a writer dispatches (the run records who asked) but may not open pull
 * requests; `logout` revokes the token with GitHub and the next request asks to link again.
 */
import assert from "node:assert/strict";
import { shown, type SlackService, startSlackService } from "./slack_service.ts";

const RITA = "U0RITA001";
const WES = "U0WES0001";
const CLIENT_ID = "Iv1.e2e0000000000001";

const startService = () =>
  startSlackService({
    sim: {
      oauth: { clientId: CLIENT_ID, clientSecret: "e2e-client-secret", interval: 1 },
      people: {
        rita: { repos: { "acme/app": "pull" } },
        wes: { repos: { "acme/app": "push" } },
      },
    },
    env: {
      GITHUB_CLIENT_ID: CLIENT_ID,
      GITHUB_CLIENT_SECRET: "e2e-client-secret",
      SECRET_KEY: "e2e-secret-key-of-at-least-32-characters",
      // One person sends a dozen commands within seconds here.
      RATE_LIMIT_BURST: "100",
    },
  });

type Env = SlackService;
type Call = Env["slack"]["calls"][number];
const said = (call: Call) => shown(call.body);

/** The next Slack call after the first `seen` calls that matches `pattern`. */
const next = (env: Env, pattern: RegExp, seen: number, timeoutMs = 15_000): Promise<Call> =>
  env.next(pattern, seen, timeoutMs);

/** Links `user` to `login` through the device flow, as the person would in a browser. */
async function link(env: Env, user: string, login: string) {
  const seen = env.slack.calls.length;
  await env.command("login", user);
  const prompt = await next(env, /enter the code/, seen);
  // The code goes to the requester alone: never posted to the channel.
  assert.equal(prompt.method, "response_url");
  assert.equal(prompt.body.response_type, "ephemeral");
  const code = /\b([A-Z0-9]{4}-[A-Z0-9]{4})\b/.exec(said(prompt))?.[1];
  assert.ok(code, `a user code in ${said(prompt)}`);
  env.github.oauth!.approve(code, login);
  const linked = await next(env, new RegExp(`Linked to GitHub as @${login}`), seen);
  assert.equal(linked.method, "response_url");
}

Deno.test("e2e slack accounts: link prompt, device flow, read vs write from GitHub, logout revokes", async () => {
  await using env = await startService();

  // Unlinked: asking to dispatch gets the link prompt, and nothing is dispatched.
  let seen = env.slack.calls.length;
  await env.command("test repo:acme/app workflow:ci.yml", RITA);
  const prompt = await next(env, /not linked/, seen);
  assert.match(said(prompt), /Type `login` to link your GitHub account/);
  assert.equal(env.github.state.dispatches.length, 0);

  // In a channel (a mention) the code would be public: refused, pointing at the slash command.
  seen = env.slack.calls.length;
  await env.mention("login", RITA);
  const inChannel = await next(env, /not answered in a channel/, seen);
  assert.match(said(inChannel), /\/ci-test login/);
  assert.ok(!env.slack.calls.slice(seen).some((c) => /enter the code/.test(said(c))));

  // A read-only collaborator: analyze works, test is refused naming what is missing.
  await link(env, RITA, "rita");
  seen = env.slack.calls.length;
  await env.command("analyze repo:acme/app", RITA);
  const analysis = await next(env, /acme\/app/, seen, 30_000);
  assert.doesNotMatch(said(analysis), /needs|not linked|not found/i);
  seen = env.slack.calls.length;
  await env.command("test repo:acme/app workflow:ci.yml", RITA);
  const refused = await next(env, /needs write/, seen);
  assert.match(said(refused), /`test` needs write on acme\/app \(you have read\)/);
  assert.equal(env.github.state.dispatches.length, 0);

  // A writer dispatches; opening pull requests needs maintain.
  await link(env, WES, "wes");
  seen = env.slack.calls.length;
  await env.command("test repo:acme/app workflow:ci.yml", WES);
  await next(env, /Test ci\.yml on acme\/app@main/, seen, 30_000);
  assert.equal(env.github.state.dispatches.length, 1);
  seen = env.slack.calls.length;
  await env.command("optimize repo:acme/app apply:s1", WES);
  const apply = await next(env, /needs maintain/, seen);
  assert.match(said(apply), /needs maintain on acme\/app \(you have write\)/);

  // logout revokes the token with GitHub; the next request asks to link again.
  const ritaToken = env.github.oauth!.issued.find((t) => t.login === "rita")!;
  seen = env.slack.calls.length;
  await env.command("logout", RITA);
  await next(env, /Unlinked GitHub account @rita/, seen);
  assert.equal(ritaToken.revoked, true);
  seen = env.slack.calls.length;
  await env.command("test repo:acme/app workflow:ci.yml", RITA);
  await next(env, /not linked/, seen);

  // No token ever reached a log line.
  const logged = JSON.stringify(env.log.entries);
  for (const t of env.github.oauth!.issued) {
    assert.ok(!logged.includes(t.token) && !logged.includes(t.refreshToken), "token in logs");
  }
});
