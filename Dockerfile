# orgmock: built on Node 24 (LTS), run as the non-root `node` user. The runtime
# stage holds what runs: the server bundle, the fixtures, the dashboard (ui/),
# and the few packages loaded from node_modules at run time (better-sqlite3's
# compiled .node file, whose JS is in the bundle; Swagger UI, the dashboard's
# modules, Fastify's schema compilers); no build tree.

FROM node:24-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3's native build (node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
# `prepare` finds no sources yet and builds nothing: the build comes below.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && node scripts/runtime-deps.mjs /runtime \
 && cp -r package.json LICENSE bundle fixtures /runtime/ \
 && if [ -d ui ]; then cp -r ui /runtime/; fi

FROM node:24-slim AS runtime
# HOST=0.0.0.0 lets the port be published; ORGMOCK_ALLOWED_HOSTS answers the
# compose service name (http://orgmock:4545). localhost and IP addresses are
# always answered; other names must be added (DNS rebinding), see README "Security".
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4545 \
    ORGMOCK_ALLOWED_HOSTS=orgmock \
    ORGMOCK_DB=:memory:
WORKDIR /app
COPY --from=build /runtime ./
# A file store lives here: run with -e ORGMOCK_DB=/data/orgmock.db -v orgmock-data:/data.
# A bind mount the node user (uid 1000) cannot write stops start-up with one line naming it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4545
# Follows PORT, whatever it is set to at run time.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4545)+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: node is PID 1 and gets SIGTERM directly for a graceful shutdown.
# The same Node flags as `npm run start:prod` (a test holds them equal): a small
# young generation and a slow-growing heap keep peak RSS low under load, code run
# only at start-up is dropped after one full collection (recompiled if needed), and
# V8's baseline compiler is off (no measurable loss of throughput, 1.3 MB less).
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=25", "--bytecode-old-age=1", "--flush-baseline-code", "--no-sparkplug", "bundle/cli.js"]
