// The Dockerfile's rules, checked as text in a second (scripts/image-e2e.sh builds and runs the image
// itself): a build stage that runs CI's install and build, and a runtime stage with Node 24 (the
// active LTS; Node 20 is past its end of life), the bundle and the single executable only, as a
// non-root user, whose entrypoint is the function.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { ROOT } from './helpers/bundle.js';

interface Instruction {
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

function stages(all: Instruction[]): Instruction[][] {
  const out: Instruction[][] = [];
  for (const i of all) {
    if (i.keyword === 'FROM') out.push([]);
    out[out.length - 1]!.push(i);
  }
  return out;
}

describe('Dockerfile', () => {
  const [build, runtime, ...more] = stages(instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')));

  it('has a build stage and a runtime stage', () => {
    assert.ok(build && runtime);
    assert.deepEqual(more, []);
    assert.match(build[0]!.args, /^node:24-bookworm-slim AS build$/i);
  });

  it('builds as CI does: npm ci from the lockfile, then the bundle', () => {
    const runs = build!.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    assert.ok(
      runs.some((r) => /^npm ci\b/.test(r)),
      'npm ci',
    );
    assert.ok(
      runs.some((r) => r === 'npm run build'),
      'npm run build',
    );
    // The single executable from the stage's own node: the same Node the runtime stage has.
    assert.ok(
      runs.some((r) => /^npm run build:binary -- --node \/usr\/local\/bin\/node --out dist\/binary$/.test(r)),
      "npm run build:binary with the stage's node",
    );
    assert.ok(build!.some((i) => i.keyword === 'COPY' && i.args.includes('package-lock.json')));
    assert.match(pkg.scripts.test, /npm run build/, 'CI runs the same build through npm test');
  });

  it('runs Node 24 with the bundle (and its code cache) and the single executable, as a non-root user, with the function as entrypoint', () => {
    assert.match(runtime![0]!.args, /^node:24-bookworm-slim$/);
    const copies = runtime!.filter((i) => i.keyword === 'COPY');
    // The code cache goes where the CLI looks for it: its own path and ".cache".
    assert.deepEqual(
      copies.map((c) => c.args),
      [
        `--from=build /src/${pkg.bin['inject-sandbox-runtimes']} /usr/local/bin/inject-sandbox-runtimes`,
        `--from=build /src/${pkg.bin['inject-sandbox-runtimes']}.cache /usr/local/bin/inject-sandbox-runtimes.cache`,
        // At a fixed path, for an init container to copy out (examples/argocd).
        '--from=build /src/dist/binary /opt/inject-sandbox-runtimes/bin/inject-sandbox-runtimes',
      ],
    );
    assert.equal(
      runtime![0]!.args,
      build![0]!.args.replace(/ AS build$/i, ''),
      'the cache is made and used by the same node',
    );
    assert.deepEqual(
      runtime!.filter((i) => i.keyword === 'RUN'),
      [],
      'nothing installed at run time',
    );
    const user = runtime!.filter((i) => i.keyword === 'USER').map((i) => i.args);
    assert.equal(user.length, 1);
    assert.ok(!['root', '0', '0:0'].includes(user[0]!), 'not root');
    const entrypoint = runtime!.filter((i) => i.keyword === 'ENTRYPOINT');
    assert.deepEqual(
      entrypoint.map((e) => JSON.parse(e.args)),
      [['inject-sandbox-runtimes']],
    );
  });
});
