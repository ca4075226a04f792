/**
 * Starts the service: `deno task start`.
 *
 * @module
 */
import { boot } from "./boot.ts";
import { surfaceDepsFrom } from "./server.ts";
import { loadNlu } from "./intent/nlu/engine.ts";
import { CiError } from "./errors.ts";

const USAGE = `Usage: deno task start   (deno task dev: the same, restarting on changes)
Starts the service on PORT (default 8787). Configuration comes from the environment; with none,
it runs on the embedded Deno KV store (./data) with every surface off, saying what turns each on.
The variables: docs/configuration.md. To try it without Slack or GitHub: deno task demo.`;

async function main(): Promise<number> {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let service;
  try {
    service = await boot(Deno.env.toObject());
  } catch (error) {
    if (error instanceof CiError && error.code === "config") {
      console.error(`ci-orchestrator cannot start. ${error.message}\n${error.hint ?? ""}`);
      return 1;
    }
    throw error;
  }
  const { config, deps } = service;
  for (const s of config.surfaces) {
    deps.log.info(`surface ${s.name}: ${s.on ? "on" : "off"}`, {
      surface: s.name,
      on: s.on,
      reason: s.reason,
    });
  }
  if (config.teams?.auth === "emulator") {
    deps.log.warn("TEAMS_AUTH=emulator: Teams requests are accepted without token validation", {
      surface: "teams",
    });
  }
  // The gateway holds a WebSocket to Discord: only when asked for, and only in the service.
  let gateway: { close(): Promise<void> } | undefined;
  if (config.discord?.gateway && deps.discordSend) {
    const { startDiscordGateway } = await import("../bots/discord/gateway.ts");
    try {
      gateway = await startDiscordGateway(
        { botToken: config.discord.botToken!, apiUrl: config.discord.apiUrl },
        { ...surfaceDepsFrom(deps), send: deps.discordSend },
      );
      deps.log.info("discord gateway connected", { surface: "discord" });
    } catch (error) {
      // Slash commands over HTTP keep working; only `!ci-test` is off.
      const err = error instanceof CiError ? error : undefined;
      deps.log.error("discord gateway not started: !ci-test is off", {
        surface: "discord",
        error: err?.message ?? String(error),
        hint: err?.hint,
      });
    }
  }
  const server = Deno.serve({
    port: config.port,
    hostname: "0.0.0.0",
    onListen: ({ port }) =>
      deps.log.info("listening", {
        port,
        url: `http://localhost:${port}`,
        publicUrl: config.publicUrl,
      }),
  }, service.app.fetch);
  // The language library (≈ 250 ms to load) arrives after the server listens: until then the
  // natural stage reads with its own stemmer, so no request waits for it.
  loadNlu().catch((error) =>
    deps.log.warn("the natural-language library did not load; plain language is read without it", {
      error: String(error),
    })
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    deps.log.info("shutting down: finishing background work");
    await gateway?.close();
    await server.shutdown();
    await service.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
  await server.finished;
  return 0;
}

if (import.meta.main) Deno.exit(await main());
