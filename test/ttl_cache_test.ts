import assert from "node:assert/strict";
import { sha256Hex } from "../src/hash.ts";
import { createTtlCache } from "../src/ttl_cache.ts";

Deno.test("ttl cache: entries expire, and the oldest goes first when full", () => {
  let t = 0;
  const cache = createTtlCache<string>({ limit: 2, ttlMs: 1_000, now: () => new Date(t) });
  cache.set("a", "1");
  cache.set("b", "2");
  assert.equal(cache.get("a"), "1");
  cache.set("c", "3");
  assert.equal(cache.get("a"), undefined, "a was the oldest");
  assert.equal(cache.get("b"), "2");
  t = 1_000;
  assert.equal(cache.get("b"), undefined, "expired");
  assert.equal(cache.get("c"), undefined);
});

Deno.test("sha256Hex hashes text as UTF-8 and bytes alike", async () => {
  assert.equal(
    await sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(await sha256Hex(new TextEncoder().encode("abc")), await sha256Hex("abc"));
});
