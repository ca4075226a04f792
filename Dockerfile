# Production image: `deno run` over a dependency cache built into the image
# (`deno compile` needs a download this build cannot rely on).
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_DIR=/deno-dir \
    DENO_NO_UPDATE_CHECK=1 \
    KV_PATH=/app/data/ci-orchestrator.kv \
    PORT=8000

# Dependencies first, so source edits reuse this layer.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY src ./src
COPY bots ./bots
RUN deno cache --frozen src/main.ts src/cli.ts \
  && mkdir -p /app/data \
  && chown -R deno:deno /app/data

USER deno
EXPOSE 8000
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch(`http://127.0.0.1:${Deno.env.get('PORT') ?? 8000}/healthz`); Deno.exit(r.ok ? 0 : 1)"]
CMD ["deno", "run", "--frozen", "--cached-only", "--allow-net", "--allow-env", "--allow-read", "--allow-write=./data", "--allow-sys=osRelease,hostname", "src/main.ts"]
