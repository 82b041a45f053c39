import { EventTypes } from '@scimflow/contracts';
import { createDataSource } from '@scimflow/persistence';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RetryPolicy } from '../delivery/retry-policy';
import { webhookPayload } from '../delivery/webhook-payload';
import { WEBHOOKS_ENTITIES } from '../entities';
import { WEBHOOKS_MIGRATIONS } from '../migrations';
import { testEvent } from '../spec-support/test-event';
import { EventIngestService } from './event-ingest.service';

interface DeliveryRow {
  event_id: string;
  endpoint_id: string;
  sequence: string;
  due: boolean;
}

describe(EventIngestService.name, () => {
  let url: string;
  let dataSource: DataSource;
  let ingest: EventIngestService;

  beforeAll(async () => {
    url = await testDatabase('webhooks_ingest');
    dataSource = await createDataSource({
      schema: 'webhooks',
      entities: WEBHOOKS_ENTITIES,
      migrations: WEBHOOKS_MIGRATIONS,
      connection: { kind: 'postgres', url, poolSize: 4 },
    });
    ingest = new EventIngestService(dataSource, new RetryPolicy([0, 60_000], () => 0.5));
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    if (url) await dropTestDatabase(url);
  }, 60_000);

  const event = testEvent;

  async function endpoint(organizationId: string, eventTypes: string[] = []): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO webhooks.endpoints (id, organization_id, url, event_types, secret_encrypted)
       VALUES ($1, $2, 'http://127.0.0.1:9/hook', $3, 'unused')`,
      [id, organizationId, eventTypes],
    );
    return id;
  }

  const deliveriesOf = (organizationId: string): Promise<DeliveryRow[]> =>
    dataSource.query<DeliveryRow[]>(
      `SELECT d.event_id, d.endpoint_id, d.sequence, d.next_attempt_at IS NOT NULL AS due
       FROM webhooks.deliveries d JOIN webhooks.events e ON e.id = d.event_id
       WHERE e.organization_id = $1 ORDER BY d.sequence, d.endpoint_id`,
      [organizationId],
    );

  it('stores a batch in one go, each stream with only its first delivery due', async () => {
    const organizationId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    const all = await endpoint(organizationId);
    const groupsOnly = await endpoint(organizationId, ['directory.group.*']);
    const batch = [
      event(organizationId, first, 1),
      event(organizationId, second, 1),
      event(organizationId, first, 2, EventTypes.groupCreated),
      event(organizationId, first, 3),
      event(organizationId, second, 2, EventTypes.groupCreated),
    ];

    expect(await ingest.ingestBatch(batch)).toBe(7);

    const rows = await deliveriesOf(organizationId);
    const due = (directoryId: string, endpointId: string) =>
      rows
        .filter((row) => row.endpoint_id === endpointId)
        .filter(
          (row) => batch.find((candidate) => candidate.id === row.event_id)?.directoryId === directoryId,
        )
        .map((row) => [Number(row.sequence), row.due]);
    expect(due(first, all)).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(due(first, groupsOnly)).toEqual([[2, true]]);
    expect(due(second, all)).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(due(second, groupsOnly)).toEqual([[2, true]]);
  });

  it('stores each event as its webhook payload, whatever characters its data holds', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    await endpoint(organizationId);
    const awkward = {
      ...event(organizationId, directoryId, 1),
      data: {
        id: randomUUID(),
        displayName: 'O\'Brien "Bob" \\ {a,b} NULL',
        title: 'Zoë 日本 \u0001 tab\tnew\nline',
        empty: '',
      },
    };
    const plain = event(organizationId, directoryId, 2);

    expect(await ingest.ingestBatch([awkward, plain])).toBe(2);

    const stored = await dataSource.query<
      Array<{
        id: string;
        directory_id: string;
        organization_id: string;
        sequence: string;
        type: string;
        occurred_at: Date;
        body: unknown;
      }>
    >(
      `SELECT id, directory_id, organization_id, sequence, type, occurred_at, body
       FROM webhooks.events WHERE organization_id = $1 ORDER BY sequence`,
      [organizationId],
    );
    expect(stored).toEqual(
      [awkward, plain].map((sent) => ({
        id: sent.id,
        directory_id: directoryId,
        organization_id: organizationId,
        sequence: String(sent.sequence),
        type: sent.type,
        occurred_at: new Date(sent.occurredAt),
        body: JSON.parse(webhookPayload(sent)),
      })),
    );
  });

  it('changes nothing for a redelivered batch and applies only the new events of a partly seen one', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    await endpoint(organizationId);
    const seen = [event(organizationId, directoryId, 1), event(organizationId, directoryId, 2)];
    expect(await ingest.ingestBatch(seen)).toBe(2);

    expect(await ingest.ingestBatch(seen)).toBe(0);
    const fresh = event(organizationId, directoryId, 3);
    expect(await ingest.ingestBatch([...seen, fresh, fresh])).toBe(1);

    const rows = await deliveriesOf(organizationId);
    expect(rows.map((row) => [Number(row.sequence), row.due])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
  });

  it('holds a new delivery behind an open one stored by an earlier batch, and skips events nobody wants', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    await endpoint(organizationId, [EventTypes.userCreated]);
    await ingest.ingestBatch([event(organizationId, directoryId, 1)]);

    const unwanted = event(organizationId, directoryId, 2, EventTypes.groupCreated);
    expect(await ingest.ingestBatch([unwanted, event(organizationId, directoryId, 3)])).toBe(1);

    const rows = await deliveriesOf(organizationId);
    expect(rows.map((row) => [Number(row.sequence), row.due])).toEqual([
      [1, true],
      [3, false],
    ]);
    const stored = await dataSource.query<unknown[]>('SELECT 1 FROM webhooks.events WHERE id = $1', [
      unwanted.id,
    ]);
    expect(stored).toEqual([]);
  });
});
