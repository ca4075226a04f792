/**
 * Matrix expansion for the test operation: the user's matrix (a preset name or explicit
 * dimensions) → the list of scenarios to dispatch, one combination of values each.
 *
 * `include`/`exclude` follow GitHub Actions' rules, as documented in "Using a matrix for your jobs"
 * (https://docs.github.com/en/actions/using-jobs/using-a-matrix-for-your-jobs):
 * the cartesian product of the dimensions is taken in the order written (first dimension
 * slowest); `exclude` entries remove every combination they match (all their keys equal); then
 * each `include` entry is merged into every remaining original combination whose original
 * values it does not contradict (values added by an earlier include may be overwritten), and an
 * entry that fits no original combination becomes a new combination of its own.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { closest } from "../intent/suggest.ts";
import type { Intent } from "../intent/schema.ts";
import { type Combination, MATRIX_KEYWORDS, type Presets, PRESETS_PATH } from "./presets.ts";

/** Default cap on scenarios per test: each one is a workflow run someone pays for. */
export const MAX_SCENARIOS = 50;

// Beyond this many raw combinations the product is not even built (a typo like 256 × 256).
const HARD_PRODUCT_CAP = 10_000;

/** Options of {@linkcode expandMatrix}. */
export interface ExpandOptions {
  /** At most this many scenarios; default {@linkcode MAX_SCENARIOS}. */
  max?: number;
}

interface MatrixSpec {
  /** How to name it in messages: "preset 'full'" or "matrix". */
  label: string;
  dimensions: Record<string, string[]>;
  include: Combination[];
  exclude: Combination[];
}

/**
 * Expands a matrix into scenarios. No matrix → one scenario `{}` (dispatch once, as is).
 *
 * @throws {CiError} `bad_request` for an unknown preset (listing the available ones), a reserved
 *   dimension name, a matrix that excludes everything, or more than `max` scenarios.
 * @example
 * ```ts
 * expandMatrix({ "python-version": ["3.11", "3.12"], os: ["ubuntu-latest"] }, new Map());
 * // [{ "python-version": "3.11", os: "ubuntu-latest" }, { "python-version": "3.12", os: "ubuntu-latest" }]
 * ```
 */
export function expandMatrix(
  matrix: Intent["matrix"] | undefined,
  presets: Presets,
  options: ExpandOptions = {},
): Combination[] {
  const max = options.max ?? MAX_SCENARIOS;
  if (matrix === undefined) return [{}];
  const spec = typeof matrix === "string" ? presetSpec(matrix, presets) : explicitSpec(matrix);
  const dims = Object.entries(spec.dimensions).map(
    ([name, values]) => [name, [...new Set(values)]] as const,
  );
  if (dims.length === 0 && spec.include.length === 0) return [{}];
  const sizes = dims.map(([, values]) => values.length);
  const product = dims.length === 0 ? 0 : sizes.reduce((a, b) => a * b, 1);
  const shape = sizes.join(" × ");
  if (product > Math.max(max, HARD_PRODUCT_CAP)) {
    throw tooMany(product, max, `${spec.label} has ${shape} before exclude`);
  }
  const originals = cartesian(dims).filter(
    (combo) => !spec.exclude.some((entry) => matches(combo, entry)),
  );
  const excluded = product - originals.length;
  const names = new Set(dims.map(([name]) => name));
  const added: Combination[] = [];
  for (const entry of spec.include) {
    let fitted = false;
    for (const combo of originals) {
      const fits = Object.entries(entry).every(([k, v]) => !names.has(k) || combo[k] === v);
      if (!fits) continue;
      for (const [k, v] of Object.entries(entry)) define(combo, k, v);
      fitted = true;
    }
    if (!fitted) added.push(Object.entries(entry).reduce((c, [k, v]) => define(c, k, v), {}));
  }
  const scenarios = [...originals, ...added];
  if (scenarios.length === 0) {
    throw new CiError(
      "bad_request",
      `Cannot dispatch as ${spec.label} leaves nothing to run: exclude removes all ${product} ` +
        `combinations (${shape})`,
      {
        hint: "Remove an exclude entry or add a value to a dimension so something is left to run.",
      },
    );
  }
  if (scenarios.length > max) {
    const parts = [shape || "no dimensions"];
    if (excluded > 0) parts.push(`${excluded} excluded`);
    if (added.length > 0) parts.push(`${added.length} added by include`);
    throw tooMany(scenarios.length, max, `${spec.label} has ${parts.join(", ")}`);
  }
  return scenarios;
}

/**
 * A short human name for a scenario, in dimension order.
 *
 * @example
 * ```ts
 * scenarioLabel({ "python-version": "3.11", os: "ubuntu-latest" }); // "python-version=3.11, os=ubuntu-latest"
 * scenarioLabel({}); // "default"
 * ```
 */
export function scenarioLabel(combo: Combination): string {
  const parts = Object.entries(combo).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? parts.join(", ") : "default";
}

function presetSpec(name: string, presets: Presets): MatrixSpec {
  const preset = presets.get(name);
  if (preset) {
    return {
      label: `preset '${name}'`,
      dimensions: preset.dimensions,
      include: preset.include,
      exclude: preset.exclude,
    };
  }
  const available = [...presets.keys()];
  const near = closest(name, available, 1)[0];
  const known = available.length > 0
    ? `available presets: ${available.join(", ")}`
    : "no presets are defined for this repository";
  throw new CiError(
    "bad_request",
    `Unknown matrix preset '${name}'${near ? ` (did you mean '${near}'?)` : ""}: ${known}`,
    {
      hint: `Define presets under \`presets:\` in ${PRESETS_PATH} of the repository (or in the ` +
        "policy file), or give the dimensions: matrix:python-version=3.11,3.12",
    },
  );
}

function explicitSpec(dimensions: Record<string, string[]>): MatrixSpec {
  const reserved = Object.keys(dimensions).filter((k) =>
    (MATRIX_KEYWORDS as readonly string[]).includes(k)
  );
  if (reserved.length > 0) {
    throw new CiError(
      "bad_request",
      `Cannot use '${reserved[0]}' as a matrix dimension: include and exclude are only ` +
        "available in presets",
      { hint: `Define a preset with include/exclude in ${PRESETS_PATH} and use matrix:<name>.` },
    );
  }
  return { label: "current matrix", dimensions, include: [], exclude: [] };
}

function cartesian(dims: ReadonlyArray<readonly [string, readonly string[]]>): Combination[] {
  if (dims.length === 0) return [];
  let combos: Combination[] = [{}];
  for (const [name, values] of dims) {
    combos = combos.flatMap((combo) => values.map((value) => define({ ...combo }, name, value)));
  }
  return combos;
}

// Own data properties only: a dimension called `__proto__` must stay a dimension.
function define(combo: Combination, key: string, value: string): Combination {
  Object.defineProperty(combo, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return combo;
}

function matches(combo: Combination, entry: Combination): boolean {
  return Object.entries(entry).every(([k, v]) => Object.hasOwn(combo, k) && combo[k] === v);
}

function tooMany(count: number, max: number, detail: string): CiError {
  return new CiError(
    "bad_request",
    `Cannot dispatch ${count} scenarios: at most ${max} per test (${detail})`,
    {
      hint: "Narrow the matrix (fewer values per dimension) or use a smaller preset, " +
        "e.g. matrix:quick.",
    },
  );
}
