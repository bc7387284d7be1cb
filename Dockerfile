# One image per service, built from the monorepo: `docker build --target proxy -t joycity/proxy .`
# Node 24 runs the TypeScript sources directly; the admin target also carries its Next.js build.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY shared/package.json shared/
COPY cli/package.json cli/
COPY proxy/package.json proxy/
COPY sync-worker/package.json sync-worker/
COPY admin/package.json admin/
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS source
COPY tsconfig.base.json ./
COPY db db
COPY shared shared
COPY cli cli
COPY proxy proxy
COPY sync-worker sync-worker
COPY admin admin

FROM source AS runtime
ENV NODE_ENV=production
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
CMD ["node", "admin/src/main.ts"]

FROM runtime AS migrate
CMD ["node", "cli/src/main.ts", "db:migrate"]
