// The system tests (`*.system-spec.ts`): every service built and started as its own process, driven through
// the SCIM endpoint, some of them killed on the way. Same transform, aliases and global setup (a real Postgres
// and Kafka, see libs/testing) as the root's `integration` project; one file at a time, as each one loads the
// machine. Run with `npm run test:system` (or `npx jest -c tools/system-tests/jest.config.js [path]`).
const root = require('../../jest.config.js');

const integration = root.projects.find((project) => project.displayName === 'integration');

module.exports = {
  ...integration,
  displayName: 'system',
  testMatch: ['<rootDir>/tools/system-tests/**/*.system-spec.ts'],
  maxWorkers: 1,
};
