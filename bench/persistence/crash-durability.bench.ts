// Does a commit acknowledged by the embedded database survive a kill -9 of the process, and of its server?
//
//   node bench/persistence/run-ts.js bench/persistence/crash-durability.bench.ts [cycles]
//
// Each cycle starts a child that opens the data directory, commits rows one transaction at a time and prints
// each id once its commit returned; the parent kills it with SIGKILL after a random 0.5-1.5 s, reopens the
// directory and checks that every printed id is there. A killed process leaves its server a fast shutdown, so
// every other cycle the server (the postmaster) is killed with SIGKILL at the same moment: the next start then
// recovers from the write-ahead log, as after a crash of the server. Prints one JSON line. Default 6 cycles.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '@scimflow/persistence';

async function writer(dataDir: string): Promise<void> {
  const database = await EmbeddedPostgres.start({ dataDir });
  const { DataSource } = await import('typeorm');
  const dataSource = new DataSource({ type: 'postgres', driver: database.pgDriver() });
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE IF NOT EXISTS acknowledged (id uuid PRIMARY KEY)');
  console.log('ready');
  for (;;) {
    const id = randomUUID();
    await dataSource.transaction((manager) =>
      manager.query('INSERT INTO acknowledged (id) VALUES ($1)', [id]),
    );
    console.log(id);
  }
}

/** The pid of the server running on `dataDir` (the first line of its postmaster.pid). */
function postmasterPid(dataDir: string): number {
  const pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no server pid in ${dataDir}/postmaster.pid`);
  return pid;
}

async function cycle(dataDir: string, killServer: boolean): Promise<{ acknowledged: number; lost: number }> {
  const child = spawn(process.execPath, [join(__dirname, 'run-ts.js'), __filename, 'writer', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: string[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          const server = killServer ? postmasterPid(dataDir) : undefined;
          setTimeout(
            () => {
              if (server !== undefined) process.kill(server, 'SIGKILL');
              child.kill('SIGKILL');
            },
            500 + Math.random() * 1000,
          );
        } else if (line) acknowledged.push(line);
      }
    });
    child.on('exit', () => resolve());
  });
  const database = await EmbeddedPostgres.start({ dataDir });
  const { DataSource } = await import('typeorm');
  const dataSource = new DataSource({ type: 'postgres', driver: database.pgDriver() });
  await dataSource.initialize();
  const rows = await dataSource.query<{ id: string }[]>('SELECT id FROM acknowledged');
  const present = new Set(rows.map((row) => row.id));
  await dataSource.destroy();
  await database.stop();
  return { acknowledged: acknowledged.length, lost: acknowledged.filter((id) => !present.has(id)).length };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'writer') return writer(process.argv[3] ?? '');
  const cycles = Number(process.argv[2] ?? 6);
  const root = mkdtempSync(join(tmpdir(), 'bench-crash-'));
  const dataDir = join(root, 'pgdata');
  try {
    const results: { killServer: boolean; acknowledged: number; lost: number }[] = [];
    for (let index = 0; index < cycles; index += 1) {
      const killServer = index % 2 === 1;
      results.push({ killServer, ...(await cycle(dataDir, killServer)) });
    }
    const total = (withServer: boolean, key: 'acknowledged' | 'lost') =>
      results
        .filter((result) => result.killServer === withServer)
        .reduce((sum, result) => sum + result[key], 0);
    console.log(
      JSON.stringify({
        cycles,
        processKilled: { acknowledged: total(false, 'acknowledged'), lost: total(false, 'lost') },
        processAndServerKilled: { acknowledged: total(true, 'acknowledged'), lost: total(true, 'lost') },
      }),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
