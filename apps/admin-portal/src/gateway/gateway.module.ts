import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { GatewayProxyMiddleware } from './gateway-proxy.middleware';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';
import { MergedOpenApiService } from './merged-openapi.service';
import { UpstreamReadiness } from './upstream-readiness';

/** The public origin's routing to the services, their readiness, and their merged OpenAPI document. */
@Module({})
export class GatewayModule implements NestModule {
  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayModule,
      providers: [
        { provide: GATEWAY_OPTIONS, useValue: options },
        GatewayProxyMiddleware,
        MergedOpenApiService,
        UpstreamReadiness,
      ],
      exports: [MergedOpenApiService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GatewayProxyMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
