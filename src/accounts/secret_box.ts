/**
 * Sealing secrets at rest: GitHub tokens, device codes and web-flow states are stored only as
 * AES-256-GCM ciphertext under a key derived from `SECRET_KEY`. Each purpose derives its own
 * key (HKDF-SHA256, fixed salt, `info` naming the purpose), so a value sealed for one use never
 * opens for another, and the associated data binds a value to where it belongs (a link's key):
 * a sealed token copied under another person's key does not open.
 *
 * @module
 */
import { CiError } from "../errors.ts";

/** Seals and opens values for one purpose. */
export interface SecretBox {
  /** `v1.<iv>.<ciphertext>` (base64url), bound to `context`. */
  seal(plain: string, context: string): Promise<string>;
  /** The plain text; throws {@linkcode SealedValueError} for a wrong key, context or any change. */
  open(sealed: string, context: string): Promise<string>;
}

/** A sealed value that does not open: wrong key, wrong context, or tampered with. */
export class SealedValueError extends CiError {
  constructor(reason: string) {
    super("unauthorized", `A stored secret could not be opened: ${reason}`, {
      hint: "It was sealed with another SECRET_KEY or for something else; link again with `login`.",
    });
    this.name = "SealedValueError";
  }
}

// Fixed by design: changing either makes every stored secret unreadable.
const SALT = new TextEncoder().encode("ci-orchestrator/secret-box/v1");
const VERSION = "v1";
const IV_BYTES = 12;

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function fromB64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    // Canonical only: atob ignores the spare bits of the last character, so two spellings
    // would open to the same value.
    return b64url(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * Derives the AES-256-GCM key for `purpose` from `secretKey` and returns a box using it.
 *
 * @example
 * ```ts
 * const box = await createSecretBox(Deno.env.get("SECRET_KEY")!, "account-link-tokens");
 * const sealed = await box.seal("gho_abc", "accounts/link/slack/T1/U1");
 * await box.open(sealed, "accounts/link/slack/T1/U1"); // "gho_abc"
 * ```
 */
export async function createSecretBox(secretKey: string, purpose: string): Promise<SecretBox> {
  if (secretKey.length === 0) throw new CiError("config", "SECRET_KEY is empty");
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secretKey),
    "HKDF",
    false,
    ["deriveKey"],
  );
  const key = await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: SALT,
      info: encoder.encode(`ci-orchestrator ${purpose}`),
    },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  return {
    async seal(plain, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const cipher = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
        key,
        encoder.encode(plain),
      );
      return `${VERSION}.${b64url(iv)}.${b64url(new Uint8Array(cipher))}`;
    },
    async open(sealed, context) {
      const parts = sealed.split(".");
      if (parts.length !== 3 || parts[0] !== VERSION) {
        throw new SealedValueError(`not a ${VERSION} sealed value`);
      }
      const iv = fromB64url(parts[1]);
      const cipher = fromB64url(parts[2]);
      if (!iv || iv.length !== IV_BYTES || !cipher) {
        throw new SealedValueError("malformed sealed value");
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
          key,
          cipher,
        );
        return new TextDecoder("utf-8", { fatal: true }).decode(plain);
      } catch {
        // GCM's tag check fails alike for a wrong key, wrong context and changed bytes.
        throw new SealedValueError("wrong key, wrong owner, or changed");
      }
    },
  };
}
