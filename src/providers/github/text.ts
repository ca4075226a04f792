/**
 * Byte-exact text helpers for the GitHub contents and logs APIs: base64 ⇄ UTF-8 (the API
 * base64-encodes raw bytes, so `atob` alone would mangle anything outside Latin-1) and log tails.
 *
 * @module
 */

/**
 * Decodes GitHub's base64 file content (wrapped at 60 columns) into a UTF-8 string.
 *
 * @example
 * ```ts
 * decodeBase64Utf8("aMOpbGxv\n"); // "héllo"
 * ```
 */
export function decodeBase64Utf8(base64: string): string {
  const binary = atob(base64.replace(/\s+/g, ""));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * Encodes a string as UTF-8 bytes in base64, as the contents API expects on writes.
 *
 * @example
 * ```ts
 * encodeUtf8Base64("héllo"); // "aMOpbGxv"
 * ```
 */
export function encodeUtf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  // Chunked so very large files do not overflow the argument list of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * The last `lines` lines of a text, ignoring one trailing newline.
 *
 * @example
 * ```ts
 * tailLines("a\nb\nc\n", 2); // "b\nc"
 * ```
 */
export function tailLines(text: string, lines: number): string {
  if (lines <= 0) return "";
  const all = text.replace(/\r?\n$/, "").split(/\r?\n/);
  return all.slice(-lines).join("\n");
}
