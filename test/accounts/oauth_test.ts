/** The OAuth client's wire details with a recording `fetch`: hosts, headers, timeouts. */
import assert from "node:assert/strict";
import { createOAuthClient, OAuthRefusedError, slowerInterval } from "../../src/accounts/oauth.ts";
import { CiError } from "../../src/errors.ts";

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

function client(answer: (seen: Seen) => Response | Promise<Response>, timeoutMs?: number) {
  const seen: Seen[] = [];
  const fake: typeof fetch = async (input, init) => {
    const s = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: String(init?.body ?? ""),
    };
    seen.push(s);
    const signal = init?.signal;
    return await Promise.race([
      Promise.resolve(answer(s)),
      new Promise<never>((_, reject) =>
        signal?.addEventListener("abort", () => reject(signal.reason))
      ),
    ]);
  };
  const oauth = createOAuthClient({
    clientId: "Iv1.test",
    clientSecret: "s3cret",
    apiUrl: "https://ghe.example/api/v3",
    webUrl: "https://login.ghe.example",
    fetch: fake,
    now: () => new Date("2026-11-24T10:00:00Z"),
    timeoutMs,
  });
  return { oauth, seen };
}

Deno.test("oauth: OAuth calls go to the web URL, API calls to the API URL, all asking for JSON", async () => {
  const { oauth, seen } = client((s) => {
    if (s.url.endsWith("/device/code")) {
      return Response.json({
        device_code: "dc",
        user_code: "ABCD-1234",
        verification_uri: "https://login.ghe.example/login/device",
        expires_in: 900,
        interval: 5,
      });
    }
    if (s.url.endsWith("/access_token")) {
      return Response.json({
        access_token: "ghu_a",
        refresh_token: "ghr_r",
        expires_in: 28800,
        refresh_token_expires_in: 15897600,
      });
    }
    if (s.url.endsWith("/user")) return Response.json({ login: "alice" });
    return new Response(null, { status: 204 });
  });
  assert.equal((await oauth.requestDeviceCode()).userCode, "ABCD-1234");
  const grant = await oauth.refresh("ghr_old");
  assert.deepEqual(grant, {
    accessToken: "ghu_a",
    refreshToken: "ghr_r",
    expiresAt: "2026-11-24T18:00:00.000Z",
    refreshExpiresAt: "2027-05-27T10:00:00.000Z", // 184 days
  });
  assert.equal(await oauth.user("ghu_a"), "alice");
  await oauth.revoke("ghu_a");
  assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), [
    "POST https://login.ghe.example/login/device/code",
    "POST https://login.ghe.example/login/oauth/access_token",
    "GET https://ghe.example/api/v3/user",
    "DELETE https://ghe.example/api/v3/applications/Iv1.test/token",
  ]);
  for (const s of seen) assert.equal(s.headers.get("accept"), "application/json");
  assert.deepEqual(Object.fromEntries(new URLSearchParams(seen[1].body)), {
    client_id: "Iv1.test",
    client_secret: "s3cret",
    grant_type: "refresh_token",
    refresh_token: "ghr_old",
  });
  assert.equal(seen[2].headers.get("authorization"), "Bearer ghu_a");
  assert.equal(seen[3].headers.get("authorization"), `Basic ${btoa("Iv1.test:s3cret")}`);
  assert.deepEqual(JSON.parse(seen[3].body), { access_token: "ghu_a" });
  assert.equal(
    oauth.authorizeUrl("https://ci.example/auth/github/callback", "v1.x.y"),
    "https://login.ghe.example/login/oauth/authorize?client_id=Iv1.test&redirect_uri=" +
      "https%3A%2F%2Fci.example%2Fauth%2Fgithub%2Fcallback&state=v1.x.y",
  );
});

Deno.test("oauth: device poll answers map to pending, slow_down, expired, denied", async () => {
  const answers = [
    { error: "authorization_pending" },
    { error: "slow_down", interval: 10 },
    { error: "expired_token" },
    { error: "access_denied" },
  ];
  const { oauth } = client(() => Response.json(answers.shift()));
  assert.deepEqual(await oauth.pollDeviceCode("dc"), { kind: "pending" });
  assert.deepEqual(await oauth.pollDeviceCode("dc"), { kind: "slow_down", interval: 10 });
  assert.deepEqual(await oauth.pollDeviceCode("dc"), { kind: "expired" });
  assert.deepEqual(await oauth.pollDeviceCode("dc"), { kind: "denied" });
  assert.equal(slowerInterval(5, 0), 10);
  assert.equal(slowerInterval(5, 15), 15);
});

Deno.test("oauth: a refusal is typed; a 5xx is upstream; a hung call times out", async () => {
  const refused = client(() =>
    Response.json({ error: "bad_refresh_token", error_description: "expired" })
  );
  await assert.rejects(() => refused.oauth.refresh("ghr_secret"), (e: unknown) => {
    assert.ok(e instanceof OAuthRefusedError);
    assert.equal(e.oauthError, "bad_refresh_token");
    assert.ok(!e.message.includes("ghr_secret"));
    return true;
  });
  const down = client(() => new Response("<html>", { status: 502 }));
  await assert.rejects(
    () => down.oauth.user("ghu_x"),
    (e: unknown) => e instanceof CiError && e.code === "upstream",
  );
  const hung = client(() => new Promise<Response>(() => {}), 20);
  await assert.rejects(
    () => hung.oauth.requestDeviceCode(),
    (e: unknown) => e instanceof CiError && e.code === "timeout",
  );
  const revoked = client(() => new Response(null, { status: 401 }));
  await assert.rejects(() => revoked.oauth.user("ghu_x"), OAuthRefusedError);
});
