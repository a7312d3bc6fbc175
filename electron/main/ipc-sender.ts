/**
 * Who may call the API over IPC: only the main frame of our own window, showing our own page.
 * A subframe, another webContents (a devtools extension page, a stray window) or a page that
 * somehow navigated elsewhere is refused before its payload is even parsed.
 */
import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { isAppUrl } from './app-protocol.js';

/** The parts of an invoke event the check reads (so tests pass plain fakes). */
export interface SenderLike {
  sender: Pick<WebContents, 'id'>;
  senderFrame: Pick<WebFrameMain, 'url' | 'parent'> | null;
}

/** The window the app trusts right now; null before it exists or after it closed. */
export interface TrustedWindowLike {
  webContents: { id: number; mainFrame: unknown; isDestroyed(): boolean };
}

export function isTrustedSender(event: SenderLike | IpcMainInvokeEvent, window: TrustedWindowLike | null): boolean {
  if (!window || window.webContents.isDestroyed()) return false;
  if (event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  if (!frame) return false; // frame navigated away or was destroyed while the message was in flight
  if (frame.parent !== null) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}
