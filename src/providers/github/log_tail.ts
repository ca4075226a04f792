/**
 * Reading only the end of a job log. Logs are attacker-sized (a fork's pull request can print
 * hundreds of megabytes), so the download asks for the last {@linkcode LOG_TAIL_BYTES} with
 * `Range: bytes=-N`; a store that ignores Range is streamed through a ring buffer that keeps the
 * last bytes seen and gives up after {@linkcode LOG_READ_CAP_BYTES}, saying what it skipped.
 *
 * @module
 */

/** Bytes of the end of a log requested and kept: ample for the 100-line excerpts callers show. */
export const LOG_TAIL_BYTES = 64 * 1024;

/** Most bytes read from a download that ignored Range before giving up on reaching the end. */
export const LOG_READ_CAP_BYTES = 8 * 1024 * 1024;

/** The range header that asks for the tail. */
export const TAIL_RANGE = `bytes=-${LOG_TAIL_BYTES}`;

/** What {@linkcode readLogTail} kept. */
export interface LogTail {
  /** The last bytes read, decoded; starts on a whole line unless the log is that short. */
  text: string;
  /** Set when the read stopped before the end of the log: what was left unread. */
  truncated?: { readBytes: number; totalBytes?: number };
}

/** Bounded memory over an unbounded stream: chunks, dropping the oldest beyond `limit`. */
class TailBuffer {
  #chunks: Uint8Array[] = [];
  #kept = 0;

  constructor(readonly limit: number) {}

  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
    while (this.#chunks.length > 1 && this.#kept - this.#chunks[0].length >= this.limit) {
      this.#kept -= this.#chunks.shift()!.length;
    }
  }

  bytes(): Uint8Array {
    const all = new Uint8Array(this.#kept);
    let at = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all.subarray(Math.max(0, all.length - this.limit));
  }
}

/** Total size from `Content-Range: bytes a-b/total` or, for a 200, `Content-Length`. */
function totalSize(response: Response): number | undefined {
  const range = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "");
  const raw = range?.[1] ?? (response.status === 200 ? response.headers.get("content-length") : "");
  const size = Number(raw ?? "");
  return raw && Number.isFinite(size) ? size : undefined;
}

/**
 * Reads the end of a log download (200 or 206) holding at most `tailBytes` (plus one chunk)
 * and reading at most `capBytes`; cancels the body as soon as it stops.
 *
 * @example
 * ```ts
 * const tail = await readLogTail(new Response("a\nb\nc\n"), { tailBytes: 4 });
 * tail.text; // "c\n" (the cut line "b" is dropped)
 * ```
 */
export async function readLogTail(
  response: Response,
  options: { tailBytes?: number; capBytes?: number } = {},
): Promise<LogTail> {
  const tailBytes = options.tailBytes ?? LOG_TAIL_BYTES;
  const capBytes = options.capBytes ?? LOG_READ_CAP_BYTES;
  const rangeStart = Number(/^bytes (\d+)-/.exec(response.headers.get("content-range") ?? "")?.[1]);
  const buffer = new TailBuffer(tailBytes);
  let read = 0;
  let stopped = false;
  if (response.body) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer.push(value);
        read += value.length;
        if (read >= capBytes) {
          stopped = true;
          break;
        }
      }
    } finally {
      // Stops the transfer: the unread rest of a huge log is never downloaded.
      await reader.cancel().catch(() => {});
    }
  }
  const bytes = buffer.bytes();
  const cutAtStart = (Number.isFinite(rangeStart) && rangeStart > 0) || read > bytes.length;
  let text = new TextDecoder().decode(bytes);
  // The first line of a cut buffer is a fragment (maybe half a UTF-8 character): drop it.
  if (cutAtStart && text.includes("\n")) text = text.slice(text.indexOf("\n") + 1);
  const total = totalSize(response);
  const complete = !stopped || (total !== undefined && read >= total);
  return complete ? { text } : { text, truncated: { readBytes: read, totalBytes: total } };
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The line that tells a reader the excerpt is not the end of the log.
 *
 * @example
 * ```ts
 * truncationNote({ readBytes: 8 * 1024 * 1024 }); // "[log truncated: read the first 8.0 MB; the rest was not read]"
 * ```
 */
export function truncationNote(truncated: NonNullable<LogTail["truncated"]>): string {
  const { readBytes, totalBytes } = truncated;
  return totalBytes === undefined
    ? `[log truncated: read the first ${mb(readBytes)}; the rest was not read]`
    : `[log truncated: read the first ${mb(readBytes)} of ${mb(totalBytes)}; the last ${
      mb(totalBytes - readBytes)
    } were not read]`;
}
