import type { OnApplicationBootstrap } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { serveAhead } from '@scimflow/service-kit';
import type { Server } from 'node:http';
import { ScimRequestPipeline } from './scim-request-pipeline';

/**
 * Puts the SCIM pipeline in front of the application once it is set up: every request under `/scim/v2` reaches the
 * pipeline on node:http before Express (so before the framework's JSON body parser, 100 kB with its own error
 * bodies), and what the pipeline hands on reaches Express and the Nest controllers as any other request.
 */
export class ScimPipelineInstaller implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly pipeline: ScimRequestPipeline,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) {
      throw new Error(
        'ScimServerModule needs an HTTP application (NestFactory.create), not a standalone context',
      );
    }
    serveAhead(server, (request, response, handOn) => {
      if (ScimRequestPipeline.covers(request.url)) this.pipeline.handle(request, response, handOn);
      else handOn();
    });
  }
}
