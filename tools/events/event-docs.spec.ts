import {
  EVENT_CLASSES,
  EVENT_TYPES,
  EVENT_VERSIONS,
  exampleEvent,
  type EventClass,
} from '@scimflow/contracts';
import { execFile } from 'node:child_process';
import path from 'node:path';
import {
  catalogMarkdown,
  eventSchemaFiles,
  eventSchemaPath,
  GENERATED_BEGIN,
  GENERATED_END,
  withGeneratedCatalog,
} from './event-docs';

const root = path.resolve(__dirname, '../..');

describe(eventSchemaFiles.name, () => {
  it('has one schema file per type and version, and the envelope schema', () => {
    const expected = EVENT_TYPES.flatMap((type) =>
      Array.from({ length: EVENT_VERSIONS[type] }, (_unused, index) => eventSchemaPath(type, index + 1)),
    );
    expect([...eventSchemaFiles().keys()].sort()).toEqual(
      [...expected, 'docs/event-schemas/event-envelope.schema.json'].sort(),
    );
  });
});

describe(catalogMarkdown.name, () => {
  const markdown = catalogMarkdown();

  it.each(
    EVENT_TYPES.flatMap((type) =>
      (EVENT_CLASSES[type] as readonly EventClass[]).map((eventClass): [string, EventClass] => [
        `${type} v${eventClass.eventVersion}`,
        eventClass,
      ]),
    ),
  )('documents %s with its description and example event', (_name, eventClass) => {
    const section = markdown
      .split('\n### ')
      .find((part) => part.startsWith(`\`${eventClass.eventType}\` v`))!;
    expect(section).toContain(eventClass.description);
    const example = /```json\n([\s\S]*?)\n```/.exec(section)![1]!;
    expect(JSON.parse(example)).toEqual(exampleEvent(eventClass));
  });
});

describe(withGeneratedCatalog.name, () => {
  it('replaces only what lies between the markers', () => {
    const before = `# Events\n\nWritten by hand.\n\n${GENERATED_BEGIN}\nstale\n${GENERATED_END}\n\n## After\n`;
    const after = withGeneratedCatalog(before);
    expect(after.startsWith(`# Events\n\nWritten by hand.\n\n${GENERATED_BEGIN}\n`)).toBe(true);
    expect(after.endsWith(`${GENERATED_END}\n\n## After\n`)).toBe(true);
    expect(after).not.toContain('stale');
    expect(after).toContain(catalogMarkdown());
  });

  it('refuses a page without the markers', () => {
    expect(() => withGeneratedCatalog('# Events\n')).toThrow('must hold the markers');
  });
});

describe('write-event-docs.mjs --check', () => {
  // A child process: the script formats with Prettier, an ES module that Jest's VM cannot import.
  it('finds docs/event-schemas/ and docs/events.md as the event classes generate them', async () => {
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(root, 'tools/events/write-event-docs.mjs'), '--check'],
        { cwd: root },
        (error, stdout, stderr) =>
          resolve({ code: error ? (error.code as number) : 0, output: stdout + stderr }),
      );
    });
    expect(result).toEqual({ code: 0, output: expect.stringMatching(/generated files are up to date/) });
  }, 60_000);
});
