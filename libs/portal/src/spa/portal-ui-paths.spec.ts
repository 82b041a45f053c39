import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPortalUiDir, isAssetPath, isUiPath } from './portal-ui-paths';

describe(isUiPath.name, () => {
  it.each([
    ['/', true],
    ['/organizations', true],
    ['/portal/login', true],
    ['/apis', true],
    ['/scimflow', true],
    ['/healthy', true],
    ['/api', false],
    ['/api/v1/organizations', false],
    ['/API/v1/organizations', false],
    ['/api/docs', false],
    ['/scim/v2/abc/Users', false],
    ['/health/live', false],
    ['/internal/v1/scim-auth', false],
  ])('%s → %p', (requestPath, expected) => {
    expect(isUiPath(requestPath)).toBe(expected);
  });
});

describe(isAssetPath.name, () => {
  it.each([
    ['/assets/index-abc123.js', true],
    ['/favicon.svg', true],
    ['/organizations/4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b/users', false],
    ['/portal/login', false],
    ['/', false],
  ])('%s → %p', (requestPath, expected) => {
    expect(isAssetPath(requestPath)).toBe(expected);
  });
});

describe(findPortalUiDir.name, () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'portal-ui-dir-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the built UI above the library, in the sources and in the build', () => {
    const dist = path.join(root, 'apps/admin-portal/ui/dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    for (const start of ['libs/portal/src/spa', 'dist/libs/portal/src/spa']) {
      mkdirSync(path.join(root, start), { recursive: true });
      expect(findPortalUiDir(path.join(root, start))).toBe(dist);
    }
  });

  it('is null while the UI is not built', () => {
    mkdirSync(path.join(root, 'apps/admin-portal/ui/dist'), { recursive: true });
    mkdirSync(path.join(root, 'libs/portal/src/spa'), { recursive: true });
    expect(findPortalUiDir(path.join(root, 'libs/portal/src/spa'))).toBeNull();
  });
});
