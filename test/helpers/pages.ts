// The repository's Markdown pages that the docs tests read (test/doc-pages.test.ts, test/docs.test.ts).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bundle.js';

/** README.md, CONTRIBUTING.md, CHANGELOG.md, docs/*.md and examples/*\/README.md, as paths from the root. */
export function docPages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  const examples = readdirSync(join(ROOT, 'examples'))
    .sort()
    .map((d) => `examples/${d}/README.md`)
    .filter((f) => existsSync(join(ROOT, f)));
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...docs, ...examples];
}
