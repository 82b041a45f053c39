import type { HttpAdapterHost } from '@nestjs/core';
import { SCIM_BASE_PATH } from './scim-route';
import type { ScimRequestPipeline } from './scim-request-pipeline';

/**
 * Mounts the SCIM pipeline on the HTTP server while the application is being created: Express runs
 * middleware in the order it was added, and the framework adds its JSON body parser (100 kB, its own error
 * bodies) only when the application starts, so SCIM requests reach the pipeline first.
 */
export class ScimPipelineInstaller {
  constructor(adapterHost: HttpAdapterHost, pipeline: ScimRequestPipeline) {
    const adapter = adapterHost.httpAdapter;
    if (!adapter) {
      throw new Error(
        'ScimServerModule needs an HTTP application (NestFactory.create), not a standalone context',
      );
    }
    adapter.use(SCIM_BASE_PATH, pipeline.middleware);
  }
}
