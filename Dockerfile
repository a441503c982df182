# syntax=docker/dockerfile:1
# The app as one image: the web server by default, the job worker with `node .output/server/worker.mjs`.
#   docker build -t learning-atomizer .
#   docker run -p 3000:3000 -v atomizer-data:/data -e NUXT_SESSION_PASSWORD=<32+ characters> learning-atomizer
#   docker run -v atomizer-data:/data <settings of the scaled side> learning-atomizer node .output/server/worker.mjs
# Only `.output` (the server, its traced node_modules and the built-in models) reaches the final stage.

ARG NODE_IMAGE=node:24-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The postinstall step (nuxt prepare) reads the app's sources, so they come in before the install.
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NUXT_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/.output ./.output
# The code stays owned by root, read-only to the app; the data folder (SQLite, uploads, search snapshot)
# belongs to the unprivileged `node` user the image provides.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# 3000: the app; 9464: web's /metrics when NUXT_METRICS_PORT=9464 (never published publicly).
EXPOSE 3000 9464
CMD ["node", ".output/server/index.mjs"]
