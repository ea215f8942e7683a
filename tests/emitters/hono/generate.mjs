// Writes the OpenAPI documents of every variant of the orders API (app.mjs): 3.0.3 from
// `getOpenAPIDocument` to documents/3.0/, 3.1.0 from `getOpenAPI31Document` to documents/3.1/.
//
// Run by generate.sh, which copies this script and app.mjs next to the installed packages
// (target/emitters/hono) and passes the documents directory as the only argument. The output is
// deterministic: same package versions, same bytes.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const documents = process.argv[2];
if (!documents) {
  console.error('usage: node generate.mjs DOCUMENTS_DIR (run tests/emitters/hono/generate.sh)');
  process.exit(2);
}
const version = (name) =>
  JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;

const { VARIANTS, build } = await import('./app.mjs');
const info = { title: 'Orders', version: '1.0.0' };
const specs = [
  ['3.0', (app) => app.getOpenAPIDocument({ openapi: '3.0.3', info })],
  ['3.1', (app) => app.getOpenAPI31Document({ openapi: '3.1.0', info })],
];
for (const [spec, emit] of specs) {
  const out = join(documents, spec);
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out)) if (old.endsWith('.json')) rmSync(join(out, old));
  for (const variant of Object.keys(VARIANTS)) {
    const document = emit(build(variant));
    writeFileSync(join(out, `${variant}.json`), JSON.stringify(document, null, 2) + '\n');
  }
}
console.log(
  `wrote ${Object.keys(VARIANTS).length} documents per version to ${documents} ` +
    `(hono ${version('hono')}, @hono/zod-openapi ${version('@hono/zod-openapi')}, zod ${version('zod')})`,
);
