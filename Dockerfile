# syntax=docker/dockerfile:1
# The app as one image: the web server by default, the job worker with `node .output/server/worker.mjs`.
#   docker build -t learning-atomizer .
#   docker run -p 3000:3000 --read-only -v atomizer-data:/data -e NUXT_SESSION_PASSWORD=<32+ characters> learning-atomizer
#   docker run --read-only -v atomizer-data:/data <settings of the scaled side> learning-atomizer node .output/server/worker.mjs
# Only `.output` (the server, its traced node_modules and the built-in models) reaches the final stage.
#
# NODE_IMAGE is any Debian-based image with Node.js 24 on PATH; the default is the official one, pinned to the
# version the project tests on. (The project's own image test builds on a local Debian base instead, because it
# cannot reach an image registry: scripts/checks/image.sh.)
ARG NODE_IMAGE=node:24.22.3-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The postinstall step (nuxt prepare) reads the app's sources, so they come in before the install.
COPY . .
# Behind a TLS-inspecting proxy, pass its CA bundle as the build secret `ca` (`--secret id=ca,src=bundle.pem`).
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; npm ci --no-audit --no-fund
RUN npm run build

FROM ${NODE_IMAGE}
# tini runs as PID 1: it forwards SIGTERM to Node (which drains, see docs/operations.md) and reaps zombies.
RUN command -v tini >/dev/null || { apt-get update && apt-get install -y --no-install-recommends tini \
      && rm -rf /var/lib/apt/lists/*; }
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NUXT_DATA_DIR=/data \
    NUXT_WORKER_HEALTH_PORT=3001
WORKDIR /app
COPY --from=build /app/.output ./.output
COPY scripts/container/healthcheck.mjs ./healthcheck.mjs
# The code stays owned by root, read-only to the app, which may run on a read-only root filesystem: it
# writes only to the data volume (SQLite, uploads, search snapshot) and /tmp. Both belong to the
# unprivileged user 1000 (`node` in the official image).
RUN mkdir -p /data && chown 1000:1000 /data
USER 1000:1000
VOLUME ["/data", "/tmp"]
# 3000: the app; 9464: web's /metrics when NUXT_METRICS_PORT=9464 (never published publicly).
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=4s --start-period=60s --retries=3 CMD ["node", "healthcheck.mjs"]
ENTRYPOINT ["tini", "--"]
CMD ["node", ".output/server/index.mjs"]
