import { parseSubset } from '../src/read/subset.js';
for (const t of ['a: {cpu: "1"}', 'a: {cpu: x}', 'a: {b: {c: d}}', 'a: {c: d}', 'a: [x]', 'a: {}', 'a: [{c: d}]'] ) console.log(t, JSON.stringify(parseSubset(t)?.value));
