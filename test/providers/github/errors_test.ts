import assert from "node:assert/strict";
import { CiError } from "../../../src/errors.ts";
import { GitHubTimeoutError } from "../../../src/providers/github/client.ts";
import { toProviderError } from "../../../src/providers/github/errors.ts";

const context = {
  action: "list the workflows of acme/app",
  subject: "Repository acme/app",
  token: "ghp_secret123",
  retries: 3,
  now: new Date("2026-11-24T10:00:00Z"),
};

function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(String((data as { message?: string }).message)), {
    status,
    response: { status, headers, data },
  });
}

Deno.test("toProviderError maps HTTP statuses to error codes", () => {
  const cases: Array<[number, string]> = [
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "bad_request"],
    [422, "bad_request"],
    [502, "upstream"],
  ];
  for (const [status, code] of cases) {
    const error = toProviderError(httpError(status, { message: "m" }, { a: "b" }), context);
    assert.equal(error.code, code, `status ${status}`);
    assert.ok(error.cause);
  }
});

Deno.test("toProviderError states when a primary rate limit resets", () => {
  const reset = String(Date.parse("2026-11-24T10:30:00Z") / 1000);
  const error = toProviderError(
    httpError(403, { message: "API rate limit exceeded" }, {
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": reset,
    }),
    context,
  );
  assert.equal(error.code, "rate_limited");
  assert.match(error.message, /resets at 2026-11-24T10:30:00.000Z \(in 30 min\)/);
});

Deno.test("toProviderError scrubs the token from anything GitHub echoed", () => {
  const error = toProviderError(
    httpError(403, { message: "token ghp_secret123 lacks scope" }),
    context,
  );
  assert.equal(error.code, "forbidden");
  assert.ok(!error.message.includes("ghp_secret123"));
  assert.match(error.message, /\[redacted\] lacks scope/);
});

Deno.test("toProviderError maps timeouts and keeps CiErrors as they are", () => {
  const timeout = toProviderError(new GitHubTimeoutError(100, "GET /x"), context);
  assert.equal(timeout.code, "timeout");
  assert.match(timeout.message, /within 100 ms while trying to list the workflows/);
  const original = new CiError("bad_request", "kept");
  assert.equal(toProviderError(original, context), original);
});

Deno.test("toProviderError reports an unreachable GitHub as upstream", () => {
  const network = Object.assign(new Error("Connection refused"), { status: 500 });
  const error = toProviderError(network, context);
  assert.equal(error.code, "upstream");
  assert.equal(
    error.message,
    "Could not reach GitHub to list the workflows of acme/app: Connection refused",
  );
});

Deno.test("toProviderError includes a 422's detailed errors, not only 'Validation Failed'", () => {
  const error = toProviderError(
    httpError(422, {
      message: "Validation Failed",
      errors: [{
        resource: "PullRequest",
        code: "custom",
        message: "A pull request already exists for acme:ci-orchestrator/optimize-1.",
      }],
    }),
    { ...context, action: "open a pull request in acme/app" },
  );
  assert.equal(error.code, "bad_request");
  assert.match(error.message, /Validation Failed: A pull request already exists for acme:/);
});
