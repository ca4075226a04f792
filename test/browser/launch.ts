/**
 * Picks the Chromium the browser tests drive: Debian's `/usr/bin/chromium` when it is installed,
 * otherwise the Chromium that ships inside the npm package `@sparticuz/chromium` (unpacked to
 * `/tmp` on first use), so `deno task test` passes on a machine with only Node and npm.
 *
 * playwright-core reads the home directory and `/proc/sys` when it loads, which Deno allows only
 * with `--allow-all`; so only the driver processes the tests spawn (`deno run -A`) import this.
 *
 * @module
 */
import type { Browser } from "playwright-core";

/** The system Chromium, used when present. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

// Without the background-networking flags Chromium keeps dialling Google's hosts, which the
// closed network refuses. Playwright adds `--headless` and a fresh `--user-data-dir` itself.
const COMMON_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// @sparticuz/chromium's serverless flags include these two, which would switch off the very
// protections (same-origin, mixed content) the page tests look at.
const WEAKENING_FLAGS = new Set([
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--single-process",
]);

/** Which browser `TEST_BROWSER` asks for: `system`, `bundled`, or unset for the automatic pick. */
export type BrowserChoice = "system" | "bundled" | "auto";

/** A Chromium to launch and a sentence saying which one it is. */
export interface PickedBrowser {
  executablePath: string;
  args: string[];
  which: string;
}

/**
 * Resolves the Chromium to use. `choice` `"system"` insists on `/usr/bin/chromium`, `"bundled"`
 * on the npm one (to try the fallback on a machine that has both), `"auto"` prefers the system's.
 *
 * @example
 * ```ts
 * const picked = await pickBrowser("auto");
 * console.log(picked.which); // "system Chromium at /usr/bin/chromium"
 * ```
 */
export async function pickBrowser(choice: BrowserChoice = "auto"): Promise<PickedBrowser> {
  const hasSystem = await Deno.stat(SYSTEM_CHROMIUM).then((s) => s.isFile, () => false);
  if (choice === "system" && !hasSystem) {
    throw new Error(
      `TEST_BROWSER=system but ${SYSTEM_CHROMIUM} is missing: unset TEST_BROWSER to use the ` +
        "Chromium inside the npm package @sparticuz/chromium.",
    );
  }
  if (hasSystem && choice !== "bundled") {
    return {
      executablePath: SYSTEM_CHROMIUM,
      args: COMMON_FLAGS,
      which: `system Chromium at ${SYSTEM_CHROMIUM}`,
    };
  }
  const { default: sparticuz } = await import("@sparticuz/chromium");
  const executablePath = await sparticuz.executablePath();
  const args = [...new Set([...sparticuz.args, ...COMMON_FLAGS])]
    .filter((a) => !WEAKENING_FLAGS.has(a));
  return { executablePath, args, which: `@sparticuz/chromium at ${executablePath}` };
}

/**
 * Parses `TEST_BROWSER`; anything but `system` or `bundled` means the automatic pick.
 *
 * @example
 * ```ts
 * browserChoice("bundled"); // "bundled"
 * browserChoice(undefined); // "auto"
 * ```
 */
export function browserChoice(value: string | undefined): BrowserChoice {
  return value === "system" || value === "bundled" ? value : "auto";
}

/**
 * Launches the picked Chromium headless through playwright-core.
 *
 * @example
 * ```ts
 * const { browser, which } = await launchBrowser();
 * try {
 *   const page = await browser.newPage();
 *   await page.setContent("<h1>hello</h1>");
 * } finally {
 *   await browser.close();
 * }
 * ```
 */
export async function launchBrowser(
  choice: BrowserChoice = browserChoice(Deno.env.get("TEST_BROWSER")),
): Promise<{ browser: Browser; which: string; version: string }> {
  const picked = await pickBrowser(choice);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: picked.executablePath,
    args: picked.args,
    headless: true,
  });
  return { browser, which: picked.which, version: browser.version() };
}
