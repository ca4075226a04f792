/**
 * The GitHub simulator App's key pair and JWT check: an RSA 2048 key generated at start (its
 * private half handed to tests as PKCS#8 PEM, like the file GitHub lets you download), and
 * RS256 app JWTs verified with Web Crypto under GitHub's rules — `iss` is the app id, `iat` at most
 * 60 s ahead, `exp` in the future and at most 10 minutes (plus the 60 s) after `iat`.
 *
 * @module
 */

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const encoder = new TextEncoder();

/** GitHub's answer to a JWT it cannot read or whose signature fails. */
export const UNDECODABLE_JWT = "A JSON web token could not be decoded";

/** The App's keys: the PEM tests sign with, the public key the sim verifies with. */
export interface AppKeys {
  privateKeyPem: string;
  publicKey: CryptoKey;
}

/**
 * Generates the App's RSA 2048 key pair.
 *
 * @example
 * ```ts
 * const keys = await generateAppKeys();
 * keys.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----"); // true
 * ```
 */
export async function generateAppKeys(): Promise<AppKeys> {
  const pair = await crypto.subtle.generateKey(
    { ...ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const base64 = btoa(String.fromCharCode(...der));
  const lines = base64.match(/.{1,64}/g) ?? [];
  return {
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`,
    publicKey: pair.publicKey,
  };
}

function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - base64.length % 4) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function base64UrlJson(text: string): Record<string, unknown> {
  const value = JSON.parse(new TextDecoder().decode(base64UrlBytes(text)));
  if (typeof value !== "object" || value === null) throw new Error("not a JSON object");
  return value;
}

/**
 * Checks an App JWT; resolves undefined when it is good, else with GitHub's 401 message.
 *
 * @example
 * ```ts
 * const keys = await generateAppKeys();
 * await verifyAppJwt("not.a.jwt", keys.publicKey, 1, Date.now() / 1000); // UNDECODABLE_JWT
 * ```
 */
export async function verifyAppJwt(
  jwt: string | undefined,
  publicKey: CryptoKey,
  appId: number,
  nowSeconds: number,
): Promise<string | undefined> {
  const parts = jwt?.split(".") ?? [];
  if (parts.length !== 3) return UNDECODABLE_JWT;
  let header, claims;
  try {
    header = base64UrlJson(parts[0]);
    claims = base64UrlJson(parts[1]);
    const signed = encoder.encode(`${parts[0]}.${parts[1]}`);
    const good = header.alg === "RS256" &&
      await crypto.subtle.verify(ALGORITHM, publicKey, base64UrlBytes(parts[2]), signed);
    if (!good) return UNDECODABLE_JWT;
  } catch {
    return UNDECODABLE_JWT;
  }
  // Another app's id would select another app's key on GitHub: the signature would not match.
  if (String(claims.iss) !== String(appId)) return UNDECODABLE_JWT;
  const { iat, exp } = claims;
  if (typeof iat !== "number" || iat > nowSeconds + 60) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  }
  if (typeof exp !== "number" || exp <= nowSeconds) {
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  }
  if (exp - iat > 660) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}
