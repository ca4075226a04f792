import assert from "node:assert/strict";
import { API_KEY_USER, createBearerAuth } from "../../../copilot/mcp/auth.ts";
import { CiError } from "../../../src/errors.ts";
import { memoryLogger } from "../../../src/log.ts";

const KEY = "mcp-key-abcdef";

/** A fake GitHub `/user` recording the tokens it was asked about. */
function fakeGitHub(users: Record<string, string>, status?: number) {
  const asked: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    const url = String(input);
    const token = new Headers(init?.headers).get("authorization")?.replace(/^Bearer /, "") ?? "";
    asked.push(`${url} ${token}`);
    if (status) return Promise.resolve(new Response("oops", { status }));
    const login = users[token];
    return Promise.resolve(
      login
        ? Response.json({ login })
        : Response.json({ message: "Bad credentials" }, { status: 401 }),
    );
  };
  return { asked, fetchFn };
}

function authWith(
  fetchFn: typeof fetch,
  clock = { ms: 0 },
  apiKey: string | null = KEY,
  githubTokens = true,
) {
  const log = memoryLogger();
  const auth = createBearerAuth({
    apiKey: apiKey ?? undefined,
    githubTokens,
    githubApiUrl: "https://ghe.example/api/v3/",
    fetch: fetchFn,
    log,
    now: () => new Date(clock.ms),
    cacheMs: 1_000,
  });
  return { auth, log };
}

const code = (expected: string) => (error: unknown) =>
  error instanceof CiError && error.code === expected;

Deno.test("the API key is recognised without asking GitHub", async () => {
  const gh = fakeGitHub({});
  const { auth } = authWith(gh.fetchFn);
  assert.deepEqual(await auth(`Bearer ${KEY}`), { userId: API_KEY_USER, via: "mcp-key" });
  assert.deepEqual(await auth(`bearer  ${KEY}`), { userId: API_KEY_USER, via: "mcp-key" });
  assert.equal(gh.asked.length, 0);
});

Deno.test("a GitHub token is checked at GET /user and cached for a while", async () => {
  const gh = fakeGitHub({ gho_alice: "Alice" });
  const clock = { ms: 0 };
  const { auth, log } = authWith(gh.fetchFn, clock);
  const alice = await auth("Bearer gho_alice");
  assert.deepEqual([alice.userId, alice.via], ["Alice", "github"]);
  assert.ok(alice.access, "a GitHub caller carries what its own token reaches");
  assert.deepEqual(gh.asked, ["https://ghe.example/api/v3/user gho_alice"]);
  clock.ms = 900;
  assert.equal((await auth("Bearer gho_alice")).userId, "Alice");
  assert.equal(gh.asked.length, 1, "cached");
  clock.ms = 1_100;
  assert.equal((await auth("Bearer gho_alice")).userId, "Alice");
  assert.equal(gh.asked.length, 2, "asked again after the cache time");
  assert.doesNotMatch(JSON.stringify(log.entries), /gho_alice/);
});

Deno.test("missing, malformed and unknown tokens are unauthorized", async () => {
  const gh = fakeGitHub({});
  const { auth } = authWith(gh.fetchFn);
  await assert.rejects(auth(null), code("unauthorized"));
  await assert.rejects(auth(`Basic ${btoa("a:b")}`), code("unauthorized"));
  await assert.rejects(auth("Bearer "), code("unauthorized"));
  await assert.rejects(auth(`Bearer ${KEY}x`), code("unauthorized"));
  assert.equal(gh.asked.length, 1, "only the well-formed wrong token reached GitHub");
});

Deno.test("without an API key only GitHub tokens work", async () => {
  const gh = fakeGitHub({ gho_bob: "bob" });
  const { auth } = authWith(gh.fetchFn, { ms: 0 }, null);
  assert.equal((await auth("Bearer gho_bob")).userId, "bob");
  await assert.rejects(auth(`Bearer ${KEY}`), code("unauthorized"));
});

Deno.test("without MCP=on a GitHub token is refused without asking GitHub", async () => {
  const gh = fakeGitHub({ gho_bob: "bob" });
  const { auth } = authWith(gh.fetchFn, { ms: 0 }, KEY, false);
  await assert.rejects(
    auth("Bearer gho_bob"),
    (e: unknown) => code("unauthorized")(e) && /MCP=on/.test((e as CiError).hint ?? ""),
  );
  assert.equal((await auth(`Bearer ${KEY}`)).via, "mcp-key");
  assert.equal(gh.asked.length, 0);
});

Deno.test("a GitHub user named like the API key identity is refused", async () => {
  const gh = fakeGitHub({ gho_sneaky: "API-Key" });
  const { auth } = authWith(gh.fetchFn);
  await assert.rejects(auth("Bearer gho_sneaky"), code("forbidden"));
});

Deno.test("a GitHub outage is an upstream error, not a refusal", async () => {
  const gh = fakeGitHub({}, 503);
  const { auth } = authWith(gh.fetchFn);
  await assert.rejects(
    auth("Bearer gho_x"),
    (e: unknown) => code("upstream")(e) && /503/.test((e as Error).message),
  );
});
