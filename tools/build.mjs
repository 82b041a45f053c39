#!/usr/bin/env node
// Compiles every app and library (TypeScript → CommonJS) into dist/ with SWC, rewriting the
// `@scimflow/<lib>` aliases to relative paths so that `node dist/apps/<app>/src/main.js` runs as is.
// Type checking is separate (`npm run typecheck`), as SWC only strips types.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist');
const swcrc = JSON.parse(await readFile(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const paths = JSON.parse(await readFile(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'ui') continue;
      yield* sources(full);
    } else if (
      /\.ts$/.test(entry.name) &&
      !/\.(spec|int-spec)\.ts$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    ) {
      yield full;
    }
  }
}

await rm(outDir, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs']) {
  for (const project of await readdir(path.join(root, top), { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    const src = path.join(root, top, project.name, 'src');
    try {
      for await (const file of sources(src)) files.push(file);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
}

await Promise.all(
  files.map(async (file) => {
    const { code, map } = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceMaps: true,
      jsc: { ...swcrc.jsc, baseUrl: root, paths },
    });
    const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
  }),
);
console.log(`build: ${files.length} files compiled into ${path.relative(root, outDir)}/`);
