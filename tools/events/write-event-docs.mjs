#!/usr/bin/env node
// Writes the generated event docs from the event classes of libs/contracts (see event-docs.ts):
//
//   node tools/events/write-event-docs.mjs           writes docs/event-schemas/*.schema.json and the catalog
//                                                    section of docs/events.md (removing stale schema files)
//   node tools/events/write-event-docs.mjs --check   writes nothing; lists what differs and exits 1 if anything does
//
// The TypeScript sources are compiled on the fly with SWC and the repository's .swcrc (as Jest does), with the
// `@scimflow/<lib>` aliases of tsconfig.base.json; the output is formatted with the repository's Prettier config.
import { transformSync } from '@swc/core';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const aliases = new Map(
  Object.entries(
    JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths,
  ).map(([alias, [target]]) => [alias, path.join(root, target)]),
);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: false,
  });
  module._compile(code, filename);
};
require('reflect-metadata');

const docs = require('./event-docs.ts');
const check = process.argv.includes('--check');

async function formatted(file, text) {
  const options = (await prettier.resolveConfig(path.join(root, file))) ?? {};
  return prettier.format(text, { ...options, filepath: path.join(root, file) });
}

const expected = new Map();
for (const [file, text] of docs.eventSchemaFiles()) expected.set(file, await formatted(file, text));
const markdownPath = path.join(root, docs.EVENTS_MARKDOWN);
expected.set(
  docs.EVENTS_MARKDOWN,
  await formatted(docs.EVENTS_MARKDOWN, docs.withGeneratedCatalog(readFileSync(markdownPath, 'utf8'))),
);

const schemaDir = path.join(root, docs.EVENT_SCHEMAS_DIR);
const stale = existsSync(schemaDir)
  ? readdirSync(schemaDir)
      .map((name) => `${docs.EVENT_SCHEMAS_DIR}/${name}`)
      .filter((file) => !expected.has(file))
  : [];
const differing = [...expected].filter(([file, text]) => {
  const target = path.join(root, file);
  return !existsSync(target) || readFileSync(target, 'utf8') !== text;
});

if (check) {
  for (const [file] of differing) console.error(`out of date: ${file}`);
  for (const file of stale) console.error(`not generated: ${file}`);
  if (differing.length + stale.length > 0) {
    console.error('run `node tools/events/write-event-docs.mjs` and commit the result');
    process.exit(1);
  }
  console.log(`${expected.size} generated files are up to date`);
} else {
  mkdirSync(schemaDir, { recursive: true });
  for (const [file, text] of differing) {
    writeFileSync(path.join(root, file), text);
    console.log(`wrote ${file}`);
  }
  for (const file of stale) {
    rmSync(path.join(root, file));
    console.log(`removed ${file}`);
  }
  if (differing.length + stale.length === 0) console.log(`${expected.size} generated files were up to date`);
}
