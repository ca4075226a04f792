/**
 * `deno task demo [--port 8787] [--kv ./data/demo.kv]`: the service with the GitHub simulator
 * built in, sample repositories and their history, no token and no network (docs/demo.md).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { jsonLogger } from "../src/log.ts";
import { demoBanner } from "./banner.ts";
import { startDemo } from "./start.ts";

const USAGE = `Usage: deno task demo [--port 8787] [--kv ./data/demo.kv]

Starts ci-orchestrator in demo mode: GitHub is simulated (sample repositories with generated run
history, dispatched runs finish in seconds), no token and no network needed.

  --port N    port on localhost (default 8787; 0 picks a free one)
  --kv PATH   keep jobs and reports in this Deno KV file (default: in memory)
  --help      this text`;

async function main(args: string[]): Promise<number> {
  const started = performance.now();
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: "string", default: "8787" },
        kv: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port takes a port number 0–65535: current value is '${values.port}'.`);
    return 2;
  }
  let demo;
  try {
    demo = await startDemo({
      port,
      kvPath: values.kv,
      // The banner says what is served; the log shows only what went wrong.
      log: jsonLogger({ level: "warn" }),
    });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(`Port ${port} is in use. Pick another: deno task demo --port 8788`);
      return 1;
    }
    throw error;
  }
  console.log(demoBanner(demo.url, values.kv));
  console.log(`\nStarted in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  const { promise, resolve } = Promise.withResolvers<void>();
  Deno.addSignalListener("SIGINT", resolve);
  Deno.addSignalListener("SIGTERM", resolve);
  await promise;
  await demo.close();
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
