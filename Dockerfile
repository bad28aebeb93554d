# One image for the api and the projector (and the cli); the command picks the process.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY test/support ./test/support
COPY test/bench ./test/bench
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# The same heap ceiling as `npm start` (see the README: the live heap is ~60 MB; without a
# ceiling V8 lets garbage grow the heap past 300 MB under load before it collects).
CMD ["node", "--max-old-space-size=192", "dist/apps/api/src/main.js"]
