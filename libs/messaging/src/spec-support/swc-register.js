// Lets plain `node` run this repository's TypeScript (child processes of specs, benchmarks):
// compiles .ts with @swc/core and the repo's .swcrc, and resolves the @scimflow/* aliases.
//   node -r ./libs/messaging/src/spec-support/swc-register.js some-file.ts
require('reflect-metadata');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const aliases = require(path.join(root, 'tsconfig.base.json')).compilerOptions.paths;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = aliases[request];
  return resolveFilename.call(this, target ? path.join(root, target[0]) : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
