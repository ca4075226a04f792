/**
 * Matrix values in a sentence: runtimes with their versions ("python 3.10 through 3.12",
 * "node 18 20 22") and operating systems ("on ubuntu and macos"), lists and ranges expanded.
 *
 * @module
 */
import type { FieldKey } from "../commands.ts";
import { RUNTIME_RE, RUNTIMES, VER } from "./rules.ts";

/** Sets one field from raw text, with a note for the explanation. */
export type Take = (field: FieldKey, value: string, why: string) => void;

const OS_RE =
  /\b(ubuntu|linux|mac\s?os|macos|osx|mac|windows)\b(?:[\s-]+(\d{2,4}(?:\.\d+)?)(?!\s*(?:times|x\b|runs)))?/gi;

/**
 * Takes every runtime and OS matrix dimension the text names.
 *
 * @example
 * ```ts
 * const got: string[] = [];
 * extractMatrix("node 18 to 22", (_f, v) => got.push(v)); // got: ["node-version=18,20,22"]
 * ```
 */
export function extractMatrix(text: string, take: Take): void {
  for (const m of text.matchAll(RUNTIME_RE)) {
    const dim = RUNTIMES[m[1].toLowerCase()];
    const versions = expandRange(m[2]);
    if (dim === "go-version" && versions.some((v) => !v.includes("."))) continue;
    take("matrix", `${dim}=${versions.join(",")}`, `${m[1]} ${versions.join(", ")}`);
  }
  // "the full matrix", "every combination": the preset that runs everything
  const full =
    /\b(?:full|whole|entire|complete)\s+(?:test\s+)?matrix\b|\bevery (?:combination|combo)\b/i
      .exec(text);
  if (full) take("matrix", "full", `from ${JSON.stringify(full[0])}`);
  for (const m of text.matchAll(OS_RE)) {
    const word = m[1].toLowerCase().replace(/\s/g, "");
    const family = word === "linux" || word === "ubuntu"
      ? "ubuntu"
      : word === "windows"
      ? "windows"
      : "macos";
    const label = `${family}-${m[2] ?? "latest"}`;
    take("matrix", `os=${label}`, `os ${label}`);
  }
}

/**
 * Versions as listed, with a range ("3.10 through 3.12", "18-22") expanded on its last number:
 * minor versions step by one, major versions by two when both ends are even (Node's LTS lines).
 */
function expandRange(list: string): string[] {
  const versions = [...list.matchAll(new RegExp(VER, "g"))].map((v) => v[0].replace(/^v/, ""));
  const range = new RegExp(
    String.raw`(${VER})\s*(?:through|thru|(?:up\s+)?to|until|-|–|\.\.)\s*(${VER})`,
    "i",
  )
    .exec(list);
  if (!range) return versions;
  const [from, to] = [range[1].replace(/^v/, ""), range[2].replace(/^v/, "")];
  const a = from.split(".");
  const b = to.split(".");
  if (a.length !== b.length || a.slice(0, -1).join(".") !== b.slice(0, -1).join(".")) {
    return versions;
  }
  const [lo, hi] = [Number(a.at(-1)), Number(b.at(-1))];
  if (!(hi > lo) || hi - lo > 20) return versions;
  const step = a.length === 1 && lo % 2 === 0 && hi % 2 === 0 ? 2 : 1;
  const prefix = a.slice(0, -1).map((p) => `${p}.`).join("");
  const filled: string[] = [];
  for (let n = lo; n <= hi; n += step) filled.push(`${prefix}${n}`);
  const i = versions.indexOf(from);
  return [...new Set([...versions.slice(0, i), ...filled, ...versions.slice(i + 2)])];
}
