import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { memoryLogger } from "../../src/log.ts";
import { accessDenial } from "../../src/policy/access.ts";
import type { RepoAccess } from "../../src/policy/repo_access.ts";
import { createGitHubAccess } from "../../src/policy/github_access.ts";
import { loadPolicy } from "../../src/policy/load.ts";

/** A fake GitHub answering `GET /repos/o/r` per repository, recording what it was asked. */
function fakeGitHub(answers: Record<string, Response | (() => Response)>) {
  const asked: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    const token = new Headers(init?.headers).get("authorization") ?? "";
    asked.push(`${url.pathname} ${token}`);
    const answer = answers[url.pathname.replace(/^\/api\/repos\//, "")];
    const response = typeof answer === "function" ? answer() : answer;
    return Promise.resolve(response ?? Response.json({ message: "Not Found" }, { status: 404 }));
  };
  return { asked, fetchFn };
}

const repoWith = (push: boolean) => () =>
  Response.json({ full_name: "x", permissions: { admin: false, push, pull: true } });

Deno.test("github access: visibility and push from the caller's own token, cached briefly", async () => {
  const gh = fakeGitHub({ "acme/app": repoWith(false), "acme/lib": repoWith(true) });
  const clock = { ms: 0 };
  const log = memoryLogger();
  const accessFor = createGitHubAccess({
    apiUrl: "https://ghe.example/api/",
    fetch: gh.fetchFn,
    now: () => new Date(clock.ms),
    log,
    ttlMs: 1_000,
  });
  const mine = accessFor("gho_mine");
  assert.equal(await mine.permission("acme/app"), "read");
  assert.equal(await mine.permission("acme/lib"), "write");
  assert.equal(await mine.permission("acme/secret"), "none");
  assert.deepEqual(gh.asked, [
    "/api/repos/acme/app Bearer gho_mine",
    "/api/repos/acme/lib Bearer gho_mine",
    "/api/repos/acme/secret Bearer gho_mine",
  ]);
  clock.ms = 900;
  assert.equal(await mine.permission("ACME/App"), "read", "cached, case-insensitively");
  assert.equal(gh.asked.length, 3);
  assert.equal(await accessFor("gho_other").permission("acme/app"), "read");
  assert.equal(gh.asked.length, 4, "another token is another cache entry");
  clock.ms = 1_100;
  await mine.permission("acme/app");
  assert.equal(gh.asked.length, 5, "asked again after the cache time");
  assert.doesNotMatch(JSON.stringify(log.entries), /gho_/);
});

Deno.test("github access: odd names are never visible and never reach GitHub", async () => {
  const gh = fakeGitHub({});
  const access = createGitHubAccess({
    apiUrl: "https://api.github.com",
    fetch: gh.fetchFn,
    now: () => new Date(0),
    log: memoryLogger(),
  })("gho_x");
  for (const repo of ["acme/..", "acme/.", "gitlab:group/app", "a/b/c", "acme"]) {
    assert.equal(await access.permission(repo), "none", repo);
  }
  assert.equal(gh.asked.length, 0);
});

Deno.test("github access: a dead token, a rate limit and an outage are errors, not 'hidden'", async () => {
  const gh = fakeGitHub({
    "a/dead": () => Response.json({ message: "Bad credentials" }, { status: 401 }),
    "a/limited": () =>
      Response.json({ message: "rate limit" }, {
        status: 403,
        headers: { "x-ratelimit-remaining": "0" },
      }),
    "a/down": () => new Response("oops", { status: 503 }),
    "a/forbidden": () => Response.json({ message: "SAML" }, { status: 403 }),
  });
  const access = createGitHubAccess({
    apiUrl: "https://ghe.example/api",
    fetch: gh.fetchFn,
    now: () => new Date(0),
    log: memoryLogger(),
  })("gho_x");
  const code = (expected: string) => (e: unknown) => e instanceof CiError && e.code === expected;
  await assert.rejects(access.permission("a/dead"), code("unauthorized"));
  await assert.rejects(access.permission("a/limited"), code("upstream"));
  await assert.rejects(access.permission("a/down"), code("upstream"));
  assert.equal(await access.permission("a/forbidden"), "none");
});

Deno.test("accessDenial: hidden → not_found; changes need push or a grant by name", async () => {
  const access = (permission: "none" | "read" | "write"): RepoAccess => ({
    permission: () => Promise.resolve(permission),
  });
  const who = { surface: "copilot" as const, userId: "octocat" };
  const test = { op: "test" as const, repo: "acme/app" };
  const check = {
    policy: null,
    who,
    intent: test,
    repo: "acme/app",
    required: "operator" as const,
    changes: true,
  };
  const hidden = await accessDenial({ ...check, access: access("none") });
  assert.equal(hidden?.code, "not_found");
  assert.match(hidden?.message ?? "", /not found or not visible to your GitHub account/);
  assert.equal((await accessDenial({ ...check, access: access("read") }))?.code, "forbidden");
  assert.equal(await accessDenial({ ...check, access: access("write") }), null);
  assert.equal(await accessDenial({ ...check, access: access("read"), changes: false }), null);
  const named = loadPolicy(
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["github:octocat"]\n`,
    "p.yml",
  );
  assert.equal(await accessDenial({ ...check, policy: named, access: access("read") }), null);
  const everyone = loadPolicy(
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    everyone: true\n`,
    "p.yml",
  );
  assert.equal(
    (await accessDenial({ ...check, policy: everyone, access: access("read") }))?.code,
    "forbidden",
  );
});

Deno.test("github access: GitHub's permissions object becomes one level, strongest first", async () => {
  const body = (permissions?: Record<string, boolean>) => () =>
    Response.json({ full_name: "x", ...(permissions ? { permissions } : {}) });
  const all = (upTo: number) => {
    const names = ["pull", "triage", "push", "maintain", "admin"];
    return Object.fromEntries(names.map((n, i) => [n, i <= upTo]));
  };
  const gh = fakeGitHub({
    "a/pull": body(all(0)),
    "a/triage": body(all(1)),
    "a/push": body(all(2)),
    "a/maintain": body(all(3)),
    "a/admin": body(all(4)),
    "a/bare": body(),
    "a/odd": body({ admin: true, pull: false }),
  });
  const access = createGitHubAccess({
    apiUrl: "https://ghe.example/api",
    fetch: gh.fetchFn,
    now: () => new Date(0),
    log: memoryLogger(),
  })("gho_x");
  const expected = {
    "a/pull": "read",
    "a/triage": "triage",
    "a/push": "write",
    "a/maintain": "maintain",
    "a/admin": "admin",
    "a/bare": "read",
    "a/odd": "admin",
  };
  for (const [repo, level] of Object.entries(expected)) {
    assert.equal(await access.permission(repo), level, repo);
  }
});
