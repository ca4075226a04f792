/**
 * (b) Process start to the first 200 from `/readyz`: our service with every surface configured
 * beside the Bolt app under Node. One unmeasured start of each first (module caches, page
 * cache), then `runs` starts of each, alternating so drift hits both alike.
 *
 * @module
 */
import { freePort, median } from "./procs.ts";
import { type Paths, startBolt, startOurs } from "./sides.ts";

/** Start-up times in milliseconds. */
export interface StartupResult {
  ours: number[];
  bolt: number[];
  oursMedian: number;
  boltMedian: number;
}

/**
 * Starts and stops each side `runs` times.
 *
 * @example
 * ```ts
 * const r = await benchStartup(paths, sink.url, tmp, 5);
 * ```
 */
export async function benchStartup(
  paths: Paths,
  sinkUrl: string,
  tmpDir: string,
  runs: number,
): Promise<StartupResult> {
  const ours: number[] = [];
  const bolt: number[] = [];
  for (let i = -1; i < runs; i++) {
    const o = await startOurs(paths, freePort(), `${tmpDir}/start-${i + 1}.kv`, sinkUrl);
    await o.stop();
    const b = await startBolt(paths, freePort());
    await b.stop();
    if (i >= 0) {
      ours.push(o.readyMs);
      bolt.push(b.readyMs);
    }
  }
  return { ours, bolt, oursMedian: median(ours), boltMedian: median(bolt) };
}
