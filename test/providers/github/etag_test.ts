import assert from "node:assert/strict";
import { EtagCache } from "../../../src/providers/github/etag.ts";

const entry = (etag: string) => ({
  etag,
  response: { status: 200, url: "http://x", headers: { etag }, data: { etag } },
});

Deno.test("EtagCache evicts the least recently used entry when full", () => {
  const cache = new EtagCache(2);
  cache.set("a", entry('"a"'));
  cache.set("b", entry('"b"'));
  assert.equal(cache.get("a")?.etag, '"a"');
  cache.set("c", entry('"c"'));
  assert.equal(cache.size, 2);
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("a")?.etag, '"a"');
  assert.equal(cache.get("c")?.etag, '"c"');
});

Deno.test("EtagCache replaces an entry stored under the same key", () => {
  const cache = new EtagCache(2);
  cache.set("a", entry('"1"'));
  cache.set("a", entry('"2"'));
  assert.equal(cache.size, 1);
  assert.equal(cache.get("a")?.etag, '"2"');
});
