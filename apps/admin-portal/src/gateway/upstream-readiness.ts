import { Inject, Injectable } from '@nestjs/common';
import { ReadinessService } from '@scimflow/service-kit';
import { UPSTREAMS } from './gateway-routes';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';

/** Ready only while every service behind the gateway answers its liveness probe. */
@Injectable()
export class UpstreamReadiness {
  constructor(@Inject(GATEWAY_OPTIONS) options: GatewayOptions, readiness: ReadinessService) {
    for (const service of UPSTREAMS) {
      readiness.register(service, async () => {
        const response = await fetch(`${options.upstreams[service]}/health/live`, {
          signal: AbortSignal.timeout(1500),
        });
        await response.body?.cancel();
        return response.ok;
      });
    }
  }
}
