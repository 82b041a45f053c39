// Runs a TypeScript benchmark as is: `node bench/persistence/run-ts.js bench/persistence/<name>.ts [args]`.
// Compiles each .ts file on require with SWC (the repo's .swcrc), rewriting the @scimflow/* aliases.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { paths } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
    jsc: { ...swcrc.jsc, baseUrl: root, paths },
  });
  module._compile(code, filename);
};

require('reflect-metadata');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node bench/persistence/run-ts.js <script.ts> [args]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));
