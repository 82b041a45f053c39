#!/usr/bin/env node
// Builds the admin portal's UI (apps/admin-portal/ui, React + Vite) into apps/admin-portal/ui/dist, where
// PortalModule serves it from. Everything is bundled: no CDN at run time. Skips the build when dist is newer
// than every source file (`--force` builds anyway). `npm start` runs it through tools/start-embedded.mjs.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uiRoot = path.join(root, 'apps/admin-portal/ui');
const outDir = path.join(uiRoot, 'dist');
const force = process.argv.includes('--force');

async function newestSource(entry) {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry))
    newest = Math.max(newest, await newestSource(path.join(entry, child)));
  return newest;
}

const sources = ['src', 'public', 'index.html', 'vite.config.mjs', 'tsconfig.json'].map((name) =>
  path.join(uiRoot, name),
);
const sourceTime = Math.max(...(await Promise.all(sources.map(newestSource))));
const builtTime = (await stat(path.join(outDir, 'index.html')).catch(() => null))?.mtimeMs ?? 0;
if (!force && builtTime > sourceTime) {
  console.log('build-portal-ui: apps/admin-portal/ui/dist is up to date');
  process.exit(0);
}

let vite;
try {
  vite = await import('vite');
} catch {
  console.error(
    'build-portal-ui: vite is not installed; run `npm ci` (the UI is built from the dev dependencies).',
  );
  process.exit(1);
}
const started = Date.now();
await vite.build({ configFile: path.join(uiRoot, 'vite.config.mjs'), mode: 'production', logLevel: 'warn' });
console.log(`build-portal-ui: built ${path.relative(root, outDir)}/ in ${Date.now() - started} ms`);
