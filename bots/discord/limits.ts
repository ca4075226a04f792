/**
 * Discord's message limits and the shape of a rendered message, shared by every renderer of
 * this surface.
 *
 * @module
 */
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
} from "discord-api-types/v10";

/** Discord's limits, and our own caps that keep a message readable. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  url: 512,
  shownTables: 3,
  tableRows: 15,
  shownSections: 3,
  summary: 1500,
  /** The "What matters" paragraph of the main embed's description. */
  insights: 2000,
} as const;

/** A rendered message, as `POST /channels/{id}/messages` and webhook edits take it. */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Mentions are never pinged from rendered text (alerts quote commit authors). */
  allowed_mentions: { parse: []; users?: string[] };
  flags?: number;
}
