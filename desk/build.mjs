// Builds the desk: src/main.js bundled and minified into dist/desk.js (ESM), index.html and
// desk.css copied beside it. Prints the script's gzip size against its budget.
// Run from anywhere: node desk/build.mjs
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const BUDGET_KB = 200;

mkdirSync(dist, { recursive: true });
await esbuild.build({
  entryPoints: [join(src, 'main.js')],
  outfile: join(dist, 'desk.js'),
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'desk.css']) copyFileSync(join(src, file), join(dist, file));

const gzipped = gzipSync(readFileSync(join(dist, 'desk.js')), { level: 9 }).length;
const kb = (gzipped / 1024).toFixed(1);
console.log(`desk/dist/desk.js: ${kb} KB gzip (budget ${BUDGET_KB} KB)`);
if (gzipped > BUDGET_KB * 1024) {
  console.error(`over budget by ${(gzipped / 1024 - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
