import assert from "node:assert/strict";
import { createSecretBox, SealedValueError } from "../../src/accounts/secret_box.ts";

const KEY = "a-long-random-secret-key-for-tests";
const ALICE = "accounts/link/slack/T1/U0ALICE";
const MALLORY = "accounts/link/slack/T1/U0MALLORY";

Deno.test("secret box: seals to v1.<iv>.<ciphertext> and opens again", async () => {
  const box = await createSecretBox(KEY, "account-link-tokens");
  const sealed = await box.seal("gho_the-token", ALICE);
  assert.match(sealed, /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  assert.ok(!sealed.includes("gho_the-token"));
  assert.equal(await box.open(sealed, ALICE), "gho_the-token");
  assert.notEqual(await box.seal("gho_the-token", ALICE), sealed, "a fresh IV each time");
});

Deno.test("secret box: a wrong SECRET_KEY is refused, not garbage", async () => {
  const sealed = await (await createSecretBox(KEY, "account-link-tokens")).seal("x", ALICE);
  const other = await createSecretBox(`${KEY}!`, "account-link-tokens");
  await assert.rejects(() => other.open(sealed, ALICE), SealedValueError);
});

Deno.test("secret box: attack — a value moved under another person's key does not open", async () => {
  const box = await createSecretBox(KEY, "account-link-tokens");
  const sealed = await box.seal("gho_alices-token", ALICE);
  await assert.rejects(() => box.open(sealed, MALLORY), (e: unknown) => {
    assert.ok(e instanceof SealedValueError);
    assert.equal(e.code, "unauthorized");
    assert.ok(!e.message.includes("gho_"), "never echoes the secret");
    return true;
  });
});

Deno.test("secret box: a value sealed for another purpose does not open", async () => {
  const tokens = await createSecretBox(KEY, "account-link-tokens");
  const login = await createSecretBox(KEY, "account-login");
  const sealed = await tokens.seal("x", ALICE);
  await assert.rejects(() => login.open(sealed, ALICE), SealedValueError);
});

Deno.test("secret box: attack — every changed byte is refused", async () => {
  const box = await createSecretBox(KEY, "account-link-tokens");
  const sealed = await box.seal("gho_the-token", ALICE);
  for (let i = 0; i < sealed.length; i++) {
    if (sealed[i] === ".") continue;
    const flipped = sealed.slice(0, i) + (sealed[i] === "A" ? "B" : "A") + sealed.slice(i + 1);
    if (flipped === sealed) continue;
    await assert.rejects(() => box.open(flipped, ALICE), SealedValueError, `byte ${i}`);
  }
  for (
    const bad of ["", "v1..", "v2.AAAA.BBBB", "v1.!!!.BBBB", sealed.slice(0, -4), `${sealed}.x`]
  ) {
    await assert.rejects(() => box.open(bad, ALICE), SealedValueError, JSON.stringify(bad));
  }
});
