#!/usr/bin/env node
// `npm run test:e2e`: the admin portal's browser tests. Compiles apps/admin-portal/e2e/*.e2e.ts with esbuild
// (installed with Vite), then runs them with node's test runner. They drive Debian's Chromium headless
// through playwright-core against the embedded product (tools/start-embedded.mjs) on a free port with a
// temporary DATA_DIR. On a fresh machine, as root, Chromium is installed from Debian's packages first.
// Screenshots land in artifacts/screenshots/. Arguments are handed to `node --test` (e.g. --test-only).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(chromium)) return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.error(`e2e: ${chromium} is missing; install it with: sudo apt-get install -y chromium`);
    process.exit(1);
  }
  console.log('e2e: installing chromium from Debian packages…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    if (install().status !== 0) {
      console.error('e2e: apt-get install chromium failed');
      process.exit(1);
    }
  }
}

async function compile() {
  const { build } = await import('esbuild');
  // Under node_modules so that the compiled tests resolve playwright-core and axe-core from the repository.
  const outDir = path.join(root, 'node_modules/.cache/scimflow-e2e');
  rmSync(outDir, { recursive: true, force: true });
  const entryPoints = readdirSync(here)
    .filter((name) => name.endsWith('.e2e.ts'))
    .map((name) => path.join(here, name));
  await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return entryPoints.map((entry) => path.join(outDir, `${path.basename(entry, '.ts')}.mjs`));
}

ensureChromium();
const files = await compile();
const screenshots = path.join(root, 'artifacts/screenshots');
rmSync(screenshots, { recursive: true, force: true });
mkdirSync(screenshots, { recursive: true });
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-reporter=spec', ...process.argv.slice(2), ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium, E2E_ARTIFACTS: screenshots },
  },
);
process.exit(result.status ?? 1);
