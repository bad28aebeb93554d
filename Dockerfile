# One image for the api, the projector and the cli; the command picks the process.
# Node 24 LTS: every dependency's `engines` admits it (see package.json and docs/eventstoredb.md).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The image compiles apps and libs only (tsconfig.image.json) and builds the web app into dist/web;
# tests and benchmarks stay out. .ci/check-image-build.mjs builds exactly this file set in CI, so a
# missing COPY fails there.
COPY tsconfig.json tsconfig.build.json tsconfig.image.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx tsc -p tsconfig.image.json && npx vite build --config apps/web/vite.config.ts --logLevel warn && npm prune --omit=dev

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/records/fonts ./libs/records/fonts
# The standalone verifiers, served at /verify.html and written beside every export (checked in, not built here).
COPY --from=build /app/libs/bundle-verifier/standalone ./libs/bundle-verifier/standalone
# The data directory (the embedded run's signing key) belongs to the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same heap ceiling as `npm start` (see the README: the live heap is ~60 MB; without a
# ceiling V8 lets garbage grow the heap past 300 MB under load before it collects).
CMD ["node", "--max-old-space-size=512", "dist/apps/api/src/main.js"]
