import assert from "node:assert/strict";
import { openKvStore } from "../../src/store/kv.ts";
import { storeContract } from "./contract.ts";

storeContract("deno kv :memory:", () => openKvStore(":memory:"));

Deno.test("kv store: a file store keeps data across reopen", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/nested/store.kv`;
    const first = await openKvStore(path);
    await first.set(["k"], "v");
    await first.close();
    const second = await openKvStore(path);
    assert.equal(await second.get(["k"]), "v");
    await second.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
