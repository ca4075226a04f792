/**
 * Architecture boundaries, checked on the source text: the core imports no platform SDK, and
 * no surface imports another.
 */
import assert from "node:assert/strict";
import { imports, ROOT as root, sourceFiles } from "./imports.ts";

const PLATFORM_SDK =
  /^(@slack\/|discord\.js|discord-interactions|botbuilder|botframework|@copilot-extensions\/|@microsoft\/)/;

Deno.test("boundary: the import scanner sees static, dynamic and side-effect imports", () => {
  const found = imports(
    'import { App } from "@slack/bolt";\nconst m = await import("discord.js");\nimport "botbuilder";\nexport { x } from "./x.ts";',
  );
  assert.deepEqual(found, ["@slack/bolt", "discord.js", "botbuilder", "./x.ts"]);
});

Deno.test("boundary: src/ imports no platform SDK", async () => {
  const offenders: string[] = [];
  for await (const file of sourceFiles(new URL("src/", root))) {
    for (const spec of imports(await Deno.readTextFile(file))) {
      if (PLATFORM_SDK.test(spec)) offenders.push(`${file.pathname}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("boundary: bots/x imports nothing from bots/y", async () => {
  const botsDir = new URL("bots/", root);
  const offenders: string[] = [];
  for await (const bot of Deno.readDir(botsDir)) {
    if (!bot.isDirectory) continue;
    for await (const file of sourceFiles(new URL(`${bot.name}/`, botsDir))) {
      for (const spec of imports(await Deno.readTextFile(file))) {
        if (!spec.startsWith(".")) continue;
        const target = new URL(spec, file).pathname;
        const inBots = target.startsWith(botsDir.pathname);
        if (inBots && !target.startsWith(`${botsDir.pathname}${bot.name}/`)) {
          offenders.push(`${file.pathname}: ${spec}`);
        }
      }
    }
  }
  assert.deepEqual(offenders, []);
});
