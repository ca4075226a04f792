/**
 * Starts the service: `deno task start`.
 *
 * @module
 */
import { boot } from "./boot.ts";
import { CiError } from "./errors.ts";

async function main(): Promise<number> {
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

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    deps.log.info("shutting down: finishing background work");
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
