/**
 * Routes a job's later reports to the MCP tool call that started it while that call is still
 * open. The job's reply target carries a channel id; the deliverer for surface "mcp" drops
 * reports for channels nobody listens to any more (the caller polls `ci_status` instead).
 *
 * @module
 */
import type { ReplyTarget } from "../../src/jobs/model.ts";
import type { Report } from "../../src/report/model.ts";
import type { Deliverer } from "../../src/surface.ts";

/** One report a job delivered. */
export interface JobUpdate {
  phase: "progress" | "final";
  report: Report;
}

/** An open tool call's view of its job's updates. */
export interface Subscription {
  /** Put this in `execute`'s reply target. */
  reply: ReplyTarget;
  /** The next update, or null when `signal` aborts first. */
  next(signal: AbortSignal): Promise<JobUpdate | null>;
  /** Stops listening; later updates are dropped. */
  close(): void;
}

/** The hub; see {@linkcode createProgressHub}. */
export interface ProgressHub {
  deliver: Deliverer;
  open(channel: string): Subscription;
}

interface Channel {
  queued: JobUpdate[];
  wake?: () => void;
}

/**
 * Creates the hub.
 *
 * @example
 * ```ts
 * const hub = createProgressHub();
 * const sub = hub.open("req-1");
 * await hub.deliver(sub.reply, report, "final");
 * (await sub.next(AbortSignal.timeout(1000)))?.phase; // "final"
 * sub.close();
 * ```
 */
export function createProgressHub(): ProgressHub {
  const channels = new Map<string, Channel>();

  const deliver: Deliverer = (reply, report, phase) => {
    const channel = channels.get(String(reply.data.channel));
    if (channel) {
      channel.queued.push({ phase, report });
      channel.wake?.();
    }
    return Promise.resolve();
  };

  return {
    deliver,
    open(id) {
      const channel: Channel = { queued: [] };
      channels.set(id, channel);
      return {
        reply: { surface: "mcp", data: { channel: id } },
        async next(signal) {
          while (!channel.queued.length) {
            if (signal.aborted) return null;
            await new Promise<void>((resolve) => {
              const done = () => {
                signal.removeEventListener("abort", done);
                channel.wake = undefined;
                resolve();
              };
              channel.wake = done;
              signal.addEventListener("abort", done);
            });
          }
          return channel.queued.shift()!;
        },
        close: () => void channels.delete(id),
      };
    },
  };
}
