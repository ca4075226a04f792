/**
 * The installation registry fed by the App's webhooks, and the route that feeds it: only the
 * App's own secret may change where the App is installed.
 */
import assert from "node:assert/strict";
import { boot } from "../../../src/boot.ts";
import { CiError } from "../../../src/errors.ts";
import { memoryLogger } from "../../../src/log.ts";
import { createInstallationAuth } from "../../../src/providers/github/app_auth.ts";
import {
  applyInstallationEvent,
  installationRegistry,
} from "../../../src/providers/github/installations.ts";
import { openKvStore } from "../../../src/store/kv.ts";
import { fakeGitHubApp, generateAppKeys } from "./app_fixture.ts";

const installation = (selection: "all" | "selected", id = 22, login = "Globex") => ({
  id,
  account: { login },
  repository_selection: selection,
  suspended_at: null,
});

Deno.test("installations: webhook actions keep the registry", async () => {
  const store = await openKvStore(":memory:");
  using _close = { [Symbol.dispose]: () => void store.close() };
  const registry = installationRegistry(store);
  const apply = (event: string, body: unknown) => applyInstallationEvent(registry, event, body);

  await apply("installation", {
    action: "created",
    installation: installation("selected"),
    repositories: [{ full_name: "Globex/API" }],
  });
  assert.deepEqual(await registry.get("globex"), {
    id: 22,
    repos: ["globex/api"],
    suspended: false,
  });
  await apply("installation_repositories", {
    action: "added",
    installation: installation("selected"),
    repository_selection: "selected",
    repositories_added: [{ full_name: "globex/web" }],
    repositories_removed: [],
  });
  await apply("installation_repositories", {
    action: "removed",
    installation: installation("selected"),
    repository_selection: "selected",
    repositories_added: [],
    repositories_removed: [{ full_name: "globex/api" }],
  });
  assert.deepEqual((await registry.get("globex"))?.repos, ["globex/web"]);

  await apply("installation", { action: "suspend", installation: installation("selected") });
  assert.deepEqual(await registry.get("globex"), {
    id: 22,
    repos: ["globex/web"],
    suspended: true,
  });
  await apply("installation", { action: "unsuspend", installation: installation("selected") });
  assert.equal((await registry.get("globex"))?.suspended, false);

  await apply("installation_repositories", {
    action: "added",
    installation: installation("all"),
    repository_selection: "all",
  });
  assert.equal((await registry.get("globex"))?.repos, "all");
  // From "all" to a list: the payload names only what was removed, so ask GitHub next time.
  await apply("installation_repositories", {
    action: "removed",
    installation: installation("selected"),
    repository_selection: "selected",
    repositories_removed: [{ full_name: "globex/web" }],
  });
  assert.equal(await registry.get("globex"), null);

  await apply("installation", { action: "created", installation: installation("all") });
  const ignored = await apply("installation", {
    action: "new_permissions_accepted",
    installation: installation("all"),
  });
  assert.equal(ignored.applied, false);
  await apply("installation", { action: "deleted", installation: installation("all") });
  assert.equal(await registry.get("globex"), null);

  await assert.rejects(
    apply("installation", { action: "created", installation: { id: "x" } }),
    (e) => e instanceof CiError && e.code === "bad_request" && /installation\.id/.test(e.message),
  );
});

Deno.test("installations: a deleted installation stops being used at once", async () => {
  const keys = await generateAppKeys();
  const github = fakeGitHubApp(1, keys.publicKey, [{ id: 11, account: "acme", repos: "all" }]);
  const store = await openKvStore(":memory:");
  using _close = { [Symbol.dispose]: () => void store.close() };
  const auth = createInstallationAuth({
    appId: 1,
    privateKey: keys.pkcs8Pem,
    apiUrl: "https://api.github.example",
    fetch: github.fetch,
    now: github.now,
    log: memoryLogger(),
    store,
  });
  await auth.tokenFor("acme", "app");
  github.installations.length = 0; // uninstalled on GitHub…
  await applyInstallationEvent(installationRegistry(store), "installation", {
    action: "deleted",
    installation: installation("all", 11, "acme"),
  }); // …and the webhook says so: the cached token is not used again.
  await assert.rejects(auth.tokenFor("acme", "app"), /not installed on acme/);
});

async function sign(secret: string, body: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return "sha256=" + Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("webhook route: installation events need the App's secret, not a repository's", async () => {
  const service = await boot({
    KV_PATH: ":memory:",
    GITHUB_WEBHOOK_SECRET: "app-secret",
    GITHUB_WEBHOOK_SECRETS: JSON.stringify({ "acme/app": "repo-secret", "globex/*": "org-secret" }),
  }, { log: memoryLogger() });
  try {
    const registry = installationRegistry(service.deps.store);
    const post = async (event: string, body: unknown, secret: string) => {
      const raw = JSON.stringify(body);
      const res = await service.app.request("/github/webhooks", {
        method: "POST",
        body: raw,
        headers: { "x-github-event": event, "x-hub-signature-256": await sign(secret, raw) },
      });
      return { status: res.status, body: await res.json() };
    };
    const created = {
      action: "created",
      installation: installation("all"),
      repositories: [],
    };
    // Attack: an admin of one repository (or of the owner's hooks) holds its secret; with it
    // they must not be able to say where the App is installed.
    for (const secret of ["repo-secret", "org-secret"]) {
      const forged = await post("installation", created, secret);
      assert.equal(forged.status, 401);
      assert.match(forged.body.error, /App's webhook secret/);
    }
    assert.equal(await registry.get("globex"), null);

    assert.deepEqual(await post("installation", created, "app-secret"), {
      status: 202,
      body: { status: "installation updated" },
    });
    assert.deepEqual(await registry.get("globex"), { id: 22, repos: "all", suspended: false });
    const deleted = { action: "deleted", installation: installation("all") };
    assert.equal((await post("installation", deleted, "org-secret")).status, 401);
    assert.ok(await registry.get("globex"), "a forged deletion changes nothing");
    assert.equal((await post("installation", deleted, "app-secret")).status, 202);
    assert.equal(await registry.get("globex"), null);
    const malformed = await post("installation_repositories", { action: "added" }, "app-secret");
    assert.equal(malformed.status, 400);
  } finally {
    await service.close();
  }
});
