/**
 * What differs between hosts (Electron window vs browser host): native dialogs and shell actions.
 */
import type { HostCapabilitiesDto } from '../contract/dto.js';

export interface HostAdapter {
  capabilities: HostCapabilitiesDto;
  pickFolder(): Promise<string | null>;
  reveal(filePath: string): Promise<void>;
  open(filePath: string): Promise<void>;
}

/** The browser host cannot open native dialogs or the file manager of the machine it runs on. */
export const browserHostAdapter: HostAdapter = {
  capabilities: { host: 'browser', pickFolder: false, shellActions: false },
  pickFolder: async () => null,
  reveal: async () => {},
  open: async () => {},
};
