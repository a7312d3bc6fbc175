/**
 * What every domain service of the API is built from: the one engine, the event hub and the host's
 * native abilities. api-service.ts assembles the services over one context.
 */
import type { RecollectCore } from '../core/create-core.js';
import type { Logger } from '../core/logger.js';
import type { EventHub } from './event-hub.js';
import type { HostAdapter } from './host-adapter.js';

export interface ServiceContext {
  readonly core: RecollectCore;
  readonly events: EventHub;
  readonly host: HostAdapter;
  readonly logger: Logger;
}
