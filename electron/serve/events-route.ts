/**
 * `GET /api/events?token=...`: the contract's events as server-sent events (`event: indexProgress`
 * + `data: <json>`), with heartbeat comments so proxies and the browser keep the stream open.
 * Listeners are removed when the client goes away or the host shuts down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../contract/channels.js';
import type { ServedService } from './served-service.js';

export const HEARTBEAT_MS = 15_000;

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void;
  /** Number of open streams (tests check that closed ones are cleaned up). */
  readonly size: number;
  closeAll(): void;
}

export function createEventStreams(service: ServedService, heartbeatMs = HEARTBEAT_MS): EventStreams {
  const open = new Set<ServerResponse>();

  return {
    get size() {
      return open.size;
    },
    open(req, res) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Connection', 'keep-alive');
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      const offs = EVENT_NAMES.map((name) =>
        service.events.on(name, (payload: unknown) => {
          res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
        }),
      );
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      open.add(res);
      const cleanup = (): void => {
        if (!open.delete(res)) return;
        clearInterval(heartbeat);
        for (const off of offs) off();
      };
      req.on('close', cleanup);
      res.on('close', cleanup);
    },
    closeAll() {
      for (const res of [...open]) res.end();
    },
  };
}
