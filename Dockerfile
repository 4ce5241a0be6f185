# Build stage: the same install and build as CI (npm ci, then the esbuild bundle), and this platform's
# single executable, made from this stage's own Node (the official binary) with its code cache.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm run build:binary -- --node /usr/local/bin/node --out dist/binary

# Runtime: Node 24 (the active LTS) and the single-file bundle with its V8 code cache, nothing else.
# The same base as the build stage, so that the cache (made by the build's node) fits the node that
# runs it. No network, no writes: it runs as `--user nobody --network none --read-only`.
# The single executable sits at a fixed path for an init container to copy out where no Node runs
# (Argo CD's repo-server: examples/argocd); each platform's image holds its own platform's.
FROM node:24-bookworm-slim
COPY --from=build /src/dist/inject-sandbox-runtimes.cjs /usr/local/bin/inject-sandbox-runtimes
COPY --from=build /src/dist/inject-sandbox-runtimes.cjs.cache /usr/local/bin/inject-sandbox-runtimes.cache
COPY --from=build /src/dist/binary /opt/inject-sandbox-runtimes/bin/inject-sandbox-runtimes
USER nobody
ENTRYPOINT ["inject-sandbox-runtimes"]
