/**
 * Slack request signing (v0): `v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")`, checked
 * with Web Crypto before anything else reads the body. With a custom receiver Bolt verifies
 * nothing, so this file is the whole of Slack authentication.
 *
 * @module
 */

/** How far a request timestamp may drift from our clock, either way (Slack: 5 minutes). */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** Why a request was refused; the text is safe to return to the caller. */
export type VerifyFailure =
  | "missing signature headers"
  | "malformed timestamp"
  | "timestamp outside the 5-minute window"
  | "malformed signature"
  | "signature mismatch";

/** Result of the cheap header check that runs before the body is read. */
export type HeaderCheck =
  | { ok: true; timestamp: string; signature: Uint8Array<ArrayBuffer> }
  | { ok: false; reason: VerifyFailure };

const encoder = new TextEncoder();
const HEX_SIGNATURE = /^v0=([0-9a-f]{64})$/;

/**
 * Checks that the signing headers exist and the timestamp is inside the window, without
 * touching the body, so forged floods cost no HMAC and no body read.
 *
 * @example
 * ```ts
 * const check = checkSignatureHeaders(request.headers, new Date());
 * if (!check.ok) console.log(check.reason);
 * ```
 */
export function checkSignatureHeaders(headers: Headers, now: Date): HeaderCheck {
  const timestamp = headers.get("x-slack-request-timestamp");
  const signature = headers.get("x-slack-signature");
  if (!timestamp || !signature) return { ok: false, reason: "missing signature headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: "timestamp outside the 5-minute window" };
  }
  const hex = HEX_SIGNATURE.exec(signature.toLowerCase())?.[1];
  if (!hex) return { ok: false, reason: "malformed signature" };
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, timestamp, signature: bytes };
}

/**
 * Builds a verifier for one signing secret. The HMAC key is imported once; `crypto.subtle.verify`
 * compares in constant time.
 *
 * @example
 * ```ts
 * const verify = createSignatureVerifier("8f742231b10e8888abcd99yyyzzz85a5");
 * const ok = await verify("1531420618", signatureBytes, rawBody);
 * ```
 */
export function createSignatureVerifier(
  signingSecret: string,
): (timestamp: string, signature: Uint8Array<ArrayBuffer>, body: Uint8Array) => Promise<boolean> {
  const key = crypto.subtle.importKey(
    "raw",
    encoder.encode(signingSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  return async (timestamp, signature, body) => {
    const prefix = encoder.encode(`v0:${timestamp}:`);
    const data = new Uint8Array(prefix.length + body.length);
    data.set(prefix);
    data.set(body, prefix.length);
    return await crypto.subtle.verify("HMAC", await key, signature, data);
  };
}
