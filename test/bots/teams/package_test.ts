import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { buildPackage } from "../../../bots/teams/package.ts";
import { ManifestSchema } from "../../../bots/teams/manifest.ts";
import { COMMANDS } from "../../../src/intent/commands.ts";

const APP_ID = "11111111-2222-4333-8444-555555555555";
const root = new URL("../../../", import.meta.url).pathname;

Deno.test("the package holds exactly manifest.json and two icons, and the manifest validates", async () => {
  const files = unzipSync(await buildPackage({ appId: APP_ID, dir: `${root}bots/teams/app` }));
  assert.deepEqual(Object.keys(files).sort(), ["color.png", "manifest.json", "outline.png"]);
  const manifest = ManifestSchema.parse(
    JSON.parse(new TextDecoder().decode(files["manifest.json"])),
  );
  assert.equal(manifest.id, APP_ID);
  assert.equal(manifest.bots[0].botId, APP_ID);
  assert.deepEqual(manifest.bots[0].scopes, ["personal", "team", "groupChat"]);
  assert.deepEqual(
    manifest.bots[0].commandLists?.[0].commands.map((c) => c.title),
    COMMANDS.slice(0, 10).map((c) => c.name),
  );
  const size = (png: Uint8Array) => new DataView(png.buffer, png.byteOffset).getUint32(16);
  assert.equal(size(files["color.png"]), 192);
  assert.equal(size(files["outline.png"]), 32);
});

Deno.test("teams:package without an app id fails with a clear message", async () => {
  const env = { ...Deno.env.toObject() };
  delete env.MICROSOFT_APP_ID;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write=/tmp",
      "--allow-env",
      "bots/teams/package.ts",
      "--out",
      "/tmp/never.zip",
    ],
    cwd: root,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.match(stderr, /no bot app id/);
  assert.match(stderr, /MICROSOFT_APP_ID or pass --app-id/);
  const bad = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write=/tmp",
      "--allow-env",
      "bots/teams/package.ts",
      "--app-id",
      "nope",
      "--out",
      "/tmp/never.zip",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 1);
  assert.match(new TextDecoder().decode(bad.stderr), /must be a GUID: current value is 'nope'/);
});
