/**
 * What the browser host needs from the service layer: the API, its events and photo assets.
 * A narrow type so unit tests can serve a fake, and so the host cannot reach anything else.
 */
import type { RecollectApi } from '../contract/api.js';
import type { ApiService } from '../service/api-service.js';

export type ServedService = RecollectApi & {
  readonly events: Pick<ApiService['events'], 'on'>;
  readonly assets: Pick<ApiService['assets'], 'resolve'>;
};
