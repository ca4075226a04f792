/**
 * One report rendered by every surface's own renderer, then drawn as HTML: Slack (Block Kit),
 * Discord (embeds), Teams (an Adaptive Card) and Copilot/MCP (markdown). The console shows what
 * each surface would send, so it calls the very functions the surfaces call.
 *
 * @module
 */
import { renderReport as renderBlockKit } from "../../bots/slack/blockkit.ts";
import { renderReport as renderEmbeds } from "../../bots/discord/embeds.ts";
import { renderCard } from "../../bots/teams/card.ts";
import { renderMarkdown } from "../report/markdown.ts";
import type { Report } from "../report/model.ts";
import { discordHtml } from "./discord_html.ts";
import { mdHtml } from "./md_html.ts";
import { slackHtml } from "./slack_html.ts";
import { teamsHtml } from "./teams_html.ts";

/** A surface's pane: its name and its drawing. */
export interface Pane {
  surface: "Slack" | "Discord" | "Microsoft Teams" | "Copilot / MCP";
  html: string;
}

/**
 * The four drawings of `report`. `reportUrl` is the report page's public URL (as the surfaces
 * link it); `origin` the service's public URL, whose pages and images the console serves itself.
 *
 * @example
 * ```ts
 * const panes = renderPanes(report, { reportUrl: "https://ci.test/reports/r1", origin: "https://ci.test" });
 * panes.map((p) => p.surface); // ["Slack", "Discord", "Microsoft Teams", "Copilot / MCP"]
 * ```
 */
export function renderPanes(
  report: Report,
  options: { reportUrl?: string; origin: string; now?: Date },
): Pane[] {
  const { reportUrl, origin, now } = options;
  // Every action gets a button, as in chat after the surface stored it; here buttons only show.
  const ids = Object.fromEntries(report.actions.map((a) => [a.id, a.id]));
  return [
    {
      surface: "Slack",
      html: slackHtml(renderBlockKit(report, { reportUrl, actionValues: ids, now }), origin),
    },
    {
      surface: "Discord",
      html: discordHtml(renderEmbeds(report, { reportUrl, actionIds: ids }), origin),
    },
    {
      surface: "Microsoft Teams",
      html: teamsHtml(renderCard(report, { reportUrl, actionIds: ids, now }), origin),
    },
    {
      surface: "Copilot / MCP",
      html: `<div class="markdown">${
        mdHtml(renderMarkdown(report, { reportUrl, now }), origin)
      }</div>`,
    },
  ];
}
