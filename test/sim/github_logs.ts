/**
 * Job logs as GitHub's blob storage serves them: streamed, honouring `Range` (206 with
 * `Content-Range`, 416 when unsatisfiable), and counting the bytes actually sent so tests can
 * check how much a client read. Large logs are generated lazily, so a 150 MB log costs the
 * simulator no memory either.
 *
 * @module
 */

/** A log body the simulator can serve in slices. */
export interface SimLogBlob {
  /** Total size in bytes. */
  readonly size: number;
  /** Whether `Range` is honoured (blob storage does; set false to mimic a proxy that drops it). */
  readonly ranges: boolean;
  /** Bytes sent so far over every download of this log. */
  served: number;
  /** The bytes `[start, end)` as a stream produced on demand. */
  slice(start: number, end: number): ReadableStream<Uint8Array>;
}

const CHUNK = 64 * 1024;

/**
 * A log of `size` bytes: `line` repeated, then `tail` as its last bytes. Nothing is held but
 * one chunk of filler.
 *
 * @example
 * ```ts
 * const log = generatedLog({ size: 150 * 1024 * 1024, tail: "##[error]boom\n" });
 * log.size; // 157286400
 * ```
 */
export function generatedLog(
  options: { size: number; tail: string; line?: string; ranges?: boolean },
): SimLogBlob {
  const tail = new TextEncoder().encode(options.tail);
  const line = new TextEncoder().encode(options.line ?? "2026-11-24T09:00:00.0000000Z filler\n");
  const fillerSize = options.size - tail.length;
  if (fillerSize < 0) throw new Error("generatedLog: tail is longer than size");
  // One chunk of repeated lines; a byte offset maps into it by `(offset + phase) % line.length`.
  // The phase makes the filler end on a whole line (only the very first line is cut).
  const phase = (line.length - (fillerSize % line.length)) % line.length;
  const pattern = new Uint8Array(CHUNK + line.length);
  for (let i = 0; i < pattern.length; i++) pattern[i] = line[i % line.length];
  const byteAt = (from: number, to: number): Uint8Array => {
    const out = new Uint8Array(to - from);
    let written = 0;
    if (from < fillerSize) {
      const fillerEnd = Math.min(to, fillerSize);
      const shift = (from + phase) % line.length;
      out.set(pattern.subarray(shift, shift + fillerEnd - from), 0);
      written = fillerEnd - from;
    }
    if (to > fillerSize) {
      const start = Math.max(from, fillerSize) - fillerSize;
      out.set(tail.subarray(start, to - fillerSize), written);
    }
    return out;
  };
  return blobOf(options.size, options.ranges ?? true, byteAt);
}

/**
 * A small log text as a blob (what `addRun({ logs })` and `setLog` store).
 *
 * @example
 * ```ts
 * textLog("line 1\n").size; // 7
 * ```
 */
export function textLog(text: string): SimLogBlob {
  const bytes = new TextEncoder().encode(text);
  return blobOf(bytes.length, true, (from, to) => bytes.slice(from, to));
}

function blobOf(
  size: number,
  ranges: boolean,
  bytes: (from: number, to: number) => Uint8Array,
): SimLogBlob {
  const blob: SimLogBlob = {
    size,
    ranges,
    served: 0,
    slice(start, end) {
      let at = start;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= end) return controller.close();
          const next = Math.min(end, at + CHUNK);
          controller.enqueue(bytes(at, next));
          blob.served += next - at;
          at = next;
        },
      }, { highWaterMark: 0 });
    },
  };
  return blob;
}

/**
 * Answers a download of `blob` like Azure blob storage: 200 with the whole log, or 206 for a
 * satisfiable `bytes=a-b`, `bytes=a-` or `bytes=-n` range, 416 otherwise.
 *
 * @example
 * ```ts
 * const res = serveLog(textLog("abc"), "bytes=-2");
 * res.status; // 206
 * ```
 */
export function serveLog(blob: SimLogBlob, range: string | undefined): Response {
  const headers = {
    "content-type": "text/plain; charset=utf-8",
    "accept-ranges": "bytes",
  };
  const match = blob.ranges ? /^bytes=(\d*)-(\d*)$/.exec(range?.trim() ?? "") : null;
  if (!match || (match[1] === "" && match[2] === "")) {
    return new Response(blob.slice(0, blob.size), {
      status: 200,
      headers: { ...headers, "content-length": String(blob.size) },
    });
  }
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, blob.size - Number(match[2]));
    end = blob.size;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? blob.size : Math.min(blob.size, Number(match[2]) + 1);
  }
  if (start >= blob.size || end <= start) {
    return new Response("InvalidRange: The range specified is invalid for the current size.", {
      status: 416,
      headers: { "content-range": `bytes */${blob.size}` },
    });
  }
  return new Response(blob.slice(start, end), {
    status: 206,
    headers: {
      ...headers,
      "content-length": String(end - start),
      "content-range": `bytes ${start}-${end - 1}/${blob.size}`,
    },
  });
}
