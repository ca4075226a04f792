/**
 * End to end in Slack with linked GitHub accounts and no policy file: what a person may do is
 * what their own GitHub account may do. An unlinked person asking to test gets a link prompt;
 * `login` runs GitHub's device flow (the code reaches only the requester); a reader may
 * analyze but not test; a writer dispatches (the run records who asked) but may not open pull
 * requests; `logout` revokes the token with GitHub and the next request asks to link again.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { appMentionBody, signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

const SECRET = "e2e-signing-secret";
const RITA = "U0RITA001";
const WES = "U0WES0001";
const CLIENT_ID = "Iv1.e2e0000000000001";

async function startService() {
  const github = await simWithApp({
    sim: {
      oauth: { clientId: CLIENT_ID, clientSecret: "e2e-client-secret", interval: 1 },
      people: {
        rita: { repos: { "acme/app": "pull" } },
        wes: { repos: { "acme/app": "push" } },
      },
    },
  });
  const slack = await startSlackSim();
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_URL: github.origin,
    GITHUB_CLIENT_ID: CLIENT_ID,
    GITHUB_CLIENT_SECRET: "e2e-client-secret",
    SECRET_KEY: "e2e-secret-key-of-at-least-32-characters",
    // One person sends a dozen commands within seconds here.
    RATE_LIMIT_BURST: "100",
  }, { log, maxJobWaitMs: 100, github: { retryAfterBaseValue: 5 } });
  return {
    github,
    slack,
    service,
    log,
    async command(text: string, user: string) {
      const body = slashCommandBody({
        command: "/ci-test",
        text,
        user_id: user,
        response_url: slack.responseUrl(crypto.randomUUID()),
      });
      const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      const res = await service.app.request("/slack/events", { method: "POST", headers, body });
      assert.equal(res.status, 200);
      return await res.text();
    },
    async mention(text: string, user: string) {
      const body = appMentionBody({ text: `<@U0BOT> ${text}`, user });
      const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/json");
      const res = await service.app.request("/slack/events", { method: "POST", headers, body });
      assert.equal(res.status, 200);
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await slack.close();
      await github.close();
    },
  };
}

type Env = Awaited<ReturnType<typeof startService>>;
type Call = Env["slack"]["calls"][number];

const shown = (call: Call) => JSON.stringify(call.body.blocks ?? []) + String(call.body.text);

/** The next Slack call after the first `seen` calls that matches `pattern`. */
function next(env: Env, pattern: RegExp, seen: number, timeoutMs = 15_000): Promise<Call> {
  return env.slack.waitFor(
    (c) => env.slack.calls.indexOf(c) >= seen && pattern.test(shown(c)),
    timeoutMs,
  );
}

/** Links `user` to `login` through the device flow, as the person would in a browser. */
async function link(env: Env, user: string, login: string) {
  const seen = env.slack.calls.length;
  await env.command("login", user);
  const prompt = await next(env, /enter the code/, seen);
  // The code goes to the requester alone: never posted to the channel.
  assert.equal(prompt.method, "response_url");
  assert.equal(prompt.body.response_type, "ephemeral");
  const code = /\b([A-Z0-9]{4}-[A-Z0-9]{4})\b/.exec(shown(prompt))?.[1];
  assert.ok(code, `a user code in ${shown(prompt)}`);
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
  assert.match(shown(prompt), /Type `login` to link your GitHub account/);
  assert.equal(env.github.state.dispatches.length, 0);

  // In a channel (a mention) the code would be public: refused, pointing at the slash command.
  seen = env.slack.calls.length;
  await env.mention("login", RITA);
  const inChannel = await next(env, /not answered in a channel/, seen);
  assert.match(shown(inChannel), /\/ci-test login/);
  assert.ok(!env.slack.calls.slice(seen).some((c) => /enter the code/.test(shown(c))));

  // A read-only collaborator: analyze works, test is refused naming what is missing.
  await link(env, RITA, "rita");
  seen = env.slack.calls.length;
  await env.command("analyze repo:acme/app", RITA);
  const analysis = await next(env, /acme\/app/, seen, 30_000);
  assert.doesNotMatch(shown(analysis), /needs|not linked|not found/i);
  seen = env.slack.calls.length;
  await env.command("test repo:acme/app workflow:ci.yml", RITA);
  const refused = await next(env, /needs write/, seen);
  assert.match(shown(refused), /`test` needs write on acme\/app \(you have read\)/);
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
  assert.match(shown(apply), /needs maintain on acme\/app \(you have write\)/);

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
