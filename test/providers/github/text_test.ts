import assert from "node:assert/strict";
import {
  decodeBase64Utf8,
  encodeUtf8Base64,
  tailLines,
} from "../../../src/providers/github/text.ts";

Deno.test("base64 round-trips UTF-8 text, including astral characters", () => {
  const text = "héllo ✓ 日本 🚀\n";
  const encoded = encodeUtf8Base64(text);
  assert.equal(encoded, "aMOpbGxvIOKckyDml6XmnKwg8J+agAo=");
  assert.equal(decodeBase64Utf8(encoded), text);
});

Deno.test("decodeBase64Utf8 ignores GitHub's 60-column line wrapping", () => {
  const text = "x".repeat(200) + "é";
  const wrapped = (encodeUtf8Base64(text).match(/.{1,60}/g) ?? []).join("\n") + "\n";
  assert.equal(decodeBase64Utf8(wrapped), text);
});

Deno.test("encodeUtf8Base64 handles inputs larger than one chunk", () => {
  const text = "ü".repeat(70_000);
  assert.equal(decodeBase64Utf8(encodeUtf8Base64(text)), text);
});

Deno.test("tailLines returns the last lines without the trailing newline", () => {
  assert.equal(tailLines("a\nb\nc\n", 2), "b\nc");
  assert.equal(tailLines("a\r\nb\r\nc", 5), "a\nb\nc");
  assert.equal(tailLines("a\nb", 0), "");
});
