/**
 * Reading a request body with a ceiling: chunked bodies without `content-length` cannot make
 * the service buffer more than the route allows.
 *
 * @module
 */

/** A body read within its limit, or how far it got before the limit. */
export type BoundedBody = { ok: true; bytes: Uint8Array } | { ok: false; size: number };

/**
 * Reads at most `max` bytes; stops (and cancels the rest) as soon as the body is larger.
 *
 * @example
 * ```ts
 * const read = await readBounded(new Request("http://x", { method: "POST", body: "hi" }), 10);
 * read.ok && read.bytes.length; // 2
 * ```
 */
export async function readBounded(request: Request, max: number): Promise<BoundedBody> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > max) {
    await request.body?.cancel();
    return { ok: false, size: declared };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return { ok: false, size };
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { ok: true, bytes };
}
