/**
 * Discord request signing: `Ed25519(publicKey, timestamp + raw body)`, sent as
 * `X-Signature-Ed25519` (hex) and `X-Signature-Timestamp`. Checked with Web Crypto before the
 * body is parsed; Discord itself sends bad signatures now and then to check that we refuse them.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";

/** How far a request timestamp may drift from our clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** Why a request was refused; the text is safe to return to the caller. */
export type VerifyFailure =
  | "missing signature headers"
  | "malformed timestamp"
  | "timestamp outside the 5-minute window"
  | "malformed signature"
  | "signature mismatch";

/** Result of the header check that runs before the body is read. */
export type HeaderCheck =
  | { ok: true; timestamp: string; signature: Uint8Array<ArrayBuffer> }
  | { ok: false; reason: VerifyFailure };

const encoder = new TextEncoder();

/**
 * Bytes of a hex string; `null` when it is not hex of the expected length.
 *
 * @example
 * ```ts
 * hexToBytes("00ff", 2); // Uint8Array [0, 255]
 * ```
 */
export function hexToBytes(hex: string, length: number): Uint8Array<ArrayBuffer> | null {
  if (hex.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Checks that the signing headers exist, are well formed and the timestamp is inside the
 * window, without touching the body.
 *
 * @example
 * ```ts
 * const check = checkSignatureHeaders(request.headers, new Date());
 * if (!check.ok) console.log(check.reason);
 * ```
 */
export function checkSignatureHeaders(headers: Headers, now: Date): HeaderCheck {
  const timestamp = headers.get("x-signature-timestamp");
  const signature = headers.get("x-signature-ed25519");
  if (!timestamp || !signature) return { ok: false, reason: "missing signature headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: "timestamp outside the 5-minute window" };
  }
  const bytes = hexToBytes(signature, 64);
  if (!bytes) return { ok: false, reason: "malformed signature" };
  return { ok: true, timestamp, signature: bytes };
}

/**
 * Builds a verifier for the application's public key (64 hex characters, from the Developer
 * Portal). The key is imported once. Throws `CiError("config")` for a malformed key.
 *
 * @example
 * ```ts
 * const verify = createEd25519Verifier(env.DISCORD_PUBLIC_KEY);
 * const ok = await verify(check.timestamp, check.signature, rawBody);
 * ```
 */
export function createEd25519Verifier(
  publicKeyHex: string,
): (timestamp: string, signature: Uint8Array<ArrayBuffer>, body: Uint8Array) => Promise<boolean> {
  const raw = hexToBytes(publicKeyHex.trim(), 32);
  if (!raw) {
    throw new CiError("config", "DISCORD_PUBLIC_KEY must be 64 hex characters", {
      hint: "Copy the Public Key from the application's General Information page.",
    });
  }
  const key = crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
  return async (timestamp, signature, body) => {
    const prefix = encoder.encode(timestamp);
    const data = new Uint8Array(prefix.length + body.length);
    data.set(prefix);
    data.set(body, prefix.length);
    return await crypto.subtle.verify({ name: "Ed25519" }, await key, signature, data);
  };
}
