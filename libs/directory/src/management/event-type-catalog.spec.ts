import { EVENT_TYPES, EVENT_VERSIONS } from '@scimflow/contracts';
import { eventTypeCatalog } from './event-type-catalog';

describe(eventTypeCatalog.name, () => {
  it('lists every event type once, in catalog order, with its version', () => {
    const catalog = eventTypeCatalog();
    expect(catalog.map((entry) => entry.type)).toEqual([...EVENT_TYPES]);
    for (const entry of catalog) expect(entry.version).toBe(EVENT_VERSIONS[entry.type]);
  });

  it('describes every type in a sentence', () => {
    for (const { description } of eventTypeCatalog()) expect(description).toMatch(/^[A-Z].{20,}\.$/);
  });
});
