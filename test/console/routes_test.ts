/**
 * The console's routes under attack first: off unless switched on, no or a wrong token → 401,
 * a cross-site or token-less POST refused before anything runs, crafted text escaped; then a
 * real `analyze` over the simulator drawn four ways.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { boot } from "../../src/boot.ts";
import { CiError } from "../../src/errors.ts";
import { memoryLogger } from "../../src/log.ts";
import { registerConsole } from "../../src/console/routes.ts";
import { csrfOf, startConsole } from "./harness.ts";
import { startGitHubSim } from "../sim/github.ts";
import { HISTORY_CI } from "../sim/github_history.ts";

const TOKEN = "console-test-token-0123456789abcdef";
const bearer = { authorization: `Bearer ${TOKEN}` };
const basic = (password: string) => ({ authorization: `Basic ${btoa(`anyone:${password}`)}` });

async function form(base: string, q: string, headers: Record<string, string>, csrf?: string) {
  const body = new URLSearchParams({ q, ...(csrf === undefined ? {} : { csrf }) });
  const res = await fetch(`${base}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

Deno.test("console: off by default, and its routes say how to switch it on", async () => {
  const service = await boot({ KV_PATH: ":memory:" }, { log: memoryLogger() });
  try {
    const res = await service.app.request("/");
    assert.equal(res.status, 404);
    assert.match((await res.json()).error, /CONSOLE=on/);
  } finally {
    await service.close();
  }
});

Deno.test("console: on outside demo mode without CONSOLE_TOKEN refuses to start", () => {
  assert.throws(
    () =>
      registerConsole(
        new Hono(),
        {
          settings: { on: true, demo: false },
        } as Parameters<typeof registerConsole>[1],
      ),
    (e: unknown) => e instanceof CiError && e.code === "config" && /CONSOLE_TOKEN/.test(e.message),
  );
});

Deno.test("console: no token or a wrong one is 401 with a Basic challenge", async () => {
  await using env = await startConsole({ CONSOLE: "on", CONSOLE_TOKEN: TOKEN });
  for (
    const headers of [
      {},
      { authorization: "Bearer wrong-token" },
      { authorization: `Bearer ${TOKEN}x` },
      basic("wrong"),
      { authorization: "Basic !!!" },
    ]
  ) {
    const page = await fetch(`${env.base}/`, { headers });
    assert.equal(page.status, 401, JSON.stringify(headers));
    assert.match(page.headers.get("www-authenticate") ?? "", /^Basic realm=/);
    assert.doesNotMatch(await page.text(), /name="csrf"/);
    const job = await fetch(`${env.base}/console/jobs/abc`, { headers });
    assert.equal(job.status, 401);
    await job.body?.cancel();
    const run = await form(env.base, "help", headers, "anything");
    assert.equal(run.status, 401);
  }
  const ok = await fetch(`${env.base}/`, { headers: basic(TOKEN) });
  assert.equal(ok.status, 200);
  assert.match(
    ok.headers.get("content-security-policy") ?? "",
    /^default-src 'none'.*img-src 'self'/,
  );
  assert.match(await ok.text(), /<form method="post" action="\/">/);
});

Deno.test("console: a cross-site or token-less POST runs nothing", async () => {
  await using env = await startConsole({ CONSOLE: "on", CONSOLE_TOKEN: TOKEN });
  const csrf = csrfOf(await (await fetch(`${env.base}/`, { headers: bearer })).text());
  const refused = [
    await form(env.base, "help", { ...bearer, "sec-fetch-site": "cross-site" }, csrf),
    await form(env.base, "help", { ...bearer, "sec-fetch-site": "same-site" }, csrf),
    await form(env.base, "help", { ...bearer, origin: "https://evil.example" }, csrf),
    await form(env.base, "help", bearer),
    await form(env.base, "help", bearer, `${csrf}x`),
  ];
  for (const r of refused) {
    assert.equal(r.status, 403, r.text.slice(0, 300));
    assert.doesNotMatch(r.text, /class="pane"/);
  }
  // The same form from the console itself runs.
  const ok = await form(env.base, "help", { ...bearer, "sec-fetch-site": "same-origin" }, csrf);
  assert.equal(ok.status, 200);
  assert.equal((ok.text.match(/<section class="pane"/g) ?? []).length, 4, ok.text.slice(0, 500));
});

Deno.test("console: crafted text is escaped in the form and the reply", async () => {
  await using env = await startConsole({ CONSOLE: "on", CONSOLE_TOKEN: TOKEN });
  const csrf = csrfOf(await (await fetch(`${env.base}/`, { headers: bearer })).text());
  const q = `analyze repo:"><script>alert(1)</script> **b** [x](javascript:alert(1))`;
  const r = await form(env.base, q, bearer, csrf);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /<script/i);
  assert.doesNotMatch(r.text, /href="javascript:/i);
  assert.match(r.text, /value="&quot;&gt;&lt;script&gt;|&lt;script&gt;/);
  const prefilled = await (await fetch(`${env.base}/?q=${encodeURIComponent(q)}`, {
    headers: bearer,
  })).text();
  assert.doesNotMatch(prefilled, /<script/i);
  assert.ok(prefilled.includes(`value="analyze repo:&quot;&gt;&lt;script&gt;`), prefilled);
});

Deno.test("console: analyze over the simulator, the regression named in every pane", async () => {
  await using env = await startConsole({ CONSOLE: "on", CONSOLE_TOKEN: TOKEN });
  const csrf = csrfOf(await (await fetch(`${env.base}/`, { headers: bearer })).text());
  const r = await form(env.base, "analyze repo:acme/app", bearer, csrf);
  assert.equal(r.status, 200);
  const panes = r.text.split('<section class="pane"').slice(1);
  assert.equal(panes.length, 4);
  for (const pane of panes) {
    assert.match(pane, /ci\.yml is \d+% slower since run #\d+/, pane.slice(0, 2000));
    assert.match(pane, /integration/);
  }
  const link = /<a href="(\/reports\/[A-Za-z0-9_-]+)">Full report page<\/a>/.exec(r.text);
  assert.ok(link, "a link to the report page");
  const page = await fetch(`${env.base}${link[1]}`);
  assert.equal(page.status, 200);
  await page.body?.cancel();
});

Deno.test("console: the form token is the same on every instance with one CONSOLE_TOKEN", async () => {
  const tokenOf = async (token: string) => {
    const app = new Hono();
    registerConsole(
      app,
      {
        settings: { on: true, demo: false, token },
        newId: () => crypto.randomUUID(),
      } as Parameters<typeof registerConsole>[1],
    );
    const res = await app.request("/", { headers: { authorization: `Bearer ${token}` } });
    return csrfOf(await res.text());
  };
  const [a, b, other] = await Promise.all([tokenOf(TOKEN), tokenOf(TOKEN), tokenOf(`${TOKEN}2`)]);
  assert.equal(a, b);
  assert.notEqual(a, other);
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.ok(!a.includes(TOKEN));
});

Deno.test("attack: DEMO=on in the environment of a real service opens no console", async () => {
  await using env = await startConsole({ DEMO: "on" });
  const page = await fetch(`${env.base}/`);
  await page.body?.cancel();
  assert.equal(page.status, 404);
});

Deno.test("attack: free text that would dispatch runs is shown back, never run", async () => {
  const sim = await startGitHubSim({ token: "ghs_consoleFreeTextToken" });
  sim.state.addRepo("acme/app", { files: { ".github/workflows/ci.yml": HISTORY_CI } });
  // Demo mode acts as the local operator, the most a console user can be.
  await using env = await startConsole({}, {
    demo: true,
    github: sim,
    token: "ghs_consoleFreeTextToken",
  });
  const csrf = csrfOf(await (await fetch(`${env.base}/`)).text());
  const r = await form(
    env.base,
    "please run the tests for acme/app with python 3.11 and 3.12",
    { "sec-fetch-site": "same-origin" },
    csrf,
  );
  assert.equal(r.status, 200);
  assert.match(r.text, /Understood as: test repo:acme\/app/);
  assert.match(r.text, /Nothing has run yet/);
  assert.deepEqual(sim.requests.filter((q) => q.method !== "GET"), []);
});
