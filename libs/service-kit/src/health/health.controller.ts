import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessService } from './readiness.service';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessService,
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Every dependency (database, broker) answers: send traffic here. 503 otherwise. */
  @Get('ready')
  @HealthCheck()
  async ready() {
    const { checks } = await this.readiness.evaluate();
    return this.health.check(
      Object.entries(checks).map(([name, status]) => async () => {
        const indicator = this.indicators.check(name);
        return status === 'up' ? indicator.up() : indicator.down();
      }),
    );
  }
}
