/**
 * Times in words people read at a glance in chat: durations without padding ("5m 4s") and
 * moments relative to an injected `now` ("2 days ago"), never a raw ISO timestamp.
 *
 * @module
 */

/**
 * A duration in at most two units: "0.4s", "45s", "5m 4s", "1h 5m", "2d 3h".
 *
 * @example
 * ```ts
 * humanDuration(304_000); // "5m 4s"
 * humanDuration(3_900_000); // "1h 5m"
 * ```
 */
export function humanDuration(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? "\u2212" : "";
  if (abs < 10_000) return `${sign}${Math.round(abs / 100) / 10}s`;
  const s = Math.round(abs / 1000);
  const units: Array<[string, number]> = [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]];
  const first = units.findIndex(([, size]) => s >= size);
  const [bigName, big] = units[first];
  const [smallName, small] = units[first + 1] ?? units[first];
  const whole = Math.floor(s / big);
  const rest = big === small ? 0 : Math.round((s - whole * big) / small);
  // Rounding the smaller unit up to a whole bigger one ("1m 60s") carries over.
  if (rest * small >= big) return `${sign}${whole + 1}${bigName}`;
  return `${sign}${whole}${bigName}${rest > 0 ? ` ${rest}${smallName}` : ""}`;
}

// Unit, its size, and from when it is used: "9 days ago" says more than "1 week ago".
const STEPS: Array<[string, number, number]> = [
  ["year", 365 * 86_400_000, 365 * 86_400_000],
  ["month", 30 * 86_400_000, 60 * 86_400_000],
  ["week", 7 * 86_400_000, 14 * 86_400_000],
  ["day", 86_400_000, 86_400_000],
  ["hour", 3_600_000, 3_600_000],
  ["minute", 60_000, 60_000],
];

/**
 * When `at` was (or will be), relative to `now`: "just now", "5 minutes ago", "2 days ago",
 * "in 3 hours". An unparsable time comes back as given.
 *
 * @example
 * ```ts
 * relativeTime("2026-11-22T12:00:00Z", new Date("2026-11-24T12:00:00Z")); // "2 days ago"
 * ```
 */
export function relativeTime(at: string | Date, now: Date): string {
  const when = typeof at === "string" ? Date.parse(at) : at.getTime();
  if (Number.isNaN(when)) return String(at);
  const diff = now.getTime() - when;
  const abs = Math.abs(diff);
  const step = STEPS.find(([, , from]) => abs >= from);
  if (!step) return "just now";
  const n = Math.floor(abs / step[1]);
  const words = `${n} ${step[0]}${n === 1 ? "" : "s"}`;
  return diff >= 0 ? `${words} ago` : `in ${words}`;
}

/**
 * Relative to `now` when there is one, else the calendar day ("on 2026-11-22"): a renderer
 * without a clock never guesses.
 *
 * @example
 * ```ts
 * humanTime("2026-11-22T12:00:00Z"); // "on 2026-11-22"
 * ```
 */
export function humanTime(at: string, now?: Date): string {
  if (now) return relativeTime(at, now);
  return Number.isNaN(Date.parse(at)) ? at : `on ${at.slice(0, 10)}`;
}
