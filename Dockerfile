# One image for the three apps; compose picks the app with `command`.
# Node 26, the current LTS line, as in .nvmrc, engines.node and CI (scripts/node26.sh).
FROM node:26-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 (the embedded database) ships N-API binaries; it compiles when none fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY test/shopify-sim ./test/shopify-sim
COPY scripts ./scripts
COPY schemas/events ./schemas/events
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The local data folder (the generated credentials key and API key secret live there when
# SHOPSYNC_ENCRYPTION_KEY / SHOPSYNC_KEY_SECRET are not set); compose mounts a shared volume on
# it, which takes this ownership. On a first start without any API key the gateway writes an
# admin key to FIRST_ADMIN_KEY_FILE (mode 0600) and logs the path, never the key.
RUN mkdir -p /app/.shopsync && chown node:node /app/.shopsync
ENV SHOPSYNC_HOME=/app/.shopsync \
    FIRST_ADMIN_KEY_FILE=/app/.shopsync/first-admin-api-key \
    GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=3000
USER node
EXPOSE 3000
# The gateway's readiness (the image's default command); compose gives the scheduler and the
# workers their own.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.GATEWAY_PORT || 3000) + '/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/gateway/src/main.js"]
