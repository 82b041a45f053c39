#!/usr/bin/env node
// `npm start`: builds what is missing or stale, then runs the whole product in one process (the embedded
// default: in-process bus, and a PostgreSQL server it runs as its child on DATA_DIR/pgdata). Arguments after
// `--` go to the process environment untouched; configuration is read from the environment (see .env.example).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [path.join(root, 'tools/build.mjs')]);
const uiBuild = path.join(root, 'tools/build-portal-ui.mjs');
if (existsSync(uiBuild)) run(process.execPath, [uiBuild]);

const child = spawn(
  process.execPath,
  ['--enable-source-maps', path.join(root, 'dist/apps/scimflow/src/main.js')],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
