# Build stage: the same install and build as CI (npm ci, then the esbuild bundle).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: Node 20 and the single-file bundle, nothing else. No network, no writes: it runs as
# `--user nobody --network none --read-only`.
FROM node:20-alpine
COPY --from=build /src/dist/inject-sandbox-runtimes.cjs /usr/local/bin/inject-sandbox-runtimes
USER nobody
ENTRYPOINT ["inject-sandbox-runtimes"]
