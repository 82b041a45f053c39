import { Inject, Injectable } from '@nestjs/common';
import { runInTransaction } from '@scimflow/persistence';
import { ManagementApiException } from '@scimflow/service-kit';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { WebhookEndpointEntity } from '../entities/webhook-endpoint.entity';
import { SecretCipher } from '../signing/secret-cipher';
import { generateWebhookSecret } from '../signing/webhook-signer';
import { WEBHOOKS_DATA_SOURCE, WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks.tokens';
import type { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import type { CreatedWebhookEndpointDto } from './dto/created-webhook-endpoint.dto';
import type { ListWebhookEndpointsQueryDto } from './dto/list-webhook-endpoints-query.dto';
import { DEFAULT_PAGE_LIMIT } from './dto/page-query.dto';
import type { SecretRotationDto } from './dto/secret-rotation.dto';
import type { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import type { WebhookEndpointPageDto } from './dto/webhook-endpoint-page.dto';
import type { WebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { decodeEndpointCursor, encodeEndpointCursor } from './page-cursor';

const MANUALLY_DISABLED = 'Disabled through the management API.';

/** Webhook endpoints: their filters, state and signing secrets (encrypted at rest, shown only when made). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @Inject(WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
    private readonly cipher: SecretCipher,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  async create(body: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpointDto> {
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const now = new Date();
    const enabled = body.enabled ?? true;
    const endpoint = this.dataSource.manager.create(WebhookEndpointEntity, {
      id,
      url: body.url,
      description: body.description ?? null,
      eventTypes: distinct(body.eventTypes ?? []),
      organizationId: body.organizationId ?? null,
      enabled,
      disabledReason: enabled ? null : MANUALLY_DISABLED,
      disabledAt: enabled ? null : now,
      secretEncrypted: this.cipher.encrypt(secret, id),
      previousSecretEncrypted: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.manager.insert(WebhookEndpointEntity, endpoint);
    return { ...toEndpointDto(endpoint), secret };
  }

  async list(query: ListWebhookEndpointsQueryDto): Promise<WebhookEndpointPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const builder = this.dataSource.manager.createQueryBuilder(WebhookEndpointEntity, 'endpoint');
    if (query.organizationId !== undefined) {
      builder.andWhere('endpoint.organizationId = :organizationId', { organizationId: query.organizationId });
    }
    if (query.cursor !== undefined) {
      const cursor = decodeEndpointCursor(query.cursor);
      if (!cursor) throw ManagementApiException.validation(['cursor is not a cursor this API returned']);
      builder.andWhere('(endpoint.createdAt, endpoint.id) > (:createdAt, :id)', cursor);
    }
    const rows = await builder
      .orderBy('endpoint.createdAt', 'ASC')
      .addOrderBy('endpoint.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(toEndpointDto),
      nextCursor: rows.length > limit && last ? encodeEndpointCursor(last) : null,
    };
  }

  async get(endpointId: string): Promise<WebhookEndpointDto> {
    return toEndpointDto(await findEndpointOrThrow(this.dataSource.manager, endpointId));
  }

  /** Re-enabling clears the disabled state and the failure run; the endpoint's waiting deliveries resume. */
  async update(endpointId: string, body: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    const updated = await runInTransaction(this.dataSource, async (manager) => {
      const endpoint = await findEndpointOrThrow(manager, endpointId, { lock: true });
      const now = new Date();
      if (body.url !== undefined) endpoint.url = body.url;
      if (body.description !== undefined) endpoint.description = body.description;
      if (body.eventTypes !== undefined) endpoint.eventTypes = distinct(body.eventTypes);
      if (body.organizationId !== undefined) endpoint.organizationId = body.organizationId;
      if (body.enabled === true && !endpoint.enabled) {
        Object.assign(endpoint, {
          enabled: true,
          disabledReason: null,
          disabledAt: null,
          failingSince: null,
        });
      } else if (body.enabled === false && endpoint.enabled) {
        Object.assign(endpoint, { enabled: false, disabledReason: MANUALLY_DISABLED, disabledAt: now });
      }
      endpoint.updatedAt = now;
      await manager.save(WebhookEndpointEntity, endpoint);
      return endpoint;
    });
    if (updated.enabled) this.dispatcher.wake();
    return toEndpointDto(updated);
  }

  /** Deletes the endpoint with its deliveries and their attempts. */
  async delete(endpointId: string): Promise<void> {
    const result = isUUID(endpointId)
      ? await this.dataSource.manager.delete(WebhookEndpointEntity, { id: endpointId })
      : { affected: 0 };
    if (!result.affected) throw ManagementApiException.notFound('Webhook endpoint', endpointId);
  }

  /**
   * A new secret; the one it replaces keeps signing (a second signature on every delivery) for
   * WEBHOOK_SECRET_ROTATION_GRACE, so the application can switch without losing a delivery.
   */
  async rotateSecret(endpointId: string): Promise<SecretRotationDto> {
    const secret = generateWebhookSecret();
    const previousSecretExpiresAt = await runInTransaction(this.dataSource, async (manager) => {
      const endpoint = await findEndpointOrThrow(manager, endpointId, { lock: true });
      const now = new Date();
      const expiresAt = new Date(now.getTime() + this.options.secretRotationGraceMs);
      await manager.update(
        WebhookEndpointEntity,
        { id: endpoint.id },
        {
          previousSecretEncrypted: endpoint.secretEncrypted,
          previousSecretExpiresAt: expiresAt,
          secretEncrypted: this.cipher.encrypt(secret, endpoint.id),
          updatedAt: now,
        },
      );
      return expiresAt;
    });
    return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
  }
}

/** The endpoint with this id; a 404 when there is none (an id that is not a uuid cannot exist). */
export async function findEndpointOrThrow(
  manager: EntityManager,
  endpointId: string,
  options: { lock?: boolean } = {},
): Promise<WebhookEndpointEntity> {
  const query = manager
    .createQueryBuilder(WebhookEndpointEntity, 'endpoint')
    .where('endpoint.id = :endpointId', { endpointId });
  // NO KEY UPDATE: deliveries being created for the endpoint meanwhile (KEY SHARE) are not held up
  if (options.lock) query.setLock('for_no_key_update');
  const endpoint = isUUID(endpointId) ? await query.getOne() : null;
  if (!endpoint) throw ManagementApiException.notFound('Webhook endpoint', endpointId);
  return endpoint;
}

function toEndpointDto(endpoint: WebhookEndpointEntity): WebhookEndpointDto {
  const rotating =
    endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt.getTime() > Date.now();
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    organizationId: endpoint.organizationId,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: rotating ? (endpoint.previousSecretExpiresAt?.toISOString() ?? null) : null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
