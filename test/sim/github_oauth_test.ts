import assert from "node:assert/strict";
import { type GitHubSim, startGitHubSim } from "./github.ts";

const START = "2026-03-02T09:00:00Z";
const CLIENT = { clientId: "Iv1.simclient", clientSecret: "sim-secret" };
const SERVICE = "ghs_service_token";
const JSON_ACCEPT = { accept: "application/json" };

async function start(prefix = ""): Promise<GitHubSim> {
  const sim = await startGitHubSim({
    token: SERVICE,
    start: START,
    prefix,
    people: { alice: { repos: { "acme/secret": "maintain", "acme/triaged": "triage" } } },
    oauth: CLIENT,
  });
  sim.state.addRepo("acme/app");
  sim.state.addRepo("acme/secret", { private: true });
  sim.state.addRepo("acme/triaged", { private: true });
  sim.state.addRepo("acme/hidden", { private: true });
  return sim;
}

/** POSTs a form to the web side, asking for JSON. */
async function form(sim: GitHubSim, path: string, fields: Record<string, string>) {
  const response = await fetch(`${sim.origin}${path}`, {
    method: "POST",
    headers: { ...JSON_ACCEPT, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  assert.equal(response.status, 200);
  return await response.json();
}

const poll = (sim: GitHubSim, deviceCode: string) =>
  form(sim, "/login/oauth/access_token", {
    client_id: CLIENT.clientId,
    device_code: deviceCode,
    grant_type: "urn:ietf:params:oauth:grant-type:device_code",
  });

const refresh = (sim: GitHubSim, refreshToken: string, secret = CLIENT.clientSecret) =>
  form(sim, "/login/oauth/access_token", {
    client_id: CLIENT.clientId,
    client_secret: secret,
    grant_type: "refresh_token",
    refresh_token: refreshToken,
  });

async function api(sim: GitHubSim, path: string, token: string) {
  const response = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.json() };
}

async function deviceLogin(sim: GitHubSim, login: string) {
  const code = await form(sim, "/login/device/code", { client_id: CLIENT.clientId });
  sim.oauth!.approve(code.user_code, login);
  return await poll(sim, code.device_code);
}

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

async function appToken(sim: GitHubSim, kind: "token" | "grant", token: string, auth: string) {
  const response = await fetch(`${sim.url}/applications/${CLIENT.clientId}/${kind}`, {
    method: "DELETE",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify({ access_token: token }),
  });
  await response.body?.cancel();
  return response.status;
}

Deno.test("device flow: pending, slow_down, approve, token acts as the person, refresh rotates, revoke", async () => {
  const sim = await start("/api/v3");
  try {
    // The web side is at the host root even when the API has a prefix (GHES).
    const code = await form(sim, "/login/device/code", { client_id: CLIENT.clientId, scope: "" });
    assert.match(code.user_code, /^[A-Z]{4}-\d{4}$/);
    assert.equal(code.verification_uri, `${sim.origin}/login/device`);
    assert.equal(code.expires_in, 900);
    assert.equal(code.interval, 5);

    assert.equal((await poll(sim, code.device_code)).error, "authorization_pending");
    const slow = await poll(sim, code.device_code);
    assert.equal(slow.error, "slow_down");
    assert.equal(slow.interval, 10);
    sim.clock.advance(10_000);
    assert.equal((await poll(sim, code.device_code)).error, "authorization_pending");

    sim.oauth!.approve(code.user_code.toLowerCase(), "alice");
    const tokens = await poll(sim, code.device_code);
    assert.match(tokens.access_token, /^ghu_[A-Za-z0-9]{36}$/);
    assert.match(tokens.refresh_token, /^ghr_/);
    assert.equal(tokens.token_type, "bearer");
    assert.equal(tokens.scope, "");
    assert.equal(tokens.expires_in, 28_800);
    assert.equal(tokens.refresh_token_expires_in, 15_897_600);
    // A device code yields tokens once.
    assert.equal((await poll(sim, code.device_code)).error, "incorrect_device_code");
    assert.deepEqual(sim.oauth!.issued.map((t) => [t.login, t.token, t.revoked]), [
      ["alice", tokens.access_token, false],
    ]);
    assert.equal(sim.oauth!.issued[0].expiresAt.toISOString(), "2026-03-02T17:00:10.000Z");

    // As alice: her repositories with her permissions, nothing she cannot see.
    assert.equal((await api(sim, "/user", tokens.access_token)).body.login, "alice");
    const secret = await api(sim, "/repos/acme/secret", tokens.access_token);
    assert.equal(secret.status, 200);
    assert.deepEqual(secret.body.permissions, {
      admin: false,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    });
    assert.equal((await api(sim, "/repos/acme/hidden", tokens.access_token)).status, 404);
    const last = sim.requests.at(-1)!;
    assert.equal(last.path, "/repos/acme/hidden");
    assert.equal(last.headers.authorization, `Bearer ${tokens.access_token}`);

    // Refresh: a new pair; the old access and refresh tokens stop working.
    assert.equal(
      (await refresh(sim, tokens.refresh_token, "wrong")).error,
      "incorrect_client_credentials",
    );
    const rotated = await refresh(sim, tokens.refresh_token);
    assert.match(rotated.access_token, /^ghu_/);
    assert.notEqual(rotated.access_token, tokens.access_token);
    assert.equal((await refresh(sim, tokens.refresh_token)).error, "bad_refresh_token");
    assert.equal((await refresh(sim, "ghr_made_up")).error, "bad_refresh_token");
    const old = await api(sim, "/repos/acme/app", tokens.access_token);
    assert.deepEqual([old.status, old.body.message], [401, "Bad credentials"]);
    assert.equal((await api(sim, "/repos/acme/secret", rotated.access_token)).status, 200);

    // Revocation by the App (Basic client_id:client_secret).
    const wrong = basic(CLIENT.clientId, "nope");
    assert.equal(await appToken(sim, "token", rotated.access_token, wrong), 401);
    assert.equal((await api(sim, "/user", rotated.access_token)).status, 200);
    const auth = basic(CLIENT.clientId, CLIENT.clientSecret);
    assert.equal(await appToken(sim, "token", rotated.access_token, auth), 204);
    assert.equal((await api(sim, "/user", rotated.access_token)).status, 401);
    assert.equal(await appToken(sim, "token", rotated.access_token, auth), 404);
    assert.equal(await appToken(sim, "token", "ghu_unknown", auth), 404);
  } finally {
    await sim.close();
  }
});

Deno.test("device flow: an access token expires by the sim clock; refresh still works after", async () => {
  const sim = await start();
  try {
    const tokens = await deviceLogin(sim, "alice");
    sim.clock.advance(28_799_000);
    assert.equal((await api(sim, "/user", tokens.access_token)).status, 200);
    sim.clock.advance(1_000);
    const expired = await api(sim, "/user", tokens.access_token);
    assert.deepEqual([expired.status, expired.body.message], [401, "Bad credentials"]);
    const fresh = await refresh(sim, tokens.refresh_token);
    assert.equal((await api(sim, "/user", fresh.access_token)).body.login, "alice");
  } finally {
    await sim.close();
  }
});

Deno.test("device flow: denied, expired and unknown codes; wrong client id", async () => {
  const sim = await start();
  try {
    const denied = await form(sim, "/login/device/code", { client_id: CLIENT.clientId });
    sim.oauth!.deny(denied.user_code);
    assert.equal((await poll(sim, denied.device_code)).error, "access_denied");
    assert.throws(() => sim.oauth!.approve(denied.user_code, "alice"), /already denied/);

    const late = await form(sim, "/login/device/code", { client_id: CLIENT.clientId });
    sim.clock.advance(900_000);
    assert.equal((await poll(sim, late.device_code)).error, "expired_token");
    assert.throws(() => sim.oauth!.approve(late.user_code, "alice"), /expired/);

    assert.equal((await poll(sim, "0".repeat(40))).error, "incorrect_device_code");
    const bad = await form(sim, "/login/device/code", { client_id: "Iv1.other" });
    assert.equal(bad.error, "incorrect_client_credentials");
    assert.equal(
      bad.error_description,
      "The client_id and/or client_secret passed are incorrect.",
    );
  } finally {
    await sim.close();
  }
});

Deno.test("device code answer is form-urlencoded unless Accept asks for JSON", async () => {
  const sim = await start();
  try {
    const response = await fetch(`${sim.origin}/login/device/code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: CLIENT.clientId }),
    });
    assert.match(response.headers.get("content-type")!, /^application\/x-www-form-urlencoded/);
    const fields = new URLSearchParams(await response.text());
    assert.match(fields.get("user_code")!, /^[A-Z]{4}-\d{4}$/);
    assert.equal(fields.get("expires_in"), "900");
    const page = await fetch(fields.get("verification_uri")!);
    assert.match(await page.text(), /Device Activation/);
  } finally {
    await sim.close();
  }
});

Deno.test("web flow: sign-in page, redirect with code and state, code works once for 10 minutes", async () => {
  const sim = await start();
  try {
    const authorize = (state: string) =>
      fetch(
        `${sim.origin}/login/oauth/authorize?client_id=${CLIENT.clientId}` +
          `&redirect_uri=${encodeURIComponent("http://app.test/cb?x=1")}&state=${state}`,
        { redirect: "manual" },
      );
    const signIn = await authorize("s0");
    assert.equal(signIn.status, 200);
    assert.match(await signIn.text(), /Sign in to GitHub/);

    sim.oauth!.browserLogin = "alice";
    const redirect = await authorize("s1");
    await redirect.body?.cancel();
    assert.equal(redirect.status, 302);
    const location = new URL(redirect.headers.get("location")!);
    assert.equal(`${location.origin}${location.pathname}`, "http://app.test/cb");
    assert.equal(location.searchParams.get("state"), "s1");
    assert.equal(location.searchParams.get("x"), "1");
    const code = location.searchParams.get("code")!;

    const exchange = (value: string, secret = CLIENT.clientSecret) =>
      form(sim, "/login/oauth/access_token", {
        client_id: CLIENT.clientId,
        client_secret: secret,
        code: value,
      });
    assert.equal((await exchange(code, "wrong")).error, "incorrect_client_credentials");
    const tokens = await exchange(code);
    assert.equal((await api(sim, "/user", tokens.access_token)).body.login, "alice");
    assert.equal((await exchange(code)).error, "bad_verification_code");

    const slowRedirect = await authorize("s2");
    await slowRedirect.body?.cancel();
    const slowCode = new URL(slowRedirect.headers.get("location")!).searchParams.get("code")!;
    sim.clock.advance(10 * 60_000);
    assert.equal((await exchange(slowCode)).error, "bad_verification_code");
  } finally {
    await sim.close();
  }
});

Deno.test("DELETE /applications/{client_id}/grant revokes every token of that person", async () => {
  const sim = await start();
  try {
    const first = await deviceLogin(sim, "alice");
    const second = await deviceLogin(sim, "alice");
    const bob = await deviceLogin(sim, "bob");
    const auth = basic(CLIENT.clientId, CLIENT.clientSecret);
    assert.equal(await appToken(sim, "grant", first.access_token, auth), 204);
    assert.equal((await api(sim, "/user", first.access_token)).status, 401);
    assert.equal((await api(sim, "/user", second.access_token)).status, 401);
    assert.equal((await refresh(sim, second.refresh_token)).error, "bad_refresh_token");
    // Someone else's token is untouched; an unknown person sees public repositories only.
    assert.equal((await api(sim, "/repos/acme/app", bob.access_token)).status, 200);
    assert.equal((await api(sim, "/repos/acme/secret", bob.access_token)).status, 404);
  } finally {
    await sim.close();
  }
});

Deno.test("collaborator permission: legacy permission and role_name per person", async () => {
  const sim = await start();
  try {
    const permission = async (repo: string, login: string) =>
      await api(sim, `/repos/${repo}/collaborators/${login}/permission`, SERVICE);
    const cases: Array<[string, string, string, string]> = [
      ["acme/secret", "alice", "write", "maintain"],
      ["acme/triaged", "alice", "read", "triage"],
      ["acme/app", "alice", "read", "read"],
      ["acme/secret", "bob", "none", "none"],
      ["acme/app", "bob", "read", "read"],
    ];
    for (const [repo, login, legacy, role] of cases) {
      const { status, body } = await permission(repo, login);
      assert.equal(status, 200);
      assert.deepEqual([body.permission, body.role_name, body.user.login], [legacy, role, login]);
    }
    assert.equal((await permission("acme/nope", "alice")).status, 404);
    // A person's own token asking about a private repository they cannot see: 404.
    const bob = await deviceLogin(sim, "bob");
    const hidden = await api(
      sim,
      "/repos/acme/secret/collaborators/alice/permission",
      bob.access_token,
    );
    assert.equal(hidden.status, 404);
  } finally {
    await sim.close();
  }
});

Deno.test("triage and maintain map onto GET /repos permissions by rank", async () => {
  const sim = await startGitHubSim({
    users: {
      ghp_t: { login: "tia", repos: { "acme/app": "triage" } },
      ghp_a: { login: "ada", repos: { "acme/app": "admin" } },
    },
  });
  try {
    sim.state.addRepo("acme/app");
    assert.deepEqual((await api(sim, "/repos/acme/app", "ghp_t")).body.permissions, {
      admin: false,
      maintain: false,
      push: false,
      triage: true,
      pull: true,
    });
    assert.equal(
      Object.values((await api(sim, "/repos/acme/app", "ghp_a")).body.permissions).every(Boolean),
      true,
    );
    // Triage is not write access.
    const write = await fetch(`${sim.url}/repos/acme/app/git/refs`, {
      method: "POST",
      headers: { authorization: "token ghp_t", "content-type": "application/json" },
      body: "{}",
    });
    await write.body?.cancel();
    assert.equal(write.status, 403);
    // Distinct logins get distinct user ids.
    const ids = [
      (await api(sim, "/user", "ghp_t")).body.id,
      (await api(sim, "/user", "ghp_a")).body.id,
    ];
    assert.notEqual(ids[0], ids[1]);
  } finally {
    await sim.close();
  }
});
