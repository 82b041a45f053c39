import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../../..');
/** What tools/build.mjs reads from the repository root. */
const LINKED = ['apps', 'libs', 'node_modules', '.swcrc', 'tsconfig.base.json'];

/**
 * `npm run build` into a directory of this run's own: a temporary root whose sources are links to the
 * repository's, built by a copy of tools/build.mjs. The repository's dist/ is rebuilt (deleted, then written)
 * by every spec that builds, and a service started from it while another run rebuilds it finds half its
 * modules missing; killed and restarted services read their modules again, so they need a dist that stays put.
 */
export class PrivateBuild {
  private constructor(readonly root: string) {}

  static async create(): Promise<PrivateBuild> {
    const root = await mkdtemp(path.join(tmpdir(), 'scimflow-system-build-'));
    try {
      for (const name of LINKED) await symlink(path.join(ROOT, name), path.join(root, name));
      await mkdir(path.join(root, 'tools'));
      // A copy, not a link: the script finds the root from its own location.
      await copyFile(path.join(ROOT, 'tools/build.mjs'), path.join(root, 'tools/build.mjs'));
      await promisify(execFile)(process.execPath, [path.join(root, 'tools/build.mjs')], { cwd: root });
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
    return new PrivateBuild(root);
  }

  /** The entry point of an app, e.g. `<root>/dist/apps/scim-ingress/src/main.js`. */
  main(app: string): string {
    return path.join(this.root, 'dist/apps', app, 'src/main.js');
  }

  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
