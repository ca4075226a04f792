/**
 * (a) Slack slash-command ack throughput and latency, (a′) how many of our accepted commands
 * completed (their reply reached the sink), and (c) resident memory idle and under that load:
 * our service and the Bolt reference, one after the other in the same run, each hit by the
 * same autocannon set-up (50 connections, 1,000 users, distinct pre-signed bodies).
 *
 * @module
 */
import { freePort, sampleRss, type Server } from "./procs.ts";
import { type Paths, SECRET, startBolt, startOurs } from "./sides.ts";
import type { Sink } from "./sink.ts";

/** What `reference/load.mjs` prints. */
export interface LoadResult {
  requests: number;
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  status2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Accepted acks: a 200 with an ack body that is not a busy answer. */
  ackBodies: number;
  /** 200s that said busy (`Retry-After`, or `text` starting `Busy:`): not accepted, no reply. */
  busy: number;
  /** Distinct Slack user ids the commands came from. */
  users: number;
  emptyOrOther: number;
  signedDuringRun: number;
  seconds: number;
  connections: number;
}

/** One side's figures. */
export interface AckSide {
  load: LoadResult;
  idleRssKiB: number;
  peakRssKiB: number;
  /** Ours only: seconds after the load until every ack's background reply had been posted. */
  drainSeconds?: number;
  drained?: boolean;
  /** Ours only: peak RSS while that background work finished. */
  drainPeakRssKiB?: number;
  /** Ours only: replies of the measured load's accepted acks that reached the response_url sink. */
  completed?: number;
  /** Ours only: every reply since the load began (also those of requests in flight at its end). */
  replies?: number;
}

/** How long the bench waits for the background replies of one load before giving up. */
const DRAIN_TIMEOUT_MS = 120_000;

/** Settings of the load. */
export interface AckOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/**
 * Runs the load generator once against `url`: its figures, and the sink paths (`/r/…`) of the
 * commands it counted as accepted, where their replies will arrive.
 *
 * @example
 * ```ts
 * const { load, acceptedPaths } = await runLoad(paths, { url, responseUrl, seconds: 10, connections: 50 });
 * ```
 */
export async function runLoad(
  paths: Paths,
  o: { url: string; responseUrl: string; seconds: number; connections: number },
): Promise<{ load: LoadResult; acceptedPaths: string[] }> {
  // Enough distinct bodies for 30 k req/s; past that the generator signs as it goes.
  const pool = Math.max(5_000, o.seconds * 30_000);
  const out = await new Deno.Command("node", {
    args: ["load.mjs", JSON.stringify({ ...o, secret: SECRET, pool })],
    cwd: paths.reference,
    stdin: "null",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (out.code !== 0) {
    throw new Error(`load generator failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`);
  }
  const { acceptedPaths, ...load } = JSON.parse(text) as LoadResult & { acceptedPaths: string[] };
  const base = new URL(o.responseUrl).pathname;
  return { load, acceptedPaths: acceptedPaths.map((p) => `${base}/${p}`) };
}

async function measure(
  paths: Paths,
  server: Server,
  sink: Sink,
  options: AckOptions,
  repliesAfterWarmup?: (warmPaths: string[]) => Promise<boolean>,
): Promise<AckSide & { acceptedPaths: string[]; repliesBeforeLoad: number }> {
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  const responseUrl = `${sink.url}/r`;
  // JIT and caches warm on both sides alike; these acks are not counted.
  const { acceptedPaths: warmPaths } = await runLoad(paths, {
    url,
    responseUrl,
    seconds: options.warmupSeconds,
    connections: 10,
  });
  // Our acks start background work (the reply to response_url); let the warm-up's finish so
  // it does not run during the measured seconds.
  if (repliesAfterWarmup && !(await repliesAfterWarmup(warmPaths))) {
    throw new Error("warm-up background work did not finish within 60 s");
  }
  const idleRssKiB = sampleRss(server.pid, 1_000).stop().peakKiB;
  const repliesBeforeLoad = sink.replies;
  const sampler = sampleRss(server.pid, 100);
  const { load, acceptedPaths } = await runLoad(paths, {
    url,
    responseUrl,
    seconds: options.seconds,
    connections: options.connections,
  });
  const { peakKiB } = sampler.stop();
  return { load, idleRssKiB, peakRssKiB: peakKiB, acceptedPaths, repliesBeforeLoad };
}

/**
 * Measures Bolt first, then ours (each on a fresh process), and waits for our background
 * replies to drain so the next measurement starts on a quiet machine.
 *
 * @example
 * ```ts
 * const { ours, bolt } = await benchSlackAck(paths, sink, tmp, { seconds: 10, warmupSeconds: 2, connections: 50 });
 * ```
 */
export async function benchSlackAck(
  paths: Paths,
  sink: Sink,
  tmpDir: string,
  options: AckOptions,
): Promise<{ ours: AckSide; bolt: AckSide }> {
  const boltServer = await startBolt(paths, freePort());
  let bolt: AckSide;
  try {
    const { acceptedPaths: _, repliesBeforeLoad: __, ...measured } = await measure(
      paths,
      boltServer,
      sink,
      options,
    );
    bolt = measured;
  } finally {
    await boltServer.stop();
  }
  const oursServer = await startOurs(paths, freePort(), `${tmpDir}/ack.kv`, sink.url);
  try {
    const { acceptedPaths, repliesBeforeLoad, ...ours } = await measure(
      paths,
      oursServer,
      sink,
      options,
      async (warmPaths) => (await sink.waitForPaths(warmPaths, 60_000)) === warmPaths.length,
    );
    const started = performance.now();
    const sampler = sampleRss(oursServer.pid, 200);
    // Exactly the counted acks' replies: busy answers start nothing, and requests still in
    // flight when a generator stopped were accepted but not counted, so their replies must
    // not stand in for missing ones.
    ours.completed = await sink.waitForPaths(acceptedPaths, DRAIN_TIMEOUT_MS);
    ours.drained = ours.completed === acceptedPaths.length;
    ours.drainSeconds = (performance.now() - started) / 1000;
    ours.replies = sink.replies - repliesBeforeLoad;
    ours.drainPeakRssKiB = sampler.stop().peakKiB;
    return { ours, bolt };
  } finally {
    await oursServer.stop();
  }
}
