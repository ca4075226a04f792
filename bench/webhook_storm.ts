/**
 * (f) A webhook storm: 50 connections posting distinct, signed GitHub `workflow_job` /
 * `workflow_run` deliveries to `POST /github/webhooks` of our service (a fresh process and Deno
 * KV file), counting how they were answered (202 stored, 200 duplicate, 503 busy, other), the
 * server's peak RSS while they arrive, and how long the stored backlog takes to drain once the
 * load stops (`ci_inbox_backlog{source="github"}` on `/metrics`).
 *
 * @module
 */
import { cpuSeconds, freePort, sampleRss } from "./procs.ts";
import { type Paths, startOurs, WEBHOOK_SECRET } from "./sides.ts";
import type { Sink } from "./sink.ts";

/** What `reference/webhooks.mjs` prints. */
export interface StormLoad {
  requests: number;
  rps: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** 202: stored, work to follow. */
  stored: number;
  /** 200: a delivery id seen before. */
  duplicate: number;
  /** 503: backlog full, GitHub should retry. */
  busy: number;
  other: number;
  otherCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  signedDuringRun: number;
  meanBodyBytes: number;
  seconds: number;
  connections: number;
}

/** The storm's figures. */
export interface StormResult {
  load: StormLoad;
  idleRssKiB: number;
  /** Peak RSS while the deliveries arrived. */
  peakRssKiB: number;
  /** Peak RSS while the backlog drained. */
  drainPeakRssKiB: number;
  /** Seconds from the end of the load until the backlog was gone. */
  drainSeconds: number;
  /** Whether it was gone within the timeout. */
  drained: boolean;
  /** How the end of the drain was seen: the backlog gauge, or (without it) the CPU going quiet. */
  drainWatch: "metrics" | "cpu";
  /** Backlog when the load stopped, when the metric exists. */
  backlogAtEnd?: number;
}

/** Settings of the storm. */
export interface StormOptions {
  seconds: number;
  connections: number;
  /** Give up waiting for the backlog after this long. Default 180 000. */
  drainTimeoutMs?: number;
}

const BACKLOG = /^ci_inbox_backlog\{[^}]*source="github"[^}]*\}\s+(\S+)/m;

const FAMILY = /^# TYPE ci_inbox_backlog gauge$/m;

/**
 * The `ci_inbox_backlog{source="github"}` gauge from a Prometheus text page: 0 when the family
 * is there without a github sample (no delivery counted yet), undefined when the page has no
 * such family (a service from before the durable webhook inbox).
 *
 * @example
 * ```ts
 * githubBacklog('# TYPE ci_inbox_backlog gauge\nci_inbox_backlog{source="github"} 12\n'); // 12
 * githubBacklog("# TYPE ci_inbox_backlog gauge\n"); // 0
 * githubBacklog("http_requests_total 3\n"); // undefined
 * ```
 */
export function githubBacklog(metricsText: string): number | undefined {
  const m = BACKLOG.exec(metricsText);
  if (m) return Number(m[1]);
  return FAMILY.test(metricsText) ? 0 : undefined;
}

async function readBacklog(metricsUrl: string): Promise<number | undefined> {
  const res = await fetch(metricsUrl);
  const text = await res.text();
  return res.ok ? githubBacklog(text) : undefined;
}

/**
 * Runs the webhook load generator once against `url`.
 *
 * @example
 * ```ts
 * const load = await runStormLoad(paths, { url, seconds: 10, connections: 50 });
 * ```
 */
export async function runStormLoad(
  paths: Paths,
  o: { url: string; seconds: number; connections: number },
): Promise<StormLoad> {
  // Pre-signed bodies for 10 k deliveries/s (about 2 KiB each); past that they are signed live.
  const pool = Math.max(5_000, o.seconds * 10_000);
  const out = await new Deno.Command("node", {
    args: ["webhooks.mjs", JSON.stringify({ ...o, secret: WEBHOOK_SECRET, pool })],
    cwd: paths.reference,
    stdin: "null",
    stderr: "piped",
  }).output();
  if (out.code !== 0) {
    throw new Error(
      `webhook load generator failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`,
    );
  }
  return JSON.parse(new TextDecoder().decode(out.stdout)) as StormLoad;
}

/**
 * Waits until the github backlog reads 0 on `/metrics`, polling every 200 ms.
 *
 * @example
 * ```ts
 * const { drained, seconds } = await waitForBacklog(`${base}/metrics`, 180_000);
 * ```
 */
export async function waitForBacklog(
  metricsUrl: string,
  timeoutMs: number,
): Promise<{ drained: boolean; seconds: number }> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const backlog = await readBacklog(metricsUrl).catch(() => undefined);
    if (backlog === 0) return { drained: true, seconds: (performance.now() - started) / 1000 };
    await new Promise((r) => setTimeout(r, 200));
  }
  return { drained: false, seconds: (performance.now() - started) / 1000 };
}

/**
 * The fallback when the service has no backlog gauge: waits until the process has used less
 * than 10 % of a core for two half-second windows in a row (its background work is done).
 *
 * @example
 * ```ts
 * const { drained, seconds } = await waitForCpuQuiet(server.pid, 180_000);
 * ```
 */
export async function waitForCpuQuiet(
  pid: number,
  timeoutMs: number,
): Promise<{ drained: boolean; seconds: number }> {
  const started = performance.now();
  let last = cpuSeconds(pid) ?? 0;
  let quiet = 0;
  while (performance.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuSeconds(pid);
    if (now === undefined) break;
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    last = now;
    // The quiet windows themselves are not drain time.
    if (quiet === 2) return { drained: true, seconds: (performance.now() - started) / 1000 - 1 };
  }
  return { drained: false, seconds: (performance.now() - started) / 1000 };
}

/**
 * Starts our service, warms it with a short storm at 10 connections (not counted; its backlog
 * drains first), then measures the storm and the drain.
 *
 * @example
 * ```ts
 * const storm = await benchWebhookStorm(paths, sink, tmp, { seconds: 10, connections: 50 });
 * ```
 */
export async function benchWebhookStorm(
  paths: Paths,
  sink: Sink,
  tmpDir: string,
  options: StormOptions,
): Promise<StormResult> {
  const timeoutMs = options.drainTimeoutMs ?? 180_000;
  const server = await startOurs(paths, freePort(), `${tmpDir}/storm.kv`, sink.url);
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const url = `${base}/github/webhooks`;
    await runStormLoad(paths, { url, seconds: 2, connections: 10 });
    const watchable = (await readBacklog(`${base}/metrics`)) !== undefined;
    const drain = () =>
      watchable
        ? waitForBacklog(`${base}/metrics`, timeoutMs)
        : waitForCpuQuiet(server.pid, timeoutMs);
    if (!(await drain()).drained) {
      throw new Error(
        `the warm-up's webhook backlog did not drain within ${timeoutMs / 1000} s: ` +
          "see the service's stderr, or pass a longer drainTimeoutMs",
      );
    }
    const idleRssKiB = sampleRss(server.pid, 1_000).stop().peakKiB;
    const sampler = sampleRss(server.pid, 100);
    const load = await runStormLoad(paths, {
      url,
      seconds: options.seconds,
      connections: options.connections,
    });
    const peakRssKiB = sampler.stop().peakKiB;
    const drainSampler = sampleRss(server.pid, 200);
    const backlogAtEnd = watchable ? await readBacklog(`${base}/metrics`) : undefined;
    const { drained, seconds } = await drain();
    return {
      load,
      idleRssKiB,
      peakRssKiB,
      drainPeakRssKiB: drainSampler.stop().peakKiB,
      drainSeconds: seconds,
      drained,
      drainWatch: watchable ? "metrics" : "cpu",
      ...(backlogAtEnd !== undefined ? { backlogAtEnd } : {}),
    };
  } finally {
    await server.stop();
  }
}
