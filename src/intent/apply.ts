/**
 * The apply step as command text, both ways: `apply:s1,s2` (preview these suggestions),
 * `apply:s1,s2@3fa9c2e1d0aa` (confirm them for those file contents), `apply:@3fa9c2e1d0aa`
 * (confirm a migration) and the bare word `apply` (preview a migration). This is the only
 * reader of that text; everything after it uses the typed {@linkcode Apply} value.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Apply } from "./schema.ts";

const HINT =
  "Write `optimize apply s1,s2` to preview suggestions s1 and s2, or `migrate … apply` " +
  "to preview a migration; press Confirm on the preview to open the pull request.";

/**
 * Reads the value of `apply:` (empty for the bare word). Ids are lower-cased and de-duplicated;
 * their shape and the hash's are checked by `IntentSchema`, which names the offending value.
 *
 * @throws {CiError} `bad_request` for more than one `@`, or an `@` with nothing after it.
 * @example
 * ```ts
 * parseApplyText("s1,S2"); // { step: "preview", ids: ["s1", "s2"] }
 * parseApplyText("s1@3fa9c2e1d0aa"); // { step: "confirm", ids: ["s1"], hash: "3fa9c2e1d0aa" }
 * parseApplyText(""); // { step: "preview" }
 * ```
 */
export function parseApplyText(text: string): Apply {
  const parts = text.split("@");
  if (parts.length > 2 || (parts.length === 2 && parts[1] === "")) {
    throw new CiError("bad_request", `Cannot read the apply step '${text}'`, {
      hint: `${HINT} A confirmation is written apply:IDS@HASH, as the Confirm button sends it.`,
    });
  }
  const ids = splitIds(parts[0]);
  const withIds = ids.length > 0 ? { ids } : {};
  return parts.length === 2
    ? { step: "confirm", hash: parts[1], ...withIds }
    : { step: "preview", ...withIds };
}

/**
 * Splits `s1, s2,S3` into lower-case, de-duplicated ids.
 *
 * @example
 * ```ts
 * splitIds("s1, s2,S1"); // ["s1", "s2"]
 * ```
 */
export function splitIds(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Writes the step back as the value of `apply:` (empty: the bare word `apply`).
 *
 * @example
 * ```ts
 * applyText({ step: "confirm", ids: ["s1"], hash: "3fa9c2e1d0aa" }); // "s1@3fa9c2e1d0aa"
 * applyText({ step: "preview" }); // ""
 * ```
 */
export function applyText(apply: Apply): string {
  const ids = apply.ids?.join(",") ?? "";
  return apply.step === "confirm" ? `${ids}@${apply.hash}` : ids;
}
