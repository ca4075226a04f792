/**
 * `login` end to end against the GitHub simulator's OAuth App: the job's plan and steps driven
 * directly (no runner), the person approving or denying in the simulator, then the linked
 * account used, refreshed after 8 h, and revoked by `logout`.
 */
import assert from "node:assert/strict";
import { type LoginState, logoutReport } from "../../src/accounts/mod.ts";
import { CiError } from "../../src/errors.ts";
import type { StepResult } from "../../src/jobs/definition.ts";
import { escapeMarkdownText, markupText } from "../../src/report/markup.ts";
import { ALICE, ALICE_META, rawKv, type Setup, setup, stepContext } from "./helpers.ts";

const HOUR = 3_600_000;

async function plan(t: Setup): Promise<LoginState> {
  return await t.accounts.loginJob.plan({ op: "login" }, {
    ...stepContext(t),
    requester: ALICE_META,
  });
}

const step = (t: Setup, state: LoginState): Promise<StepResult<LoginState>> =>
  t.accounts.loginJob.step(state, stepContext(t));

/** Approves as alice and steps until the job is done. */
async function link(t: Setup): Promise<LoginState> {
  const state = await plan(t);
  t.sim.oauth!.approve(state.userCode, "alice");
  t.sim.clock.advance(state.interval * 1000);
  const done = await step(t, state);
  assert.equal(done.kind, "done");
  return state;
}

Deno.test("login: device flow — code shown, polled at GitHub's pace, approved, linked", async () => {
  const t = await setup();
  try {
    const job = t.accounts.loginJob;
    const state = await plan(t);
    const { report, progress } = job.progress(state);
    assert.equal(report.title, "Link your GitHub account");
    // GitHub's text goes into markup escaped; every renderer shows it as typed.
    assert.equal(
      markupText(report.summary),
      `Open ${t.sim.origin}/login/device and enter the code ${state.userCode} (valid 15 ` +
        "minutes). This message changes when you have approved.",
    );
    assert.ok(report.summary.includes(`**${escapeMarkdownText(state.userCode)}**`));
    assert.equal(report.links![0].url, `${t.sim.origin}/login/device`);
    const web = new URL(report.links![1].url);
    assert.equal(`${web.origin}${web.pathname}`, `${t.sim.origin}/login/oauth/authorize`);
    assert.equal(web.searchParams.get("client_id"), "Iv1.test");
    assert.equal(
      web.searchParams.get("redirect_uri"),
      "https://ci.example.test/auth/github/callback",
    );
    assert.match(web.searchParams.get("state")!, /^v1\./);
    assert.equal(progress.note, "waiting for approval on GitHub");

    // Too early: no poll, just wait out the interval.
    const early = await step(t, state);
    assert.deepEqual(early, { kind: "wait", state, delayMs: 5_000 });
    t.sim.clock.advance(5_000);
    const pending = await step(t, state);
    assert.equal(pending.kind, "wait");
    assert.equal(pending.kind === "wait" && pending.delayMs, 5_000);

    t.sim.oauth!.approve(state.userCode, "alice");
    t.sim.clock.advance(5_000);
    const done = await step(t, pending.state);
    assert.equal(done.kind, "done");
    assert.equal(done.kind === "done" && done.report.title, "Linked to GitHub as @alice");
    assert.equal(done.kind === "done" && done.report.status, "success");
    assert.match(
      done.kind === "done" ? done.report.summary : "",
      /^From now on ci-orchestrator acts on GitHub with what @alice may do/,
    );
    const issued = t.sim.oauth!.issued;
    assert.equal(issued.length, 1);
    assert.deepEqual(await t.accounts.linked(ALICE), { login: "alice", token: issued[0].token });

    // The token works on the API as alice.
    const user = await fetch(`${t.sim.url}/user`, {
      headers: { authorization: `Bearer ${(await t.accounts.linked(ALICE))!.token}` },
    });
    assert.equal((await user.json()).login, "alice");

    // Attack: neither the device code nor the tokens are readable in the store or the logs.
    const raw = (await rawKv(t.kv)).join("\n") + JSON.stringify(state) +
      JSON.stringify(t.log.entries);
    assert.ok(!raw.includes(issued[0].token), "access token stored or logged in clear");
    assert.ok(!raw.includes(issued[0].refreshToken), "refresh token stored or logged in clear");
  } finally {
    await t.close();
  }
});

Deno.test("login: the device code is sealed in the job state, bound to the requester", async () => {
  const t = await setup();
  try {
    const state = await plan(t);
    assert.match(state.deviceCode, /^v1\./);
    assert.ok(!/^[0-9a-f]{40}$/.test(state.deviceCode));
    // Attack: the state edited to name someone else cannot poll with Alice's device code.
    const stolen = { ...state, requester: { ...state.requester, userId: "U0MALLORY" } };
    t.sim.oauth!.approve(state.userCode, "alice");
    t.sim.clock.advance(5_000);
    await assert.rejects(() => step(t, stolen), (e: unknown) => e instanceof CiError);
    assert.equal(t.sim.oauth!.issued.length, 0);
  } finally {
    await t.close();
  }
});

Deno.test("login: slow_down makes the job poll 5 s less often", async () => {
  const t = await setup();
  try {
    const state = await plan(t);
    t.sim.clock.advance(5_000);
    const first = await step(t, state);
    assert.equal(first.kind, "wait");
    // A restart that lost the pace polls again at once: GitHub says slow_down.
    const hurried = { ...first.state, nextPollAt: t.sim.clock.now().toISOString() };
    const slowed = await step(t, hurried);
    assert.equal(slowed.kind, "wait");
    assert.equal(slowed.state.interval, 10);
    assert.equal(slowed.kind === "wait" && slowed.delayMs, 10_000);
  } finally {
    await t.close();
  }
});

Deno.test("login: denied, expired and cancelled each end with what to do", async () => {
  const t = await setup();
  try {
    const denied = await plan(t);
    t.sim.oauth!.deny(denied.userCode);
    t.sim.clock.advance(5_000);
    const no = await step(t, denied);
    assert.equal(no.kind, "done");
    assert.deepEqual(no.kind === "done" && no.report, {
      title: "GitHub account not linked",
      status: "warning",
      summary: "You did not approve on GitHub. Type `login` to try again.",
    });

    const late = await plan(t);
    t.sim.clock.advance(15 * 60_000);
    const expired = await step(t, late);
    assert.equal(
      expired.kind === "done" && expired.report.summary,
      "The code expired before it was approved. Type `login` to try again.",
    );

    const cancelled = await t.accounts.loginJob.cancel(await plan(t), stepContext(t));
    assert.equal(cancelled.report.title, "Login cancelled");
    assert.equal(await t.accounts.linked(ALICE), null);
  } finally {
    await t.close();
  }
});

Deno.test("login: only chat members link; Copilot and MCP callers are told why", async () => {
  const t = await setup();
  try {
    for (
      const requester of [
        { surface: "copilot", requestId: "r", userId: "alice" },
        { surface: "mcp", requestId: "r", userId: "k", via: "mcp-key" },
        { surface: "cli", requestId: "r" },
        undefined,
      ] as const
    ) {
      await assert.rejects(
        () => t.accounts.loginJob.plan({ op: "login" }, { ...stepContext(t), requester }),
        (e: unknown) => e instanceof CiError && e.code === "unsupported",
      );
    }
    assert.equal(await t.accounts.linked({ surface: "copilot", userId: "alice" }), null);
  } finally {
    await t.close();
  }
});

Deno.test("accounts: an expired token is refreshed once, even by two requests at once", async () => {
  const t = await setup();
  try {
    await link(t);
    const issued = t.sim.oauth!.issued;
    t.sim.clock.advance(8 * HOUR + 1_000);
    const [a, b] = await Promise.all([t.accounts.linked(ALICE), t.accounts.linked(ALICE)]);
    assert.equal(issued.length, 2, "one refresh");
    assert.equal(issued[0].revoked, true, "the old token was replaced");
    assert.deepEqual(a, { login: "alice", token: issued[1].token });
    assert.deepEqual(b, a);
    // The new pair was stored: no refresh on the next request.
    assert.deepEqual(await t.accounts.linked(ALICE), a);
    assert.equal(issued.length, 2);
  } finally {
    await t.close();
  }
});

Deno.test("accounts: a refused refresh unlinks and says to type login", async () => {
  const t = await setup();
  try {
    await link(t);
    t.sim.oauth!.issued[0].revoked = true; // revoked on GitHub: its refresh token is dead too
    t.sim.clock.advance(8 * HOUR + 1_000);
    await assert.rejects(() => t.accounts.linked(ALICE), (e: unknown) => {
      assert.ok(e instanceof CiError);
      assert.equal(e.code, "unauthorized");
      assert.equal(e.message, "Your GitHub link has expired");
      assert.equal(e.hint, "Type `login` to link your GitHub account again.");
      return true;
    });
    assert.equal(await t.accounts.linked(ALICE), null, "the link was deleted");
  } finally {
    await t.close();
  }
});

Deno.test("accounts: without the client secret an expired token cannot refresh", async () => {
  const t = await setup({ clientSecret: undefined });
  try {
    const state = await plan(t);
    assert.equal(t.accounts.loginJob.progress(state).report.links?.length, 1, "no web flow");
    t.sim.oauth!.approve(state.userCode, "alice");
    t.sim.clock.advance(5_000);
    assert.equal((await step(t, state)).kind, "done");
    t.sim.clock.advance(8 * HOUR + 1_000);
    await assert.rejects(() => t.accounts.linked(ALICE), /Your GitHub link has expired/);
  } finally {
    await t.close();
  }
});

Deno.test("accounts: logout revokes the token with GitHub and deletes the link", async () => {
  const t = await setup();
  try {
    await link(t);
    const token = t.sim.oauth!.issued[0];
    const login = await t.accounts.logout(ALICE);
    assert.equal(login, "alice");
    assert.equal(logoutReport(login).title, "Unlinked GitHub account @alice");
    assert.equal(token.revoked, true);
    const user = await fetch(`${t.sim.url}/user`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(user.status, 401);
    await user.body?.cancel();
    assert.equal(await t.accounts.linked(ALICE), null);
    assert.equal(await t.accounts.logout(ALICE), null, "not linked any more");
    assert.ok(!JSON.stringify(t.log.entries).includes(token.token));
  } finally {
    await t.close();
  }
});

Deno.test("accounts: logout still unlinks when GitHub cannot revoke, and logs no token", async () => {
  const t = await setup();
  try {
    await link(t);
    const token = t.sim.oauth!.issued[0];
    t.sim.faults.push({ path: /^\/applications\//, status: 503, times: 5 });
    assert.equal(await t.accounts.logout(ALICE), "alice");
    assert.equal(await t.accounts.linked(ALICE), null);
    const warned = t.log.entries.find((e) => e.msg === "token not revoked with GitHub");
    assert.ok(warned, "the failure is logged");
    assert.ok(!JSON.stringify(t.log.entries).includes(token.token));
  } finally {
    await t.close();
  }
});

Deno.test("accounts: unlink deletes without calling GitHub", async () => {
  const t = await setup();
  try {
    await link(t);
    await t.accounts.unlink(ALICE);
    assert.equal(t.sim.oauth!.issued[0].revoked, false);
    assert.equal(await t.accounts.linked(ALICE), null);
    assert.equal(t.accounts.unlinked, "public-read");
  } finally {
    await t.close();
  }
});
