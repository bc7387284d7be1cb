# One image per service, built from the monorepo: `docker build --target proxy -t joycity/proxy .`
# Node 24 runs the TypeScript sources directly; only the admin UI (Next.js) is built, in its own stage.

# Every workspace's package.json, so `npm ci` sees the whole workspace tree the lock describes.
FROM node:24-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY shared/package.json shared/
COPY cli/package.json cli/
COPY proxy/package.json proxy/
COPY sync-worker/package.json sync-worker/
COPY admin/package.json admin/
COPY wb-emulator/package.json wb-emulator/

# Production dependencies only: what the running services need.
FROM manifests AS deps
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM manifests AS source
COPY tsconfig.base.json ./
COPY db db
COPY shared shared
COPY cli cli
COPY proxy proxy
COPY sync-worker sync-worker
COPY admin admin

# The admin UI build needs the dev tool chain (Tailwind, PostCSS, TypeScript); its output alone is kept.
FROM source AS admin-build
RUN npm ci --no-audit --no-fund --ignore-scripts
RUN npm run build -w admin

FROM source AS runtime
ENV NODE_ENV=production
COPY --from=deps /app/node_modules node_modules
# Non-root: the image's own unprivileged user.
USER node
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

FROM runtime AS proxy
ENV HEALTH_PORT=8080
CMD ["node", "proxy/src/main.ts"]

FROM runtime AS sync-worker
ENV HEALTH_PORT=8090
CMD ["node", "sync-worker/src/main.ts"]

FROM runtime AS admin
ENV HEALTH_PORT=3000
COPY --from=admin-build --chown=node:node /app/admin/.next admin/.next
CMD ["node", "admin/src/main.ts"]

FROM runtime AS migrate
CMD ["node", "cli/src/main.ts", "db:migrate"]
