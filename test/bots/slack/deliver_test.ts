import assert from "node:assert/strict";
import { errorToSlack, resilientFetch } from "../../../bots/slack/deliver.ts";
import { CiError } from "../../../src/errors.ts";

function scripted(statuses: Array<[number, Record<string, string>?]>) {
  const seen: string[] = [];
  const fetch = ((_input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(String(init?.body));
    const [status, headers] = statuses.shift() ?? [200];
    return Promise.resolve(new Response(status === 200 ? "ok" : "busy", { status, headers }));
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

Deno.test("resilientFetch honours Retry-After on 429 and retries 5xx within the attempt budget", async () => {
  const waits: number[] = [];
  const { fetch, seen } = scripted([[429, { "retry-after": "2" }], [502], [200]]);
  const f = resilientFetch(fetch, {
    attempts: 3,
    sleep: (ms) => (waits.push(ms), Promise.resolve()),
  });
  const res = await f("http://127.0.0.1:1/response/x", { method: "POST", body: '{"a":1}' });
  assert.equal(res.status, 200);
  assert.deepEqual(waits, [2000, 1000]);
  assert.deepEqual(seen, ['{"a":1}', '{"a":1}', '{"a":1}']);
});

Deno.test("resilientFetch gives up after the budget, and never retries a 4xx or a long Retry-After", async () => {
  const sleep = () => Promise.resolve();
  const down = scripted([[503], [503], [503], [503]]);
  const res = await resilientFetch(down.fetch, { attempts: 2, sleep })("http://h/x", {
    method: "POST",
  });
  assert.equal(res.status, 503);
  assert.equal(down.seen.length, 2);
  const bad = scripted([[400]]);
  assert.equal((await resilientFetch(bad.fetch, { sleep })("http://h/x")).status, 400);
  assert.equal(bad.seen.length, 1);
  const slow = scripted([[429, { "retry-after": "3600" }]]);
  assert.equal((await resilientFetch(slow.fetch, { sleep })("http://h/x")).status, 429);
  assert.equal(slow.seen.length, 1);
});

Deno.test("resilientFetch turns a hung call into a timeout CiError", async () => {
  const hang =
    ((_i: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason))
      )) as typeof fetch;
  await assert.rejects(
    resilientFetch(hang, { timeoutMs: 20 })("http://h/x"),
    (e) => e instanceof CiError && e.code === "timeout" && /within 20 ms/.test(e.message),
  );
});

Deno.test("errorToSlack: upstream is explained with its hint, internal hides its text, secrets never show", () => {
  const upstream = errorToSlack(
    new CiError("upstream", "GitHub is failing (502) after 3 attempts"),
  );
  assert.equal(upstream.response_type, "ephemeral");
  assert.match(
    upstream.text,
    /GitHub is failing \(502\) after 3 attempts — Try again in a minute\./,
  );
  const internal = errorToSlack(new TypeError("x is undefined at /srv/app.ts:12"), "req-9");
  assert.doesNotMatch(JSON.stringify(internal), /undefined|app\.ts/);
  assert.match(internal.text, /Reference: req-9/);
  const leaky = errorToSlack(
    new CiError("unauthorized", "Token xoxb-123-abc was rejected; Bearer ghp_abcdef too", {
      hint: "Check github_pat_11AAA",
    }),
  );
  const json = JSON.stringify(leaky);
  for (const secret of ["xoxb-123-abc", "ghp_abcdef", "github_pat_11AAA"]) {
    assert.ok(!json.includes(secret), secret);
  }
  assert.match(leaky.text, /\[redacted\] was rejected/);
});

Deno.test("a hint with a code block is not wrapped in italics; a one-line hint is", () => {
  const refusal = errorToSlack(
    new CiError("forbidden", "test on acme/app needs the operator role", {
      hint: "An admin can allow it with a grant such as:\n```\ngrants:\n  - role: operator\n```",
    }),
  );
  const text = (refusal.blocks[0] as { text: { text: string } }).text.text;
  assert.match(text, /\*What to do:\*\nAn admin can allow it with a grant such as:\n```\ngrants:/);
  assert.doesNotMatch(text, /_An admin|```_/);
  // The notification text is one line of words, without the fence.
  assert.equal(
    refusal.text,
    ":warning: Not allowed: test on acme/app needs the operator role — An admin can allow it " +
      "with a grant such as: grants: - role: operator",
  );
  const short = errorToSlack(new CiError("not_found", "No such run", { hint: "Check the id." }));
  assert.match((short.blocks[0] as { text: { text: string } }).text.text, /\n_Check the id\._$/);
});
