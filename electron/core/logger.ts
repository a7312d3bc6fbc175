/**
 * The core never writes to the console itself (conventions.md rule 5): hosts pass a Logger.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A logger that keeps entries in memory, for tests and for "why did GPU fail" reports. */
export class MemoryLogger implements Logger {
  readonly entries: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  debug = (message: string, fields?: Record<string, unknown>): void => void this.entries.push({ level: 'debug', message, fields });
  info = (message: string, fields?: Record<string, unknown>): void => void this.entries.push({ level: 'info', message, fields });
  warn = (message: string, fields?: Record<string, unknown>): void => void this.entries.push({ level: 'warn', message, fields });
  error = (message: string, fields?: Record<string, unknown>): void => void this.entries.push({ level: 'error', message, fields });
}
