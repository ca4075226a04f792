/**
 * The OAuth web flow against the GitHub simulator: the authorize link from the `login` report,
 * GitHub's redirect to `/auth/github/callback`, and the attacks on its `state`.
 */
import assert from "node:assert/strict";
import type { LoginState } from "../../src/accounts/mod.ts";
import { ALICE, ALICE_META, type Setup, setup, stepContext } from "./helpers.ts";

async function plan(t: Setup): Promise<LoginState> {
  return await t.accounts.loginJob.plan({ op: "login" }, {
    ...stepContext(t),
    requester: ALICE_META,
  });
}

/** The person opens the one-click link; GitHub (signed in as alice) redirects to the callback. */
async function authorize(t: Setup, url: string): Promise<string> {
  t.sim.oauth!.browserLogin = "alice";
  const response = await fetch(url, { redirect: "manual" });
  await response.body?.cancel();
  assert.equal(response.status, 302);
  const location = response.headers.get("location")!;
  assert.ok(location.startsWith("https://ci.example.test/auth/github/callback?"), location);
  return location;
}

const webLink = (t: Setup, state: LoginState) =>
  t.accounts.loginJob.progress(state).report.links!.find((l) => l.url.includes("/authorize"))!.url;

function withState(url: string, state: string): string {
  const u = new URL(url);
  u.searchParams.set("state", state);
  return u.toString();
}

Deno.test("callback: web flow links the person the state names, and the job then finishes", async () => {
  const t = await setup();
  try {
    const state = await plan(t);
    const response = await t.accounts.callback(new Request(await authorize(t, webLink(t, state))));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-security-policy"), "default-src 'none'");
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.match(response.headers.get("content-type")!, /^text\/html/);
    const html = await response.text();
    assert.ok(html.includes("Linked to GitHub as @alice — you can close this tab"), html);
    assert.ok(!html.includes("<script"));
    const token = t.sim.oauth!.issued[0].token;
    assert.deepEqual(await t.accounts.linked(ALICE), { login: "alice", token });
    // The device-flow job sees the link at its next step and reports it.
    t.sim.clock.advance(5_000);
    const done = await t.accounts.loginJob.step(state, stepContext(t));
    assert.equal(done.kind === "done" && done.report.title, "Linked to GitHub as @alice");
  } finally {
    await t.close();
  }
});

Deno.test("callback: attack — a replayed callback URL is refused", async () => {
  const t = await setup();
  try {
    const location = await authorize(t, webLink(t, await plan(t)));
    assert.equal((await t.accounts.callback(new Request(location))).status, 200);
    await t.accounts.unlink(ALICE);
    const replay = await t.accounts.callback(new Request(location));
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /already used\. Type login in chat again/);
    assert.equal(await t.accounts.linked(ALICE), null, "the replay linked nothing");
    // The same state with a fresh code from GitHub is refused too.
    const again = await authorize(t, webLink(t, await plan(t)));
    const state = new URL(location).searchParams.get("state")!;
    assert.equal((await t.accounts.callback(new Request(withState(again, state)))).status, 400);
    assert.equal(await t.accounts.linked(ALICE), null);
  } finally {
    await t.close();
  }
});

Deno.test("callback: attack — a tampered or made-up state is refused before GitHub is asked", async () => {
  const t = await setup();
  try {
    const location = await authorize(t, webLink(t, await plan(t)));
    const state = new URL(location).searchParams.get("state")!;
    const flipped = state.slice(0, -3) + (state.at(-3) === "A" ? "B" : "A") + state.slice(-2);
    for (const bad of [flipped, "v1.AAAA.BBBB", "<script>alert(1)</script>", ""]) {
      const response = await t.accounts.callback(new Request(withState(location, bad)));
      assert.equal(response.status, 400, bad);
      const html = await response.text();
      assert.ok(!html.includes("<script>alert"), "nothing from the request is echoed");
      assert.ok(html.includes("Type login in chat again"));
    }
    assert.equal(t.sim.oauth!.issued.length, 0, "no code was exchanged");
    // The untouched URL still works: the code was never spent.
    assert.equal((await t.accounts.callback(new Request(location))).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("callback: an expired state is refused", async () => {
  const t = await setup();
  try {
    const link = webLink(t, await plan(t));
    t.sim.clock.advance(15 * 60_000 + 1_000);
    const response = await t.accounts.callback(new Request(await authorize(t, link)));
    assert.equal(response.status, 400);
    assert.match(await response.text(), /has expired/);
    assert.equal(await t.accounts.linked(ALICE), null);
  } finally {
    await t.close();
  }
});

Deno.test("callback: a person who did not approve, or a bare URL, gets a 400 page", async () => {
  const t = await setup();
  try {
    const base = "https://ci.example.test/auth/github/callback";
    for (const url of [`${base}?error=access_denied&state=x`, base, `${base}?code=abc`]) {
      const response = await t.accounts.callback(new Request(url));
      assert.equal(response.status, 400, url);
      assert.equal(response.headers.get("content-security-policy"), "default-src 'none'");
      await response.body?.cancel();
    }
    const post = await t.accounts.callback(new Request(base, { method: "POST" }));
    assert.equal(post.status, 405);
    await post.body?.cancel();
  } finally {
    await t.close();
  }
});
