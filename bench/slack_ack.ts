/**
 * (a) Slack slash-command ack throughput and latency, and (c) resident memory under that load:
 * our service and the Bolt reference, one after the other in the same run, each hit by the
 * same autocannon set-up (50 connections, distinct pre-signed bodies).
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
  ackBodies: number;
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
}

/** Settings of the load. */
export interface AckOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/**
 * Runs the load generator once against `url`.
 *
 * @example
 * ```ts
 * const r = await runLoad(paths, { url, responseUrl, seconds: 10, connections: 50 });
 * ```
 */
export async function runLoad(
  paths: Paths,
  o: { url: string; responseUrl: string; seconds: number; connections: number },
): Promise<LoadResult> {
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
  return JSON.parse(text) as LoadResult;
}

async function measure(
  paths: Paths,
  server: Server,
  sink: Sink,
  options: AckOptions,
  repliesAfterWarmup?: (warmAcks: number) => Promise<boolean>,
): Promise<AckSide & { acksSent: number }> {
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  const responseUrl = `${sink.url}/r`;
  // JIT and caches warm on both sides alike; these acks are not counted.
  const warm = await runLoad(paths, {
    url,
    responseUrl,
    seconds: options.warmupSeconds,
    connections: 10,
  });
  // Our acks start background work (the reply to response_url); let the warm-up's finish so
  // it does not run during the measured seconds.
  if (repliesAfterWarmup && !(await repliesAfterWarmup(warm.ackBodies))) {
    throw new Error("warm-up background work did not finish within 60 s");
  }
  const idleRssKiB = sampleRss(server.pid, 1_000).stop().peakKiB;
  const sampler = sampleRss(server.pid, 100);
  const load = await runLoad(paths, {
    url,
    responseUrl,
    seconds: options.seconds,
    connections: options.connections,
  });
  const { peakKiB } = sampler.stop();
  return { load, idleRssKiB, peakRssKiB: peakKiB, acksSent: warm.ackBodies + load.ackBodies };
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
    const { acksSent: _, ...measured } = await measure(paths, boltServer, sink, options);
    bolt = measured;
  } finally {
    await boltServer.stop();
  }
  const repliesBefore = sink.replies;
  const oursServer = await startOurs(paths, freePort(), `${tmpDir}/ack.kv`, sink.url);
  try {
    const { acksSent, ...ours } = await measure(
      paths,
      oursServer,
      sink,
      options,
      (warmAcks) => sink.waitForReplies(repliesBefore + warmAcks, 60_000),
    );
    const started = performance.now();
    const sampler = sampleRss(oursServer.pid, 200);
    ours.drained = await sink.waitForReplies(repliesBefore + acksSent, 60_000);
    ours.drainSeconds = (performance.now() - started) / 1000;
    ours.drainPeakRssKiB = sampler.stop().peakKiB;
    return { ours, bolt };
  } finally {
    await oursServer.stop();
  }
}
