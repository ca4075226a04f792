import assert from "node:assert/strict";
import postgres from "postgres";
import { createLinkStore, linkKey } from "../../src/accounts/links.ts";
import { createSecretBox, SealedValueError } from "../../src/accounts/secret_box.ts";
import { CiError } from "../../src/errors.ts";
import { kvStore } from "../../src/store/kv.ts";
import { openPostgresStore } from "../../src/store/postgres.ts";
import type { Store } from "../../src/store/port.ts";
import { rawKv, SECRET_KEY } from "./helpers.ts";

const ACCESS = "ghu_AccessTokenThatMustNeverBeStored0001";
const REFRESH = "ghr_RefreshTokenThatMustNeverBeStored0002";
const ALICE = { surface: "slack", userId: "U0ALICE", teamId: "T0ACME" } as const;
const MALLORY = { surface: "slack", userId: "U0MALLORY", teamId: "T0ACME" } as const;
const LINK = {
  login: "alice",
  tokens: { accessToken: ACCESS, refreshToken: REFRESH },
  expiresAt: "2026-11-24T18:00:00.000Z",
  refreshExpiresAt: "2027-05-24T10:00:00.000Z",
  linkedAt: "2026-11-24T10:00:00.000Z",
};

const links = async (store: Store) =>
  createLinkStore(store, await createSecretBox(SECRET_KEY, "account-link-tokens"));

function assertNoTokens(raw: string[]) {
  assert.ok(raw.length > 0, "the link was stored");
  for (const text of raw) {
    assert.ok(!text.includes(ACCESS), `access token in ${text}`);
    assert.ok(!text.includes(REFRESH), `refresh token in ${text}`);
  }
}

Deno.test("links: round trip; only the login, sealed tokens and times are stored", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = kvStore(kv);
    const l = await links(store);
    await l.put(ALICE, LINK);
    assert.deepEqual(await l.get(ALICE), LINK);
    const stored = await store.get<Record<string, unknown>>(linkKey(ALICE));
    assert.deepEqual(Object.keys(stored!).sort(), [
      "expiresAt",
      "linkedAt",
      "login",
      "refreshExpiresAt",
      "sealed",
    ]);
    assert.equal(await l.get(MALLORY), null);
    await l.delete(ALICE);
    assert.equal(await l.get(ALICE), null);
  } finally {
    kv.close();
  }
});

Deno.test("links: attack — no token bytes anywhere in the raw KV store", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await (await links(kvStore(kv))).put(ALICE, LINK);
    assertNoTokens(await rawKv(kv));
  } finally {
    kv.close();
  }
});

Deno.test({
  name: "links: attack — no token bytes anywhere in the raw PostgreSQL store",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  async fn() {
    const url = Deno.env.get("TEST_DATABASE_URL")!;
    const schema = `t_links_${crypto.randomUUID().slice(0, 8)}`;
    const store = await openPostgresStore(url, { schema });
    const sql = postgres(url, { onnotice: () => {} });
    try {
      await (await links(store)).put(ALICE, LINK);
      const rows = await sql`SELECT key, parts, value FROM ${sql(schema)}.kv`;
      assertNoTokens(rows.map((r) => JSON.stringify(r)));
    } finally {
      await store.close();
      await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
      await sql.end();
    }
  },
});

Deno.test("links: attack — Alice's sealed tokens copied under Mallory's key do not open", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = kvStore(kv);
    const l = await links(store);
    await l.put(ALICE, LINK);
    await store.set(linkKey(MALLORY), await store.get(linkKey(ALICE)));
    await assert.rejects(() => l.get(MALLORY), SealedValueError);
  } finally {
    kv.close();
  }
});

Deno.test("links: keys are per surface, workspace and person; only chat members link", () => {
  assert.deepEqual(linkKey(ALICE), ["accounts", "link", "slack", "T0ACME", "U0ALICE"]);
  assert.deepEqual(linkKey({ surface: "discord", userId: "80351110224678912" }), [
    "accounts",
    "link",
    "discord",
    "-",
    "80351110224678912",
  ]);
  const guid = "0000ABCD-0000-0000-0000-000000000000";
  assert.equal(linkKey({ surface: "teams", userId: guid, teamId: "T" }).at(-1), guid.toLowerCase());
  for (
    const who of [
      { surface: "copilot", userId: "octocat" },
      { surface: "mcp", userId: "octocat", via: "github" },
      { surface: "cli" },
      { surface: "slack" },
    ] as const
  ) {
    assert.throws(
      () => linkKey(who),
      (e: unknown) => e instanceof CiError && e.code === "unsupported",
    );
  }
});
