// The lint's line-length bound: Prettier wraps code at 120 columns but never breaks a string or a
// regular expression, so this counts the lines of src/ that stay longer and allows a handful.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
const ALLOWED = 5;
const files = execFileSync('git', ['ls-files', 'src/*.ts'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const long = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.length > LIMIT ? [`${file}:${i + 1}: ${line.length} characters`] : [])),
);
if (long.length > ALLOWED) {
  console.error(`${long.length} lines in src/ are over ${LIMIT} characters (at most ${ALLOWED} may be):`);
  console.error(long.join('\n'));
  process.exit(1);
}
