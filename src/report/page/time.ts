/**
 * Times on the report page as people read them: relative ("2 days ago") when the page knows the
 * time it is rendered at, else the calendar date and time in UTC; always in a `<time>` element
 * whose `datetime` holds the ISO time and whose `title` (a tooltip) the absolute one.
 *
 * @module
 */
import { relativeTime } from "../human.ts";
import { escapeHtml } from "../escape.ts";

const ABSOLUTE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  dateStyle: "medium",
  timeStyle: "short",
});

/**
 * The absolute time in UTC, e.g. "24 Nov 2026, 12:00 UTC"; unparsable text comes back as given.
 *
 * @example
 * ```ts
 * absoluteTime("2026-11-24T12:00:00Z"); // "24 Nov 2026, 12:00 UTC"
 * ```
 */
export function absoluteTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : `${ABSOLUTE.format(at)} UTC`;
}

/**
 * A `<time>` element: relative to `now` when given, else absolute; the tooltip is the absolute
 * time. Text that is not a time is shown escaped, without the element.
 *
 * @example
 * ```ts
 * timeHtml("2026-11-22T12:00:00Z", new Date("2026-11-24T12:00:00Z"));
 * // '<time datetime="2026-11-22T12:00:00Z" title="22 Nov 2026, 12:00 UTC">2 days ago</time>'
 * ```
 */
export function timeHtml(iso: string, now?: Date): string {
  if (Number.isNaN(Date.parse(iso))) return escapeHtml(iso);
  const absolute = absoluteTime(iso);
  const shown = now ? relativeTime(iso, now) : absolute;
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(absolute)}">` +
    `${escapeHtml(shown)}</time>`;
}
