// Jest setupFilesAfterEnv of the `integration` project. Jest 30 ignores `testTimeout` inside a `projects`
// entry (it is read from the global config only), so integration specs would get the 5 s default: starting
// NestJS apps, joining consumer groups and running migrations needs more.
jest.setTimeout(120_000);
