/**
 * Security defaults as code (conventions.md rule 15), applied by main.ts to every window and to the
 * default session. Each rule is a small function so unit tests drive it with fakes.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

export interface WindowSecurityOptions {
  /** app.isPackaged: a shipped build has no devtools (a user cannot be talked into pasting code there). */
  packaged: boolean;
}

export function secureWebPreferences(preload: string, options: WindowSecurityOptions = { packaged: true }): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    devTools: !options.packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** In-app navigation (app://recollect/...) is fine; anything else is stopped. */
export function shouldBlockNavigation(url: string): boolean {
  return !isAppUrl(url);
}

type NavigationContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function blockNavigation(contents: NavigationContents): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (shouldBlockNavigation(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  // will-navigate fires for the main frame only; an iframe (were one ever injected) navigates here.
  contents.on('will-frame-navigate', (details) => {
    if (shouldBlockNavigation(details.url)) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No new windows, ever: links to the web are not part of this app.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function lockDownSession(ses: SessionLike): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // app:// responses carry the CSP already; this covers any other response the session sees.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
