/**
 * Findings as SARIF 2.1.0, the format GitHub code scanning reads
 * (`github/codeql-action/upload-sarif`): one run, every rule in `tool.driver.rules` with its
 * help and a link to its section of `docs/rules.md`, every finding a result located relative to
 * the repository root with a line-independent fingerprint, so moving code does not reopen an
 * alert.
 *
 * @module
 */
import type { Finding, Severity } from "./model.ts";

/** A rule as SARIF needs it (the shape of `RuleInfo`). */
export interface SarifRule {
  id: string;
  severity: Severity;
  title: string;
  rationale: string;
}

/** What {@linkcode toSarif} needs besides the findings. */
export interface SarifOptions {
  rules: readonly SarifRule[];
  /** The tool's version, shown by code scanning when given. */
  version?: string;
  /** Absolute URL of `docs/rules.md`; each rule links to `#<id>` in it. */
  rulesDocUrl: string;
}

/** The SARIF schema this output follows. */
export const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The name of the `partialFingerprints` entry (versioned: a new recipe is a new key). */
export const FINGERPRINT_KEY = "ciOrchestratorFinding/v1";

// Hex SHA-256 with Web Crypto: a fingerprint, not a secret.
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  notice: "note",
};

// Markdown of our messages to plain text: code spans keep their content, escapes go.
const plain = (text: string) =>
  text.replace(/(`+) ?([^`]*?) ?\1/g, "'$2'").replace(/\\([\\`*_[\]()#+\-.!|<>~])/g, "$1");

/**
 * Renders findings as a SARIF 2.1.0 log. File paths are taken as repository-relative.
 *
 * @example
 * ```ts
 * const log = await toSarif(report.findings, { rules: RULES, rulesDocUrl: "https://example.com/docs/rules.md" });
 * JSON.stringify(log);
 * ```
 */
export async function toSarif(
  findings: readonly Finding[],
  options: SarifOptions,
): Promise<Record<string, unknown>> {
  const used = new Set(findings.map((f) => f.ruleId));
  const rules = options.rules.filter((r) => used.has(r.id));
  for (const id of used) {
    if (!rules.some((r) => r.id === id)) {
      rules.push({ id, severity: "warning", title: id, rationale: id });
    }
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  const results = [];
  for (const f of findings) {
    // Line-independent identity; identical findings in one file are told apart by their order.
    const identity = [f.ruleId, f.file, f.job ?? "", plain(f.message)].join("\u0000");
    const nth = seen.get(identity) ?? 0;
    seen.set(identity, nth + 1);
    const text = plain(f.message) + (f.fix ? `. Fix: ${plain(f.fix)}` : "");
    results.push({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file.replace(/^\.\//, "")), uriBaseId: "%SRCROOT%" },
          region: {
            startLine: f.line ?? 1,
            ...(f.column ? { startColumn: f.column } : {}),
          },
        },
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: `${await sha256Hex(identity)}:${nth}` },
    });
  }
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "ci-orchestrator",
          ...(options.version ? { version: options.version } : {}),
          informationUri: options.rulesDocUrl,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.rationale },
            help: {
              text: `${r.rationale} See ${options.rulesDocUrl}#${r.id}`,
              markdown:
                `${r.rationale}\n\n[${r.id} in docs/rules.md](${options.rulesDocUrl}#${r.id})`,
            },
            helpUri: `${options.rulesDocUrl}#${r.id}`,
            defaultConfiguration: { level: LEVEL[r.severity] },
          })),
        },
      },
      columnKind: "unicodeCodePoints",
      results,
    }],
  };
}
