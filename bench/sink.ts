/**
 * A loopback stand-in for everything the service calls out to during the bench: Slack's
 * `response_url` and Web API, and any other API. It answers at once and counts the replies,
 * so the bench can tell when the background work behind the acks has finished.
 *
 * @module
 */

/** A running sink. */
export interface Sink {
  url: string;
  /** `response_url` posts received so far. */
  readonly replies: number;
  /**
   * Resolves once a reply has arrived at every one of `paths` (`/r/…`), or after `timeoutMs`;
   * either way with how many of them have one.
   */
  waitForPaths(paths: string[], timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the sink on 127.0.0.1, port 0.
 *
 * @example
 * ```ts
 * const sink = startSink();
 * // response_url: `${sink.url}/r/1`
 * await sink.close();
 * ```
 */
export function startSink(): Sink {
  let replies = 0;
  // Which response_urls were answered, so a bench can tell its own commands' replies apart
  // from those of requests it did not count.
  const repliedTo = new Set<string>();
  const handler = async (request: Request): Promise<Response> => {
    await request.body?.cancel();
    const path = new URL(request.url).pathname;
    if (path.startsWith("/r/")) {
      replies++;
      repliedTo.add(path);
      return new Response("ok");
    }
    if (path.startsWith("/slack/api/")) {
      return Response.json({ ok: true, channel: "C1", ts: "1700000000.000100" });
    }
    return Response.json({ message: "Not Found" }, { status: 404 });
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get replies() {
      return replies;
    },
    async waitForPaths(paths, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      let pending = paths;
      while (true) {
        pending = pending.filter((p) => !repliedTo.has(p));
        if (pending.length === 0 || performance.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return paths.length - pending.length;
    },
    close: () => server.shutdown(),
  };
}
