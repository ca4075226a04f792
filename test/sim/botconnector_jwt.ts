/**
 * RS256 JWTs for the Bot Connector simulator: a locally generated RSA key, its JWKS entry (with
 * the `endorsements` the Bot Framework SDK checks against the activity's `channelId`), and
 * signing / checking of compact tokens with Web Crypto.
 *
 * @module
 */

/** A signing key with its public JWK. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JsonWebKey;
}

const ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
} as const;

/**
 * Generates an RSA key pair for signing tokens.
 *
 * @example
 * ```ts
 * const key = await generateSigningKey("sim-key-1");
 * ```
 */
export async function generateSigningKey(kid: string): Promise<SigningKey> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const publicJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return { kid, privateKey: pair.privateKey, publicJwk };
}

/**
 * The key as a JWKS entry, endorsed for the given channels.
 *
 * @example
 * ```ts
 * ({ keys: [jwksEntry(key, ["msteams"])] });
 * ```
 */
export function jwksEntry(key: SigningKey, endorsements: string[]): Record<string, unknown> {
  return {
    kty: "RSA",
    use: "sig",
    kid: key.kid,
    n: key.publicJwk.n,
    e: key.publicJwk.e,
    endorsements,
  };
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Signs a compact RS256 JWT.
 *
 * @example
 * ```ts
 * const jwt = await signJwt(key, { iss: "https://api.botframework.com", aud: "app-id" });
 * ```
 */
export async function signJwt(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  const header = { alg: "RS256", typ: "JWT", kid: key.kid, x5t: key.kid };
  const input = `${base64url(encoder.encode(JSON.stringify(header)))}.${
    base64url(encoder.encode(JSON.stringify(claims)))
  }`;
  const signature = await crypto.subtle.sign(ALGORITHM.name, key.privateKey, encoder.encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Checks a token's signature with `key` and returns its claims, or `null` when it does not verify
 * or has expired at `nowSeconds`.
 *
 * @example
 * ```ts
 * const claims = await verifyJwt(key, token, Date.now() / 1000);
 * ```
 */
export async function verifyJwt(
  key: SigningKey,
  token: string,
  nowSeconds: number,
): Promise<Record<string, unknown> | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const publicKey = await crypto.subtle.importKey("jwk", key.publicJwk, ALGORITHM, false, [
    "verify",
  ]);
  let ok = false;
  try {
    ok = await crypto.subtle.verify(
      ALGORITHM.name,
      publicKey,
      fromBase64url(parts[2]),
      encoder.encode(`${parts[0]}.${parts[1]}`),
    );
  } catch {
    return null;
  }
  if (!ok) return null;
  const claims = JSON.parse(new TextDecoder().decode(fromBase64url(parts[1])));
  return typeof claims.exp === "number" && claims.exp > nowSeconds ? claims : null;
}
