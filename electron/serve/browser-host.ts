/**
 * The browser host: the same RecollectApi the Electron window gets, served over HTTP on
 * 127.0.0.1 only, so the real renderer can run (and be tested) in any Chromium.
 * Owns: the HTTP server, routing, access control (loopback + Host check + per-run token).
 * Must not import 'electron', electron/main or the renderer; talks to the engine only through
 * the service layer (ServedService).
 *
 * Routes (see docs in each route module):
 *   POST /api/<method>                 header x-recollect-token
 *   GET  /api/events?cap=              server-sent events (header, or a capability for this path)
 *   GET  /photo/<thumb|preview|full>/<id>?cap=  (header, or a capability for this path)
 *   GET  /, /<asset>                   the built renderer, no credential: it is the same public
 *                                      code as in the package and holds no user data
 * The printed address is `/#token=...`: a fragment is never sent to any server, the page reads it,
 * keeps it in sessionStorage (isolated by port, unlike cookies) and sends it only as a header to
 * its own origin. No cookie is ever set (issue 8: cookies reach every port of 127.0.0.1).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { silentLogger, type Logger } from '../core/logger.js';
import { createAccessToken } from './access-token.js';
import { handleApiCall } from './api-route.js';
import { createEventStreams } from './events-route.js';
import { sendApiError, sendText, setSecurityHeaders } from './http-replies.js';
import { handlePhoto } from './photo-route.js';
import { hasCredential, hostAllowed, type CredentialSources } from './request-guard.js';
import type { ServedService } from './served-service.js';
import { handleStatic } from './static-route.js';

export const DEFAULT_DIST_DIR = path.resolve(import.meta.dirname, '../../renderer/dist');
const LOOPBACK = '127.0.0.1';

export interface BrowserHostOptions {
  service: ServedService;
  /** 0 picks a free port. */
  port?: number;
  distDir?: string;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
  logger?: Logger;
  heartbeatMs?: number;
}

export interface BrowserHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Open server-sent event streams. */
  openStreams(): number;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { service } = options;
  const token = options.token ?? createAccessToken();
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const logger = options.logger ?? silentLogger;
  const streams = createEventStreams(service, options.heartbeatMs);
  let port = 0;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    if (!hostAllowed(req, port)) {
      sendText(res, 403, 'Forbidden: this server only answers http://127.0.0.1:PORT and http://localhost:PORT.');
      return;
    }
    // Raw path, never normalised by a URL parser: `..` and encoded tricks must stay visible so the
    // routes can refuse them.
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const authorized = (from: CredentialSources): boolean => hasCredential(req, query, token, from);

    if (rawPath === '/api/events') {
      if (!authorized({ header: true, capabilityFor: rawPath })) return sendText(res, 401, 'Unauthorized');
      if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed', { Allow: 'GET' });
      streams.open(req, res);
      return;
    }
    if (rawPath.startsWith('/api/')) {
      if (!authorized({ header: true })) {
        sendApiError(res, 401, 'INVALID_ARGUMENT', 'Missing or wrong access token: open the URL that `recollect serve` printed.');
        return;
      }
      await handleApiCall(req, res, rawPath.slice('/api/'.length), service, logger);
      return;
    }
    if (rawPath.startsWith('/photo/')) {
      if (!authorized({ header: true, capabilityFor: rawPath })) return sendText(res, 401, 'Unauthorized');
      await handlePhoto(req, res, rawPath, service, logger);
      return;
    }
    await handleStatic(req, res, rawPath, distDir);
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      // The path only: the query may carry a capability, which must not end up in logs.
      const where = (req.url ?? '').split('?')[0];
      logger.error('request failed', { path: where, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the host is never reachable from another machine.
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  // A TCP server listening on a port reports an AddressInfo (a string only for pipes/sockets).
  if (address === null || typeof address === 'string') throw new Error('the browser host did not get a TCP port');
  port = address.port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    openStreams: () => streams.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        streams.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
