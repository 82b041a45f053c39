import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { UPSTREAMS } from './gateway-routes';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';
import { mergeOpenApiDocuments, type ServiceDocument } from './openapi-merge';

const CACHE_MS = 30_000;
const FETCH_TIMEOUT_MS = 3000;

/** The OpenAPI document of the public origin: the portal's merged with every service's (cached briefly). */
@Injectable()
export class MergedOpenApiService {
  private readonly logger = new Logger(MergedOpenApiService.name);
  private cached: { at: number; services: ServiceDocument[] } | null = null;

  constructor(@Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions) {}

  async merged(base: OpenAPIObject): Promise<OpenAPIObject> {
    return mergeOpenApiDocuments(base, await this.serviceDocuments());
  }

  private async serviceDocuments(): Promise<ServiceDocument[]> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.services;
    const services = await Promise.all(
      UPSTREAMS.map(async (service): Promise<ServiceDocument> => {
        try {
          const response = await fetch(`${this.options.upstreams[service]}/api/docs-json`, {
            headers: { accept: 'application/json' },
            signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          });
          if (!response.ok) throw new Error(`answered ${response.status}`);
          return { service, document: (await response.json()) as OpenAPIObject };
        } catch (error) {
          this.logger.warn(
            `no OpenAPI document from ${service}: ${error instanceof Error ? error.message : String(error)}`,
          );
          return { service, document: null };
        }
      }),
    );
    // A partial answer is not cached: the next request asks the missing services again.
    if (services.every((entry) => entry.document)) this.cached = { at: Date.now(), services };
    return services;
  }
}
