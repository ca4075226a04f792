/**
 * The reference for `deno task bench`: the smallest Bolt app that does what our Slack ack path
 * does — Bolt's own HTTPReceiver verifies the signature (and its timestamp window), parses the
 * slash command, and the listener acks with an ephemeral message. A `GET /readyz` custom route
 * answers 200 once the server listens, the same probe the bench uses on our service.
 *
 * Environment: PORT, SLACK_SIGNING_SECRET.
 *
 * @example
 * ```sh
 * PORT=3000 SLACK_SIGNING_SECRET=s node bench/reference/bolt_app.mjs
 * ```
 */
import bolt from "@slack/bolt";

const { App, HTTPReceiver, LogLevel } = bolt;

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  customRoutes: [{
    path: "/readyz",
    method: ["GET"],
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ready"}');
    },
  }],
});

const app = new App({
  receiver,
  token: "xoxb-bench-not-used",
  // Without these Bolt calls auth.test on every request; our service does not either.
  tokenVerificationEnabled: false,
  botId: "B0BENCH",
  botUserId: "U0BENCH",
  logLevel: LogLevel.ERROR,
});

app.command("/ci-test", async ({ command, ack }) => {
  await ack({
    response_type: "ephemeral",
    text: `Working on \`${command.text}\`…`,
  });
});

await app.start(Number(process.env.PORT ?? 3000));
