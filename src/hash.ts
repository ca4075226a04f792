/**
 * SHA-256 with Web Crypto, as the lowercase hex the service uses for content hashes and for
 * cache keys that must not hold a token or a reversible form of it.
 *
 * @module
 */

/**
 * Hex SHA-256 of a text (as UTF-8) or of bytes.
 *
 * @example
 * ```ts
 * (await sha256Hex("a")).slice(0, 8); // "ca978112"
 * ```
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
