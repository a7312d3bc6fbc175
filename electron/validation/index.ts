/**
 * Public surface of electron/validation: argument checks for RecollectApi calls, shared by the
 * Electron main process and the browser host (electron/serve).
 */
export { API_ARG_SCHEMAS } from './api-arg-schemas.js';
export { InvalidArgumentError, isRecollectMethod, parseApiArgs, parseApiCall } from './parse-api-args.js';
