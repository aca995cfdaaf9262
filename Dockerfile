# syntax=docker/dockerfile:1
# orgmock: build on Node 20 slim (better-sqlite3 compiles from source), run as non-root.

FROM node:20-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3's native build (node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim AS runtime
# HOST=0.0.0.0 lets the port be published; ORGMOCK_ALLOWED_HOSTS answers the
# compose service name (http://orgmock:4545). localhost and IP addresses are
# always answered; other names must be added (DNS rebinding), see README "Security".
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4545 \
    ORGMOCK_ALLOWED_HOSTS=orgmock \
    ORGMOCK_DB=:memory:
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bundle ./bundle
COPY --chown=node:node fixtures ./fixtures
# A file store lives here: run with -e ORGMOCK_DB=/data/orgmock.db -v orgmock-data:/data
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4545
# Follows PORT, whatever it is set to at run time.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4545)+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: node is PID 1 and gets SIGTERM directly for a graceful shutdown.
# The bundle loads fast; a small young generation keeps peak RSS low under load.
CMD ["node", "--max-semi-space-size=8", "bundle/cli.js"]
