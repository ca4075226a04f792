import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { loadPolicy } from "../../src/policy/load.ts";
import { pullRequestRole } from "../../src/policy/pull_requests.ts";

const GRANT = 'grants:\n  - repos: ["acme/*"]\n    role: operator\n    everyone: true\n';

Deno.test("pullRequests: admin by default, the first matching rule otherwise", () => {
  assert.equal(pullRequestRole(loadPolicy(GRANT, "p.yml").pullRequests, "acme/web"), "admin");
  const policy = loadPolicy(
    GRANT +
      'pullRequests:\n  - repos: ["acme/web"]\n    requireRole: operator\n' +
      '  - repos: ["acme/*", "tools/*"]\n    requireRole: admin\n',
    "p.yml",
  );
  assert.equal(pullRequestRole(policy.pullRequests, "Acme/Web"), "operator");
  assert.equal(pullRequestRole(policy.pullRequests, "acme/api"), "admin");
  assert.equal(pullRequestRole(policy.pullRequests, "other/x"), "admin");
  assert.equal(pullRequestRole(policy.pullRequests, undefined), "admin");
});

Deno.test("pullRequests: unknown keys and bad roles are named with their line", () => {
  const error = (() => {
    try {
      loadPolicy(GRANT + "pullRequests:\n  - repos: [acme/web]\n    role: operator\n", "p.yml");
    } catch (e) {
      return e as CiError;
    }
    throw new Error("accepted");
  })();
  assert.match(
    error.message,
    /pullRequests\[0\]\.role \(line 7\): unknown key \(allowed here: repos, requireRole\)/,
  );
  assert.throws(
    () =>
      loadPolicy(
        GRANT + "pullRequests:\n  - repos: [acme/web]\n    requireRole: owner\n",
        "p.yml",
      ),
    /pullRequests\[0\]\.requireRole \(line 7\): must be one of viewer, operator, admin/,
  );
});
