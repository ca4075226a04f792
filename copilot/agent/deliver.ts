/**
 * Job replies for Copilot. A Copilot answer is one open SSE stream, so a job started from
 * Copilot carries `reply.data.streamId`, and the deliverer hands its progress and final report to
 * that stream while it is open in this process. After a restart or once the stream has given up
 * waiting, replies are dropped: the user has the report link already.
 *
 * @module
 */
import type { ReplyTarget } from "../../src/jobs/model.ts";
import type { Logger } from "../../src/log.ts";
import type { Report } from "../../src/report/model.ts";
import type { Deliverer } from "../../src/surface.ts";

/** What an open stream does with a job's report. */
export type StreamListener = (report: Report, phase: "progress" | "final") => void;

/** Open streams by id, and the deliverer that feeds them. */
export interface StreamRegistry {
  /** Registers a listener; the returned function unregisters it. */
  open(streamId: string, listener: StreamListener): () => void;
  /** The reply target to pass to `execute` for this stream. */
  target(streamId: string): ReplyTarget;
  deliver: Deliverer;
}

/**
 * Creates the registry.
 *
 * @example
 * ```ts
 * const streams = createStreamRegistry(log);
 * const close = streams.open("s1", (report, phase) => console.log(phase, report.title));
 * await streams.deliver(streams.target("s1"), report, "final");
 * close();
 * ```
 */
export function createStreamRegistry(log: Logger): StreamRegistry {
  const listeners = new Map<string, StreamListener>();
  const deliver: Deliverer = (reply, report, phase) => {
    const id = typeof reply.data.streamId === "string" ? reply.data.streamId : "";
    const listener = listeners.get(id);
    if (listener) listener(report, phase);
    else log.debug("copilot stream gone, job reply dropped", { streamId: id, phase });
    return Promise.resolve();
  };
  return {
    open(streamId, listener) {
      listeners.set(streamId, listener);
      return () => listeners.delete(streamId);
    },
    target: (streamId) => ({ surface: "copilot", data: { streamId } }),
    deliver,
  };
}
