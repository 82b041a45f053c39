import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/** Answers a request, or gives it to the application with `handOn()`. */
export type AheadHandler = (request: IncomingMessage, response: ServerResponse, handOn: () => void) => void;

/**
 * Puts `handler` in front of the server's request listeners (the Express application of a Nest app): every request
 * reaches it first, and those it hands on reach the application as before. For the few hot routes whose answer
 * costs less than the framework's handling of it.
 */
export function serveAhead(server: Server, handler: AheadHandler): void {
  const application = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handler(request, response, () => {
      for (const listener of application) listener.call(server, request, response);
    });
  });
}
