import { execFile } from 'node:child_process';
import path from 'node:path';

// Proves the boundary rules enforce something: each forbidden import below must fail lint, and the
// allowed ones must pass. The files are linted as if they lived at the given paths.
const root = path.resolve(__dirname, '../..');

describe('module boundaries', () => {
  // ESLint runs in a child process: its flat config is an ES module, which Jest's VM cannot import.
  function boundaryErrors(file: string, source: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [
          path.join(root, 'node_modules/eslint/bin/eslint.js'),
          '--format',
          'json',
          '--stdin',
          '--stdin-filename',
          path.join(root, file),
        ],
        { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          // Exit code 1 means lint errors were found; anything without JSON output is a real failure.
          if (!stdout.trim()) return reject(new Error(`eslint failed: ${stderr || String(error)}`));
          const [result] = JSON.parse(stdout) as Array<{
            messages: Array<{ ruleId: string | null; message: string }>;
          }>;
          resolve(
            (result?.messages ?? [])
              .filter(
                (message) =>
                  message.ruleId === '@nx/enforce-module-boundaries' ||
                  message.ruleId === 'no-restricted-imports',
              )
              .map((message) => message.message),
          );
        },
      );
      child.stdin?.end(source);
    });
  }

  it.each([
    [
      'a contract library importing NestJS',
      'libs/scim/src/probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n",
    ],
    [
      'a contract library importing kafkajs',
      'libs/contracts/src/probe.ts',
      "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
    ],
    [
      'a contract library importing an infra library',
      'libs/scim/src/probe.ts',
      "import { Outbox } from '@scimflow/persistence';\nexport const probe = Outbox;\n",
    ],
    [
      'one service importing another',
      'libs/scim-server/src/probe.ts',
      "import { DirectoryModule } from '@scimflow/directory';\nexport const probe = DirectoryModule;\n",
    ],
    [
      'runtime code importing libs/testing',
      'libs/directory/src/probe.ts',
      "import { waitFor } from '@scimflow/testing';\nexport const probe = waitFor;\n",
    ],
  ])(
    'rejects %s',
    async (_name, file, source) => {
      expect(await boundaryErrors(file, source)).not.toEqual([]);
    },
    60_000,
  );

  it.each([
    [
      'a service importing contracts',
      'libs/directory/src/probe.ts',
      "import { Topics } from '@scimflow/contracts';\nexport const probe = Topics;\n",
    ],
    [
      'a spec importing libs/testing',
      'libs/directory/src/probe.int-spec.ts',
      "import { waitFor } from '@scimflow/testing';\nexport const probe = waitFor;\n",
    ],
    [
      'the embedded entry point importing a service',
      'apps/scimflow/src/probe.ts',
      "import { DirectoryModule } from '@scimflow/directory';\nexport const probe = DirectoryModule;\n",
    ],
  ])(
    'allows %s',
    async (_name, file, source) => {
      expect(await boundaryErrors(file, source)).toEqual([]);
    },
    60_000,
  );
});
