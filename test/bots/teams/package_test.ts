/**
 * `deno task teams:package`: the package holds the manifest with the bot id and PUBLIC_URL's
 * host (no placeholder domain), refuses clearly without either (exit 2), and `--help` needs no
 * environment.
 */
import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { buildPackage, runPackageTask } from "../../../bots/teams/package.ts";
import { ManifestSchema } from "../../../bots/teams/manifest.ts";
import { COMMANDS } from "../../../src/intent/commands.ts";

const APP_ID = "11111111-2222-4333-8444-555555555555";
const root = new URL("../../../", import.meta.url).pathname;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function run(args: string[], env: { MICROSOFT_APP_ID?: string; PUBLIC_URL?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPackageTask(args, env, (t) => out.push(t), (t) => err.push(t));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("teams package: manifest.json and two icons; bot id, URLs and domain from PUBLIC_URL", async () => {
  const files = unzipSync(
    await buildPackage({
      appId: APP_ID,
      dir: `${root}bots/teams/app`,
      urls: { publicUrl: "https://ci.acme.example/", privacyUrl: "https://acme.example/privacy" },
    }),
  );
  assert.deepEqual(Object.keys(files).sort(), ["color.png", "manifest.json", "outline.png"]);
  const text = decode(files["manifest.json"]);
  assert.doesNotMatch(text, /example\.com/);
  const manifest = ManifestSchema.parse(JSON.parse(text));
  assert.equal(manifest.id, APP_ID);
  assert.equal(manifest.bots[0].botId, APP_ID);
  assert.deepEqual(manifest.developer, {
    name: "ci-orchestrator",
    websiteUrl: "https://ci.acme.example",
    privacyUrl: "https://acme.example/privacy",
    termsOfUseUrl: "https://ci.acme.example",
  });
  assert.deepEqual(manifest.validDomains, ["ci.acme.example"]);
  assert.deepEqual(manifest.bots[0].scopes, ["personal", "team", "groupChat"]);
  assert.deepEqual(
    manifest.bots[0].commandLists?.[0].commands.map((c) => c.title),
    COMMANDS.slice(0, 10).map((c) => c.name),
  );
  const size = (png: Uint8Array) => new DataView(png.buffer, png.byteOffset).getUint32(16);
  assert.equal(size(files["color.png"]), 192);
  assert.equal(size(files["outline.png"]), 32);
});

Deno.test("teams package: writes the zip for PUBLIC_URL; refuses without it or the app id (exit 2)", async () => {
  const out = await Deno.makeTempFile({ suffix: ".zip" });
  try {
    const ok = await run(["--out", out], {
      MICROSOFT_APP_ID: APP_ID,
      PUBLIC_URL: "https://t.example",
    });
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /for bot 11111111-2222-4333-8444-555555555555 at https:\/\/t\.example/);
    const manifest = JSON.parse(decode(unzipSync(await Deno.readFile(out))["manifest.json"]));
    assert.deepEqual(manifest.validDomains, ["t.example"]);
  } finally {
    await Deno.remove(out);
  }
  const none = await run(["--out", out], {});
  assert.equal(none.code, 2);
  assert.match(none.err, /MICROSOFT_APP_ID \(or --app-id\) and PUBLIC_URL not set/);
  const noUrl = await run(["--out", out, "--app-id", APP_ID], {});
  assert.equal(noUrl.code, 2);
  assert.match(noUrl.err, /Cannot build the Teams package: PUBLIC_URL not set/);
  assert.match(noUrl.err, /hint: Set MICROSOFT_APP_ID .* PUBLIC_URL=https:\/\//);
  const http = await run(["--out", out], { MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: "http://x" });
  assert.equal(http.code, 2);
  assert.match(http.err, /PUBLIC_URL must be an https URL: current value is 'http:\/\/x'/);
  const bad = await run(["--app-id=nope", "--out", out], { PUBLIC_URL: "https://t.example" });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /must be a GUID: current value is 'nope'/);
  const unknown = await run(["--bogus", "x"], {});
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Unknown option or missing value: '--bogus'/);
  await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
});

Deno.test("teams package: the task as deno.json runs it — --help without env, refusal", async () => {
  const task = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write=/tmp",
        "--allow-env=MICROSOFT_APP_ID,PUBLIC_URL",
        "bots/teams/package.ts",
        ...args,
      ],
      cwd: root,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const help = await task(["--help"]);
  assert.equal(help.code, 0);
  assert.match(decode(help.stdout), /^Usage: MICROSOFT_APP_ID=GUID PUBLIC_URL=https:\/\/HOST/);
  const missing = await task(["--out", "/tmp/never.zip"]);
  assert.equal(missing.code, 2);
  assert.match(decode(missing.stderr), /MICROSOFT_APP_ID \(or --app-id\) and PUBLIC_URL not set/);
});
