/**
 * The GitHub App's installation auth: tokens per owner cached until 5 minutes before expiry (on
 * the injected clock), the not-installed error, a revoked token replaced once, PKCS#1 and PKCS#8
 * keys, and the client sending each request with its owner's token.
 */
import assert from "node:assert/strict";
import { Octokit } from "@octokit/rest";
import { CiError } from "../../../src/errors.ts";
import { memoryLogger } from "../../../src/log.ts";
import { createInstallationAuth } from "../../../src/providers/github/app_auth.ts";
import { installationRegistry } from "../../../src/providers/github/installations.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { installRequestAuth } from "../../../src/providers/github/request_auth.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import { fakeGitHubApp, type FakeInstallation, generateAppKeys } from "./app_fixture.ts";

const API = "https://api.github.example";
const MINUTE = 60_000;
const keys = await generateAppKeys();
const INSTALLATIONS: FakeInstallation[] = [
  { id: 11, account: "acme", repos: "all" },
  { id: 22, account: "globex", repos: ["globex/api"] },
];

async function setup(privateKey = keys.pkcs8Pem, installations = INSTALLATIONS) {
  const github = fakeGitHubApp(1, keys.publicKey, structuredClone(installations));
  const store = await openKvStore(":memory:");
  const log = memoryLogger();
  const auth = createInstallationAuth({
    appId: 1,
    privateKey,
    apiUrl: API,
    fetch: github.fetch,
    now: github.now,
    log,
    store,
  });
  return {
    github,
    store,
    log,
    auth,
    [Symbol.asyncDispose]: () => store.close(),
  };
}

const minted = (github: { requests: Array<{ path: string }> }) =>
  github.requests.filter((r) => r.path.endsWith("/access_tokens")).length;

Deno.test("app auth: a token per owner, reused until 5 minutes before it expires", async () => {
  await using t = await setup();
  const first = await t.auth.tokenFor("acme", "app");
  assert.equal(first, t.github.issued[0].token);
  assert.equal(await t.auth.tokenFor("acme", "web"), first, "one token per installation");
  const globex = await t.auth.tokenFor("globex", "api");
  assert.notEqual(globex, first);
  assert.equal(t.github.issued[1].installationId, 22);

  t.github.advance(54 * MINUTE);
  assert.equal(await t.auth.tokenFor("acme", "app"), first, "6 minutes left: still used");
  assert.equal(minted(t.github), 2);

  t.github.advance(2 * MINUTE);
  const renewed = await t.auth.tokenFor("acme", "app");
  assert.notEqual(renewed, first, "4 minutes left: a new one");
  assert.equal(minted(t.github), 3);
  assert.equal(t.github.issued[2].token, renewed);
  // The installation itself was looked up once per owner, then read from the registry.
  const lookups = t.github.requests.filter((r) => r.path.endsWith("/installation"));
  assert.deepEqual(lookups.map((r) => r.path), [
    "/users/acme/installation",
    "/users/globex/installation",
  ]);
  // No token or key in the log.
  const logged = JSON.stringify(t.log.entries);
  for (const token of t.github.issued.map((i) => i.token)) assert.ok(!logged.includes(token));
});

Deno.test("app auth: concurrent requests for one owner mint one token", async () => {
  await using t = await setup();
  const tokens = await Promise.all([1, 2, 3, 4].map(() => t.auth.tokenFor("acme", "app")));
  assert.equal(new Set(tokens).size, 1);
  assert.equal(minted(t.github), 1);
});

Deno.test("app auth: no installation → not_found naming the owner and where to install", async () => {
  await using t = await setup();
  const error = await t.auth.tokenFor("initech", "app").catch((e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "not_found");
  assert.equal(error.message, "The GitHub App is not installed on initech");
  assert.equal(
    error.hint,
    "Install it at https://github.example/apps/ci/installations/new and choose the repositories it may use.",
  );
  assert.equal(minted(t.github), 0);
});

Deno.test("app auth: a repository outside the selection → not installed on that repository", async () => {
  await using t = await setup();
  await t.auth.tokenFor("globex", "api");
  const error = await t.auth.tokenFor("globex", "web").catch((e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.message, "The GitHub App is not installed on globex/web");
  // Known from the registry, so GitHub was asked once more before refusing (a repository may
  // have been added while webhooks did not reach us); it still is not there.
  assert.equal(t.github.requests.filter((r) => r.path === "/users/globex/installation").length, 2);

  // Added on GitHub, no webhook: the second look finds it.
  t.github.installations[1].repos = ["globex/api", "globex/web"];
  assert.match(await t.auth.tokenFor("globex", "web"), /^ghs_22_/);
});

Deno.test("app auth: a suspended installation is refused with what to do", async () => {
  await using t = await setup(keys.pkcs8Pem, [{
    id: 11,
    account: "acme",
    repos: "all",
    suspended: true,
  }]);
  const error = await t.auth.tokenFor("acme", "app").catch((e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "forbidden");
  assert.match(error.message, /installation on acme is suspended/);
  assert.equal(minted(t.github), 0);
});

Deno.test("app auth: GitHub's PKCS#1 key and Web Crypto's PKCS#8 key both sign valid JWTs", async () => {
  for (const pem of [keys.pkcs1Pem, keys.pkcs8Pem]) {
    await using t = await setup(pem);
    assert.match(await t.auth.tokenFor("acme", "app"), /^ghs_11_/, pem.split("\n")[0]);
  }
  assert.match(keys.pkcs1Pem, /^-----BEGIN RSA PRIVATE KEY-----/);
});

Deno.test("app auth: a key of another App is refused without showing the key", async () => {
  const other = await generateAppKeys();
  await using t = await setup(other.pkcs8Pem);
  const error = await t.auth.tokenFor("acme", "app").catch((e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "unauthorized");
  assert.match(error.message, /GitHub refused the App's credentials \(GITHUB_APP_ID 1\)/);
  const body = other.pkcs8Pem.split("\n")[1];
  assert.ok(!`${error.message} ${error.hint}`.includes(body));
});

Deno.test("provider with app auth: each request carries its owner's token", async () => {
  await using t = await setup();
  const provider = githubProvider({
    baseUrl: API,
    fetch: t.github.fetch,
    log: t.log,
    appAuth: t.auth,
  });
  assert.equal(await provider.defaultBranch("acme/app"), "main");
  assert.equal(await provider.defaultBranch("globex/api"), "main");
  const calls = t.github.requests.filter((r) => r.path.startsWith("/repos/"));
  const tokenOf = (id: number) =>
    `token ${t.github.issued.find((i) => i.installationId === id)!.token}`;
  assert.deepEqual(calls.map((c) => [c.path, c.authorization]), [
    ["/repos/acme/app", tokenOf(11)],
    ["/repos/globex/api", tokenOf(22)],
  ]);
  await assert.rejects(provider.defaultBranch("initech/app"), /not installed on initech/);
});

Deno.test("provider with app auth: a revoked token is forgotten and replaced once", async () => {
  await using t = await setup();
  const provider = githubProvider({
    baseUrl: API,
    fetch: t.github.fetch,
    log: t.log,
    appAuth: t.auth,
  });
  await provider.defaultBranch("acme/app");
  const revoked = t.github.issued[0].token;
  t.github.revoked.add(revoked);
  assert.equal(await provider.defaultBranch("acme/app"), "main");
  const calls = t.github.requests.filter((r) => r.path === "/repos/acme/app");
  assert.deepEqual(calls.map((c) => c.authorization), [
    `token ${revoked}`,
    `token ${revoked}`,
    `token ${t.github.issued[1].token}`,
  ]);
  // The installation was looked up again too (it may have been reinstalled under a new id).
  assert.equal(t.github.requests.filter((r) => r.path === "/users/acme/installation").length, 2);
  assert.ok(t.log.entries.some((e) => e.msg.includes("refused an installation token")));

  // Refused again after the fresh token: one retry only, then a clear error.
  const replaced = t.github.issued[1].token;
  const revokeAll = t.github.fetch;
  t.github.fetch = (input, init) => {
    for (const i of t.github.issued) t.github.revoked.add(i.token);
    return revokeAll(input, init);
  };
  t.github.revoked.add(replaced);
  const again = githubProvider({
    baseUrl: API,
    fetch: t.github.fetch,
    log: t.log,
    appAuth: t.auth,
  });
  const error = await again.defaultBranch("acme/app").catch((e) => e);
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "unauthorized");
  assert.match(error.message, /refused the App's installation token for acme twice/);
});

Deno.test("request auth: a request naming no repository fails instead of going out bare", async () => {
  const sent: string[] = [];
  const octokit = new Octokit({
    baseUrl: API,
    request: {
      fetch: (input: string) => {
        sent.push(String(input));
        return Promise.resolve(Response.json({}));
      },
    },
  });
  installRequestAuth(
    octokit,
    {
      tokenFor: () => Promise.resolve("ghs_x"),
      forget: () => Promise.resolve(),
    },
    API,
    memoryLogger(),
  );
  await assert.rejects(octokit.request("GET /rate_limit"), (e) => {
    assert.ok(e instanceof CiError);
    assert.equal(e.code, "internal");
    assert.match(e.message, /GET \/rate_limit names no repository/);
    return true;
  });
  assert.deepEqual(sent, []);
  // A next-page URL (no route parameters) still names its repository, below a GHES prefix too.
  const ghes = new Octokit({
    baseUrl: "https://ghe.example/api/v3",
    request: {
      fetch: (input: string, init: RequestInit) => {
        paged.push(`${input} ${new Headers(init.headers).get("authorization")}`);
        return Promise.resolve(Response.json({}));
      },
    },
  });
  const owners: string[] = [];
  const paged: string[] = [];
  installRequestAuth(
    ghes,
    {
      tokenFor: (owner, repo) => {
        owners.push(`${owner}/${repo}`);
        return Promise.resolve(`ghs_${owner}`);
      },
      forget: () => Promise.resolve(),
    },
    "https://ghe.example/api/v3",
    memoryLogger(),
  );
  await ghes.request({
    method: "GET",
    url: "https://ghe.example/api/v3/repos/acme/app/actions/runs?page=2",
  });
  assert.deepEqual(owners, ["acme/app"]);
  assert.equal(paged.length, 1);
  assert.match(paged[0], /\/api\/v3\/repos\/acme\/app\/actions\/runs\?page=2 token ghs_acme$/);
});

Deno.test("app auth: a forgotten owner is looked up again", async () => {
  await using t = await setup();
  await t.auth.tokenFor("acme", "app");
  await t.auth.forget("ACME");
  assert.equal(await installationRegistry(t.store).get("acme"), null);
  const next = await t.auth.tokenFor("acme", "app");
  assert.notEqual(next, t.github.issued[0].token, "the cached token went with it");
});
