/**
 * `deno task vscode:package`: installs the extension's pinned npm tools, type-checks the real
 * `vscode` API against the slice the handler uses, bundles `src/extension.ts` to
 * `dist/extension.js` (esbuild, `vscode` external) and packs `ci-orchestrator.vsix` with vsce,
 * offline from the marketplace (npm registry only). Then it checks what the `.vsix` holds.
 *
 * @module
 */
import { unzipSync } from "fflate";

const DIR = new URL(".", import.meta.url).pathname;
const VSIX = `${DIR}ci-orchestrator.vsix`;
const MUST_HOLD = ["extension/package.json", "extension/dist/extension.js"];

// The real `vscode` module must satisfy `VscodeApi`, and our handler the real handler type.
const COMPAT = `import * as vscode from "vscode";
import type { ChatHandler, ExtensionContext, VscodeApi } from "../../src/vscode_api.ts";
export const api: VscodeApi = vscode;
export function wire(context: vscode.ExtensionContext, handler: ChatHandler): ExtensionContext {
  vscode.chat.createChatParticipant("ci-orchestrator.participant", handler);
  return context;
}
`;
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    module: "esnext",
    moduleResolution: "bundler",
    target: "es2022",
    lib: ["es2022", "dom"],
    types: ["vscode"],
    typeRoots: ["../../node_modules/@types"],
    skipLibCheck: true,
  },
  files: ["api_compat.ts"],
};

async function npm(...args: string[]): Promise<void> {
  const { code } = await new Deno.Command("npm", {
    args,
    cwd: DIR,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (code !== 0) {
    throw new Error(`npm ${args.join(" ")} failed with exit code ${code}`);
  }
}

/**
 * Builds and checks the `.vsix`; returns its path.
 *
 * @example
 * ```ts
 * await packageExtension(); // ".../copilot/vscode/ci-orchestrator.vsix"
 * ```
 */
export async function packageExtension(): Promise<string> {
  await npm("ci", "--no-audit", "--no-fund", "--loglevel=error");
  await Deno.mkdir(`${DIR}dist/typecheck`, { recursive: true });
  await Deno.writeTextFile(`${DIR}dist/typecheck/api_compat.ts`, COMPAT);
  await Deno.writeTextFile(
    `${DIR}dist/typecheck/tsconfig.json`,
    JSON.stringify(TSCONFIG),
  );
  await npm("exec", "--", "tsc", "-p", "dist/typecheck");
  await npm(
    "exec",
    "--",
    "esbuild",
    "src/extension.ts",
    "--bundle",
    "--platform=node",
    "--format=cjs",
    "--target=node20",
    "--external:vscode",
    "--minify",
    "--log-level=warning",
    "--outfile=dist/extension.js",
  );
  await npm(
    "exec",
    "--",
    "vsce",
    "package",
    "--no-dependencies",
    "--allow-missing-repository",
    "--skip-license",
    "--out",
    VSIX,
  );
  const files = Object.keys(unzipSync(await Deno.readFile(VSIX)));
  const missing = MUST_HOLD.filter((f) => !files.includes(f));
  if (missing.length) {
    throw new Error(
      `${VSIX} lacks ${missing.join(", ")}: it holds ${files.join(", ")}`,
    );
  }
  return VSIX;
}

/** The task's usage text (`--help`). */
export const USAGE = `Usage: deno task vscode:package

Builds the VS Code @ci-orchestrator chat participant as copilot/vscode/ci-orchestrator.vsix:
installs the extension's pinned npm tools (npm registry only), type-checks it against the real
vscode API, bundles it with esbuild and packs it with vsce, then checks what the .vsix holds.
Needs npm; reads no environment. Install the .vsix and set the server URL as docs/vscode.md says.

  --help   this text
`;

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(USAGE);
  } else if (Deno.args.length > 0) {
    console.error(`Unknown option: '${Deno.args[0]}'\n\n${USAGE}`);
    Deno.exit(2);
  } else {
    console.log(`packaged ${await packageExtension()}`);
  }
}
