import { EventTypes, type EventEnvelope } from '@scimflow/contracts';
import { webhookPayload } from './webhook-payload';

describe(webhookPayload.name, () => {
  const event: EventEnvelope = {
    id: '9b2f3c1e-7a53-4d8e-9a0c-1f2e3d4c5b6a',
    type: EventTypes.userUpdated,
    version: 1,
    sequence: 7,
    occurredAt: '2025-11-28T16:29:00.123Z',
    organizationId: 'b3d1e4a2-0c6f-4f7e-8e2a-5d9c8b7a6f50',
    directoryId: 'c4e2f5b3-1d7a-4a8f-9f3b-6e0d9c8b7a61',
    data: { id: 'u1', userName: 'ada@acme.example' },
    previousAttributes: { userName: 'ada@old.example' },
  };

  it('writes the envelope with the fields in the events API order', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as unknown as EventEnvelope;
    expect(Object.keys(JSON.parse(webhookPayload(reordered)))).toEqual([
      'id',
      'type',
      'version',
      'sequence',
      'occurredAt',
      'organizationId',
      'directoryId',
      'data',
      'previousAttributes',
    ]);
    expect(JSON.parse(webhookPayload(reordered))).toEqual(event);
  });

  it.each([
    ['absent', undefined],
    ['null', null],
  ])('leaves previousAttributes out when %s', (_label, previousAttributes) => {
    const body = JSON.parse(
      webhookPayload({ ...event, previousAttributes } as unknown as EventEnvelope),
    ) as object;
    expect(body).not.toHaveProperty('previousAttributes');
  });
});
