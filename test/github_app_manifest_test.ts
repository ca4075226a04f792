/**
 * `deno task github:app-manifest`: the manifest's fields and URLs come from PUBLIC_URL; without
 * it the task names the variable and exits 2; `--help` needs no environment.
 */
import assert from "node:assert/strict";
import { buildAppManifest, runManifestTask } from "../src/github_app_manifest.ts";

function run(args: string[], env: { PUBLIC_URL?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runManifestTask(args, env, (t) => out.push(t), (t) => err.push(t));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("app manifest: fields, permissions and URLs from PUBLIC_URL", () => {
  const { code, out } = run([], { PUBLIC_URL: "https://ci.acme.example/" });
  assert.equal(code, 0);
  const manifest = JSON.parse(out);
  assert.deepEqual(manifest, {
    name: "ci-orchestrator",
    url: "https://ci.acme.example",
    description: "Drives GitHub Actions from Slack, Discord, Teams, Copilot and MCP.",
    hook_attributes: { url: "https://ci.acme.example/github/webhooks", active: true },
    redirect_url: "https://ci.acme.example",
    callback_urls: ["https://ci.acme.example/auth/github/callback"],
    public: false,
    request_oauth_on_install: false,
    default_permissions: {
      actions: "write",
      contents: "write",
      pull_requests: "write",
      metadata: "read",
      checks: "read",
    },
    default_events: ["workflow_run", "workflow_job"],
  });
  assert.equal(
    JSON.parse(run(["--name", "acme-ci"], { PUBLIC_URL: "https://x.example" }).out).name,
    "acme-ci",
  );
  assert.equal(
    buildAppManifest("https://x.example/ci").hook_attributes.url,
    "https://x.example/ci/github/webhooks",
    "a path prefix is kept",
  );
});

Deno.test("app manifest: without PUBLIC_URL, or with a bad one, exit 2 naming it", () => {
  for (const env of [{}, { PUBLIC_URL: "  " }]) {
    const { code, out, err } = run([], env);
    assert.equal(code, 2);
    assert.equal(out, "");
    assert.match(err, /PUBLIC_URL is not set/);
  }
  const bad = run([], { PUBLIC_URL: "ci.acme.example" });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /PUBLIC_URL must be an http\(s\) URL: current value is 'ci.acme.example'/);
  const unknown = run(["--bogus"], { PUBLIC_URL: "https://x.example" });
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Unknown option or missing value: '--bogus'/);
});

Deno.test("app manifest: --help prints usage without any environment", async () => {
  const { code, out } = run(["--help"], {});
  assert.equal(code, 0);
  assert.match(out, /^Usage: deno task github:app-manifest/);
  // The task itself, as deno.json runs it: no env permission is needed for --help.
  const child = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env=PUBLIC_URL", "src/github_app_manifest.ts", "--help"],
    env: { PUBLIC_URL: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(child.code, 0);
  assert.match(new TextDecoder().decode(child.stdout), /PUBLIC_URL\/github\/webhooks/);
  const missing = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env=PUBLIC_URL", "src/github_app_manifest.ts"],
    env: { PUBLIC_URL: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(missing.code, 2);
  assert.match(new TextDecoder().decode(missing.stderr), /PUBLIC_URL is not set/);
});
