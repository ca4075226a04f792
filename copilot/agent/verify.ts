/**
 * Authenticates a Copilot agent request before anything reads it as JSON: the body (size
 * limited) must carry GitHub's ECDSA signature (`X-GitHub-Public-Key-Signature`, base64 DER over
 * the raw body, SHA-256) made with the key named by `X-GitHub-Public-Key-Identifier`. Nothing
 * signed binds a request to a time, so a captured one stays valid: the body's digest lets the
 * agent refuse a repeated answer to a confirmation (`confirm.ts`).
 *
 * @module
 */
import { verifyRequest } from "@copilot-extensions/preview-sdk";
import type { KeyCache } from "./keys.ts";
import { sha256Hex } from "../../src/hash.ts";

/** Default body limit: Copilot sends the conversation and its references, not files in bulk. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The verdict: the raw body and its SHA-256 (hex; the signature covers only the body, so the
 * digest is what recognises a replayed request), or the HTTP status and reason to refuse with.
 */
export type Verified =
  | { ok: true; body: string; digest: string }
  | { ok: false; status: 401 | 413; reason: string };

/** Reads at most `limit` bytes; undefined when the body is longer (the rest is cancelled). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel();
    return undefined;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(r.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * Verifies a request; never throws for a bad request (only when the keys cannot be loaded).
 *
 * @example
 * ```ts
 * const v = await verifyCopilotRequest(request, keys);
 * if (!v.ok) return new Response(v.reason, { status: v.status });
 * v.digest; // "9f86d0…": the same body sent again has the same digest
 * ```
 */
export async function verifyCopilotRequest(
  request: Request,
  keys: KeyCache,
  maxBytes = MAX_BODY_BYTES,
): Promise<Verified> {
  const keyId = request.headers.get("x-github-public-key-identifier") ?? "";
  const signature = request.headers.get("x-github-public-key-signature") ?? "";
  if (!keyId || !signature) {
    // Drained so keep-alive clients are not stalled by an unread body.
    await request.body?.cancel();
    return { ok: false, status: 401, reason: "missing Copilot signature headers" };
  }
  const bytes = await readLimited(request, maxBytes);
  if (bytes === undefined) {
    return { ok: false, status: 413, reason: `request body over ${maxBytes} bytes` };
  }
  const body = new TextDecoder().decode(bytes);
  const pem = await keys.get(keyId);
  if (!pem) return { ok: false, status: 401, reason: "unknown signing key" };
  const valid = body.length > 0 && await verifyRequest(body, signature, pem);
  if (!valid) return { ok: false, status: 401, reason: "bad signature" };
  return { ok: true, body, digest: await sha256Hex(bytes) };
}
