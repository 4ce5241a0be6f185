// The naive lossless function the targets compare with: the whole input, each of its documents (a
// ResourceList is one), through the yaml Document API and back.
const { parseAllDocuments } = require('yaml');
const { readFileSync } = require('node:fs');
process.stdout.write(
  parseAllDocuments(readFileSync(0, 'utf8'))
    .map((doc) => doc.toString())
    .join(''),
);
