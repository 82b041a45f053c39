import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import path from 'node:path';
import { PORTAL_OPTIONS, type PortalOptions } from '../portal.tokens';
import { isAssetPath, isUiPath } from './portal-ui-paths';

// The UI is bundled (no CDN): everything comes from this origin. The magic link's token lives in the URL
// fragment, and no-referrer keeps any URL of the portal out of other sites' logs.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * Serves the built admin portal: its files, and index.html for every other GET outside /api, /scim, /health
 * and /internal (the single-page application routes in the browser). Hashed assets are cached for good,
 * index.html never.
 */
@Injectable()
export class PortalUiMiddleware implements NestMiddleware {
  private readonly logger = new Logger(PortalUiMiddleware.name);
  private readonly files: RequestHandler | null;

  constructor(@Inject(PORTAL_OPTIONS) private readonly options: PortalOptions) {
    const uiDir = options.uiDir;
    this.files = uiDir
      ? express.static(uiDir, {
          index: false,
          fallthrough: true,
          redirect: false,
          setHeaders: (response, file) => {
            setSecurityHeaders(response);
            const immutable = path.relative(uiDir, file).startsWith(`assets${path.sep}`);
            response.setHeader(
              'Cache-Control',
              immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
            );
          },
        })
      : null;
    if (!uiDir) this.logger.warn('The admin portal UI is not built (run: node tools/build-portal-ui.mjs).');
  }

  use(request: Request, response: Response, next: NextFunction): void {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isUiPath(request.path)) {
      next();
      return;
    }
    const uiDir = this.options.uiDir;
    if (!this.files || !uiDir) {
      setSecurityHeaders(response);
      response
        .status(503)
        .type('text/plain')
        .send('The admin portal UI is not built: run `node tools/build-portal-ui.mjs`, then restart.');
      return;
    }
    this.files(request, response, () => {
      if (isAssetPath(request.path)) {
        next();
        return;
      }
      setSecurityHeaders(response);
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(path.join(uiDir, 'index.html'), (error?: Error) => {
        if (error) next(error);
      });
    });
  }
}

function setSecurityHeaders(response: Response): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}
