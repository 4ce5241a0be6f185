# Build stage: the same install and build as CI (npm ci, then the esbuild bundle).
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: Node 24 (the active LTS) and the single-file bundle with its V8 code cache, nothing else.
# The same base as the build stage, so that the cache (made by the build's node) fits the node that
# runs it. No network, no writes: it runs as `--user nobody --network none --read-only`.
FROM node:24-bookworm-slim
COPY --from=build /src/dist/inject-sandbox-runtimes.cjs /usr/local/bin/inject-sandbox-runtimes
COPY --from=build /src/dist/inject-sandbox-runtimes.cjs.cache /usr/local/bin/inject-sandbox-runtimes.cache
USER nobody
ENTRYPOINT ["inject-sandbox-runtimes"]
