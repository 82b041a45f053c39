export * from './config/validate-config';
export * from './logging/logging.module';
export * from './logging/redaction';
export * from './health/health.module';
export * from './health/readiness.service';
export * from './lifecycle/graceful-shutdown';
