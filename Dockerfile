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
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The local data folder (a generated credentials key lives there when SHOPSYNC_ENCRYPTION_KEY is
# not set); compose mounts a shared volume on it, which takes this ownership.
RUN mkdir -p /app/.shopsync && chown node:node /app/.shopsync
USER node
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]
