/**
 * Operator metrics on `GET /metrics` (Prometheus text format 0.0.4).
 *
 * - Per request (middleware, on the ack path): a counter by route, method and status, a
 *   latency histogram by route, and for the chat surfaces an ack-latency histogram. The route
 *   label is the matched pattern (`/reports/:id`), never the raw path, so cardinality stays
 *   bounded whatever clients send; requests no route matched count under `unmatched`.
 * - On scrape: GitHub API usage and the remaining rate limit from the provider, jobs by state
 *   read from the store's active-job index (capped), failed alert deliveries, resident memory.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { alertKeys } from "./alerts/model.ts";
import { jobKeys } from "./jobs/keys.ts";
import { type JobRecord, JobStatusSchema } from "./jobs/model.ts";
import type { InboxQueue, InboxQueueStats } from "./inbox/queue.ts";
import type { Limits } from "./limits/mod.ts";
import type { CIProvider } from "./providers/port.ts";
import type { Store } from "./store/port.ts";
import { Exposition, EXPOSITION_CONTENT_TYPE, Histogram } from "./metrics_format.ts";

/** Latency buckets (seconds) of `http_request_duration_seconds`. */
export const DURATION_BUCKETS = [
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
] as const;
/** Ack buckets (seconds) of `surface_ack_seconds`: fine below 100 ms, then up to the 3 s deadline. */
export const ACK_BUCKETS = [
  0.001,
  0.002,
  0.005,
  0.01,
  0.02,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2,
  3,
  5,
] as const;
/** At most this many active jobs are read per scrape; more sets `jobs_scan_truncated`. */
export const MAX_JOBS_SCANNED = 500;
/** At most this many failed alert deliveries are counted per scrape. */
export const MAX_FAILED_COUNTED = 1000;

// Chat routes whose response is the platform's ack.
const SURFACE_OF_ROUTE = new Map([
  ["/slack/events", "slack"],
  ["/discord/interactions", "discord"],
  ["/api/messages", "teams"],
  ["/copilot", "copilot"],
]);
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

interface RouteStats {
  duration: Histogram;
  /** method → status → requests. */
  counts: Map<string, Map<number, number>>;
}

/** What the scrape reads besides the request counters. */
export interface MetricSources {
  provider: Pick<CIProvider, "usage">;
  store: Pick<Store, "list" | "get">;
  /** Per-caller limits: refusals so far and heavy requests running now. */
  limits?: Pick<Limits, "refusals" | "inFlight">;
  /** The durable queue behind the inbox: backlog, busy answers, outcomes. */
  inbox?: Pick<InboxQueue, "stats">;
}

/** The request metrics of one app. */
export interface RequestMetrics {
  /** Hono middleware recording every request; mount it first. */
  middleware: MiddlewareHandler;
  /** Records one request (what the middleware calls); `route` is the matched pattern. */
  record(route: string, method: string, status: number, seconds: number): void;
  /** The whole exposition: request metrics plus what `sources` report now. */
  render(sources: MetricSources): Promise<string>;
}

/** The matched route pattern, or `unmatched` when only middleware matched (404, 405). */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    if (routes[i].method !== "ALL") return routes[i].path;
  }
  return "unmatched";
}

/**
 * Creates the request metrics.
 *
 * @example
 * ```ts
 * // const metrics = createRequestMetrics();
 * // app.use(metrics.middleware);
 * // app.get("/metrics", metricsHandler(metrics, { provider, store }));
 * ```
 */
export function createRequestMetrics(): RequestMetrics {
  const routes = new Map<string, RouteStats>();
  const acks = new Map<string, Histogram>();

  const record = (route: string, method: string, status: number, seconds: number) => {
    let stats = routes.get(route);
    if (!stats) {
      stats = { duration: new Histogram(DURATION_BUCKETS), counts: new Map() };
      routes.set(route, stats);
    }
    stats.duration.observe(seconds);
    const m = KNOWN_METHODS.has(method) ? method : "OTHER";
    let byStatus = stats.counts.get(m);
    if (!byStatus) {
      byStatus = new Map();
      stats.counts.set(m, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const surface = SURFACE_OF_ROUTE.get(route);
    if (surface) {
      let ack = acks.get(surface);
      if (!ack) {
        ack = new Histogram(ACK_BUCKETS);
        acks.set(surface, ack);
      }
      ack.observe(seconds);
    }
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // A thrown error reaching here (no onError) still counts, as the 500 the client sees.
      const status = c.finalized ? c.res.status : 500;
      record(routeOf(c), c.req.method, status, (performance.now() - started) / 1000);
    }
  };

  const render = async (sources: MetricSources) => {
    const out = new Exposition();
    out.family("http_requests_total", "counter", "HTTP requests by matched route, method, status.");
    for (const [route, stats] of routes) {
      for (const [method, byStatus] of stats.counts) {
        for (const [status, n] of byStatus) {
          out.sample("http_requests_total", { route, method, status: String(status) }, n);
        }
      }
    }
    out.family(
      "http_request_duration_seconds",
      "histogram",
      "Time to the HTTP response by matched route.",
    );
    for (const [route, stats] of routes) {
      out.histogram("http_request_duration_seconds", { route }, stats.duration);
    }
    out.family(
      "surface_ack_seconds",
      "histogram",
      "Time to the HTTP response (the platform's ack) of each chat surface.",
    );
    for (const [surface, h] of acks) out.histogram("surface_ack_seconds", { surface }, h);
    await writeSources(out, sources);
    return out.text();
  };

  return { middleware, record, render };
}

async function writeSources(out: Exposition, sources: MetricSources): Promise<void> {
  const usage = sources.provider.usage();
  out.family(
    "github_api_requests_total",
    "counter",
    "GitHub API responses: sent (all), rate_limited (counted against the rate limit), " +
      "not_modified (304 answers from the ETag cache, free).",
  );
  out.sample("github_api_requests_total", { kind: "sent" }, usage.requests);
  out.sample("github_api_requests_total", { kind: "rate_limited" }, usage.rateLimited);
  out.sample("github_api_requests_total", { kind: "not_modified" }, usage.notModified);
  if (usage.remaining !== undefined) {
    out.family(
      "github_rate_limit_remaining",
      "gauge",
      "Remaining GitHub core rate limit from the last response.",
    );
    out.sample("github_rate_limit_remaining", {}, usage.remaining);
  }

  const active = await sources.store.list<unknown>(jobKeys.activePrefix, {
    limit: MAX_JOBS_SCANNED + 1,
  });
  const scanned = active.slice(0, MAX_JOBS_SCANNED);
  const records = await Promise.all(
    scanned.map((e) => sources.store.get<JobRecord>(jobKeys.job(String(e.key[1])))),
  );
  const byState = new Map<string, number>(JobStatusSchema.options.map((s) => [s, 0]));
  for (const job of records) {
    if (job && byState.has(job.status)) byState.set(job.status, byState.get(job.status)! + 1);
  }
  out.family(
    "jobs",
    "gauge",
    "Active jobs (running, or final reply not yet delivered) by state.",
  );
  for (const [state, n] of byState) out.sample("jobs", { state }, n);
  out.family(
    "jobs_scan_truncated",
    "gauge",
    `1 when more than ${MAX_JOBS_SCANNED} jobs are active.`,
  );
  out.sample("jobs_scan_truncated", {}, active.length > MAX_JOBS_SCANNED ? 1 : 0);

  const failed = await sources.store.list<unknown>([...alertKeys.failedPrefix], {
    limit: MAX_FAILED_COUNTED,
  });
  out.family(
    "alert_deliveries_failed",
    "gauge",
    `Alert deliveries given up on and still recorded (counted up to ${MAX_FAILED_COUNTED}).`,
  );
  out.sample("alert_deliveries_failed", {}, failed.length);

  if (sources.limits) writeLimits(out, sources.limits);
  if (sources.inbox) writeInbox(out, sources.inbox.stats());

  out.family("process_resident_memory_bytes", "gauge", "Resident memory of the process.");
  out.sample("process_resident_memory_bytes", {}, Deno.memoryUsage().rss);
}

function writeLimits(out: Exposition, limits: NonNullable<MetricSources["limits"]>): void {
  out.family(
    "ci_rate_limited_total",
    "counter",
    "Requests refused by the per-caller limits, by surface and reason (tokens: the caller's " +
      "bucket is empty; in_flight: all of the caller's in-flight slots are taken).",
  );
  for (const r of limits.refusals()) {
    out.sample("ci_rate_limited_total", { surface: r.surface, reason: r.reason }, r.count);
  }
  out.family("ci_requests_in_flight", "gauge", "Heavy requests running now, all callers.");
  out.sample("ci_requests_in_flight", {}, limits.inFlight());
}

function writeInbox(out: Exposition, stats: InboxQueueStats): void {
  out.family(
    "ci_inbox_backlog",
    "gauge",
    "Accepted requests not finished yet (waiting or running), by source.",
  );
  for (const [source, n] of Object.entries(stats.backlog)) {
    out.sample("ci_inbox_backlog", { source }, n ?? 0);
  }
  out.family(
    "ci_inbox_backlog_limit",
    "gauge",
    "Backlog past which acks answer busy (INBOX_BACKLOG_LIMIT).",
  );
  out.sample("ci_inbox_backlog_limit", {}, stats.limit);
  out.family("ci_inbox_running", "gauge", "Accepted requests being worked on now.");
  out.sample("ci_inbox_running", {}, stats.running);
  out.family(
    "ci_inbox_busy_total",
    "counter",
    "Deliveries answered busy (not accepted) because the backlog was full, by source.",
  );
  for (const [source, n] of Object.entries(stats.busy)) {
    out.sample("ci_inbox_busy_total", { source }, n ?? 0);
  }
  out.family("ci_inbox_finished_total", "counter", "Accepted requests finished, by outcome.");
  out.sample("ci_inbox_finished_total", { outcome: "done" }, stats.finished.done);
  out.sample("ci_inbox_finished_total", { outcome: "failed" }, stats.finished.failed);
}

/**
 * The `GET /metrics` handler.
 *
 * @example
 * ```ts
 * // app.get("/metrics", metricsHandler(metrics, { provider: deps.provider, store: deps.store }));
 * ```
 */
export function metricsHandler(
  metrics: RequestMetrics,
  sources: MetricSources,
): (c: Context) => Promise<Response> {
  return async (c) => {
    const text = await metrics.render(sources);
    return c.body(text, 200, {
      "content-type": EXPOSITION_CONTENT_TYPE,
      "cache-control": "no-store",
    });
  };
}
