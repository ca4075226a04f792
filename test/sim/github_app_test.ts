import assert from "node:assert/strict";
import { type GitHubSim, startGitHubSim } from "./github.ts";
import { signBody } from "./github_hooks.ts";

const START = "2026-03-02T09:00:00Z";
const APP_ID = 4242;
const SERVICE = "ghs_service_token";
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const encoder = new TextEncoder();

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Signs an RS256 JWT with Web Crypto, as an App's backend would. */
async function signJwt(key: CryptoKey, claims: Record<string, unknown>): Promise<string> {
  const part = (value: unknown) => base64Url(encoder.encode(JSON.stringify(value)));
  const input = `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}`;
  const signature = await crypto.subtle.sign(RSA, key, encoder.encode(input));
  return `${input}.${base64Url(new Uint8Array(signature))}`;
}

async function importPem(pem: string): Promise<CryptoKey> {
  const der = Uint8Array.from(
    atob(pem.replace(/-----[A-Z ]+-----|\s/g, "")),
    (c) => c.charCodeAt(0),
  );
  return await crypto.subtle.importKey("pkcs8", der, RSA, false, ["sign"]);
}

async function start(extra: { webhook?: { url: string; secret: string } } = {}) {
  const sim = await startGitHubSim({
    token: SERVICE,
    start: START,
    people: { bob: {} },
    app: {
      id: APP_ID,
      installations: [
        { id: 7, account: "acme", repos: ["acme/app"] },
        { id: 8, account: "bob", repos: "all" },
      ],
    },
    ...extra,
  });
  sim.state.addRepo("acme/app", {
    files: { ".github/workflows/ci.yml": "name: CI\non: workflow_dispatch\n" },
  });
  sim.state.addRepo("acme/other", { private: true });
  sim.state.addRepo("bob/tool", { private: true });
  sim.state.addRepo("bob/lib");
  const key = await importPem(sim.app!.privateKeyPem);
  const nowSeconds = () => Math.floor(sim.clock.now().getTime() / 1000);
  const jwt = (claims: Record<string, unknown> = {}) =>
    signJwt(key, {
      iat: nowSeconds() - 60,
      exp: nowSeconds() + 540,
      iss: String(APP_ID),
      ...claims,
    });
  return { sim, jwt, nowSeconds };
}

async function call(sim: GitHubSim, path: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${sim.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function installationToken(sim: GitHubSim, jwt: string, id: number, body?: unknown) {
  return await call(sim, `/app/installations/${id}/access_tokens`, jwt, {
    method: "POST",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

Deno.test("app JWT: accepted when good; refused when badly signed, expired, too long or elsewhere", async () => {
  const { sim, jwt, nowSeconds } = await start();
  try {
    assert.match(sim.app!.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    const app = await call(sim, "/app", await jwt());
    assert.equal(app.status, 200);
    assert.deepEqual([app.body.id, app.body.slug, app.body.html_url], [
      APP_ID,
      "ci-orchestrator",
      `${sim.origin}/apps/ci-orchestrator`,
    ]);
    // `iss` as a number is fine too.
    assert.equal((await call(sim, "/app", await jwt({ iss: APP_ID }))).status, 200);

    const undecodable = "A JSON web token could not be decoded";
    const stranger = await crypto.subtle.generateKey(
      { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      false,
      ["sign", "verify"],
    );
    const forged = await signJwt(stranger.privateKey, {
      iat: nowSeconds() - 60,
      exp: nowSeconds() + 540,
      iss: String(APP_ID),
    });
    const refusals: Array<[string, string | RegExp]> = [
      [forged, undecodable],
      ["eyJhbGciOiJSUzI1NiJ9.e30.c2ln", undecodable],
      ["not-a-jwt", undecodable],
      [await jwt({ iss: "999" }), undecodable],
      [await jwt({ iat: nowSeconds() - 700, exp: nowSeconds() - 1 }), /'Expiration time' claim/],
      [await jwt({ exp: nowSeconds() + 700 }), /too far in the future/],
      [await jwt({ iat: nowSeconds() + 120, exp: nowSeconds() + 300 }), /'Issued at' claim/],
    ];
    for (const [token, message] of refusals) {
      const refused = await call(sim, "/app/installations", token);
      assert.equal(refused.status, 401, token);
      if (typeof message === "string") assert.equal(refused.body.message, message);
      else assert.match(refused.body.message, message);
    }
    // A JWT is no good outside the App's routes; other tokens are no good on them.
    assert.equal((await call(sim, "/repos/acme/app", await jwt())).status, 401);
    assert.equal((await call(sim, "/app/installations", SERVICE)).status, 401);

    // Expiry follows the sim clock.
    const good = await jwt();
    sim.clock.advance(541_000);
    assert.match((await call(sim, "/app", good)).body.message, /'Expiration time' claim/);
  } finally {
    await sim.close();
  }
});

Deno.test("installations: listed and found per repository, organisation and user", async () => {
  const { sim, jwt } = await start();
  try {
    const token = await jwt();
    const list = await call(sim, "/app/installations", token);
    assert.deepEqual(list.body.map((i: { id: number }) => i.id), [7, 8]);
    const byRepo = await call(sim, "/repos/acme/app/installation", token);
    assert.deepEqual(
      [byRepo.body.id, byRepo.body.app_id, byRepo.body.repository_selection],
      [7, APP_ID, "selected"],
    );
    assert.deepEqual(byRepo.body.account.login, "acme");
    assert.equal(byRepo.body.account.type, "Organization");
    assert.equal((await call(sim, "/repos/acme/other/installation", token)).status, 404);
    assert.equal((await call(sim, "/repos/bob/tool/installation", token)).body.id, 8);
    assert.equal((await call(sim, "/orgs/acme/installation", token)).body.id, 7);
    const user = await call(sim, "/users/bob/installation", token);
    assert.deepEqual([user.body.id, user.body.account.type, user.body.repository_selection], [
      8,
      "User",
      "all",
    ]);
    assert.equal((await call(sim, "/orgs/nobody/installation", token)).status, 404);
  } finally {
    await sim.close();
  }
});

Deno.test("installation tokens: their repositories only, read and write, expire by the sim clock", async () => {
  const { sim, jwt } = await start();
  try {
    const issued = await installationToken(sim, await jwt(), 7);
    assert.equal(issued.status, 201);
    assert.match(issued.body.token, /^ghs_[A-Za-z0-9]{36}$/);
    assert.equal(issued.body.expires_at, "2026-03-02T10:00:00Z");
    assert.equal(issued.body.repository_selection, "selected");
    assert.equal(issued.body.permissions.actions, "write");
    assert.deepEqual(sim.app!.tokens.map((t) => [t.token, t.installationId]), [
      [issued.body.token, 7],
    ]);
    const token = issued.body.token;

    assert.equal((await call(sim, "/repos/acme/app", token)).status, 200);
    const dispatch = await call(sim, "/repos/acme/app/actions/workflows/ci.yml/dispatches", token, {
      method: "POST",
      body: JSON.stringify({ ref: "main" }),
    });
    assert.equal(dispatch.status, 204);
    assert.equal(sim.requests.at(-1)!.headers.authorization, `Bearer ${token}`);
    // Outside the installation: hidden, even where the repository is public.
    assert.equal((await call(sim, "/repos/acme/other", token)).status, 404);
    assert.equal((await call(sim, "/repos/bob/lib", token)).status, 404);
    const repos = await call(sim, "/installation/repositories", token);
    assert.deepEqual(repos.body.repositories.map((r: { full_name: string }) => r.full_name), [
      "acme/app",
    ]);
    assert.equal(repos.body.total_count, 1);

    sim.clock.advance(3_599_000);
    assert.equal((await call(sim, "/repos/acme/app", token)).status, 200);
    sim.clock.advance(1_000);
    const expired = await call(sim, "/repos/acme/app", token);
    assert.deepEqual([expired.status, expired.body.message], [401, "Bad credentials"]);
    assert.equal((await installationToken(sim, await jwt(), 99)).status, 404);
  } finally {
    await sim.close();
  }
});

Deno.test("installation on all repositories: every repository of the account, new ones too; narrowing", async () => {
  const { sim, jwt } = await start();
  try {
    const all = (await installationToken(sim, await jwt(), 8)).body;
    assert.equal(all.repository_selection, "all");
    assert.equal((await call(sim, "/repos/bob/tool", all.token)).status, 200);
    assert.equal((await call(sim, "/repos/acme/app", all.token)).status, 404);
    sim.state.addRepo("bob/new");
    const listed = await call(sim, "/installation/repositories", all.token);
    assert.deepEqual(
      listed.body.repositories.map((r: { full_name: string }) => r.full_name).sort(),
      ["bob/lib", "bob/new", "bob/tool"],
    );

    const narrow = await installationToken(sim, await jwt(), 8, { repositories: ["tool"] });
    assert.equal(narrow.status, 201);
    assert.deepEqual(narrow.body.repositories.map((r: { full_name: string }) => r.full_name), [
      "bob/tool",
    ]);
    assert.equal((await call(sim, "/repos/bob/tool", narrow.body.token)).status, 200);
    assert.equal((await call(sim, "/repos/bob/lib", narrow.body.token)).status, 404);
    const outside = await installationToken(sim, await jwt(), 8, { repositories: ["app"] });
    assert.equal(outside.status, 422);
  } finally {
    await sim.close();
  }
});

Deno.test("install, addRepositories and uninstall send signed installation webhooks", async () => {
  const received: Array<{ event: string; signature: string; body: string }> = [];
  const receiver = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    received.push({
      event: req.headers.get("x-github-event")!,
      signature: req.headers.get("x-hub-signature-256")!,
      body: await req.text(),
    });
    return new Response(null, { status: 204 });
  });
  const secret = "hook-secret";
  const { sim, jwt } = await start({
    webhook: { url: `http://127.0.0.1:${receiver.addr.port}/hook`, secret },
  });
  try {
    sim.state.addRepo("carol/x", { private: true });
    sim.state.addRepo("carol/y");
    await sim.app!.install({ id: 9, account: "carol", repos: ["carol/x"] });
    await sim.app!.addRepositories(9, ["y"]);
    const token = (await installationToken(sim, await jwt(), 9)).body.token;
    assert.equal((await call(sim, "/repos/carol/y", token)).status, 200);
    await sim.app!.uninstall(9);

    assert.deepEqual(received.map((r) => r.event), [
      "installation",
      "installation_repositories",
      "installation",
    ]);
    for (const delivery of received) {
      assert.equal(delivery.signature, await signBody(secret, delivery.body));
    }
    const [created, added, deleted] = received.map((r) => JSON.parse(r.body));
    assert.equal(created.action, "created");
    assert.deepEqual([created.installation.id, created.installation.account.login], [9, "carol"]);
    assert.deepEqual(created.repositories.map((r: { full_name: string }) => r.full_name), [
      "carol/x",
    ]);
    assert.equal(created.sender.login, "octocat");
    assert.equal(added.action, "added");
    assert.deepEqual(added.repositories_added, [{
      id: sim.state.repo("carol/y")!.facts.id,
      node_id: added.repositories_added[0].node_id,
      name: "y",
      full_name: "carol/y",
      private: false,
    }]);
    assert.equal(deleted.action, "deleted");

    // Uninstalled: its tokens stop working and it is no longer found.
    assert.equal((await call(sim, "/repos/carol/x", token)).status, 401);
    assert.equal((await call(sim, "/repos/carol/x/installation", await jwt())).status, 404);
  } finally {
    await sim.close();
    await receiver.shutdown();
  }
});
