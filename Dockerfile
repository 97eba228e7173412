# syntax=docker/dockerfile:1
# Audit Loop bot: build the TypeScript once, then run the compiled server on a slim image as a non-root user.
#   docker build -t auditloop .
#   docker run -p 3978:3978 --env-file .env auditloop

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped here because `prepare` would run the build before the sources are copied in;
# the build runs explicitly below. No dependency needs its install script to compile the project.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build \
 && mkdir -p /out \
 && cp -r dist bin package.json package-lock.json /out/ \
 && if [ -d tab/public ]; then mkdir -p /out/tab && cp -r tab/public /out/tab/public; fi

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978
# The Word report's charts are drawn on the server (@napi-rs/canvas): without a font their labels would be blank.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/package.json /out/package-lock.json ./
# --ignore-scripts: `prepare` runs the build, which needs dev dependencies and sources this image does not have.
RUN npm ci --omit=dev --ignore-scripts \
 && npm cache clean --force
COPY --from=build /out/ ./
# The embedded PGlite store (used only when DATABASE_URL is unset) writes under data/.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same node flags as `npm start` (README, "Memory"): one V8 helper thread and V8's memory-saving mode.
CMD ["node", "--v8-pool-size=1", "--optimize-for-size", "dist/server/main.js"]
