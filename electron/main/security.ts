/**
 * Security defaults as code (conventions.md rule 15), applied by main.ts to every window and to the
 * default session. Each rule is a small function so unit tests drive it with fakes.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { isAllowedExternalUrl } from './external-links.js';

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

/**
 * `openExternal` receives the few links the user may open in their own browser (external-links.ts,
 * e.g. a photo's place on OpenStreetMap); the window itself never navigates or opens anything.
 */
export function blockNavigation(contents: NavigationContents, openExternal: (url: string) => void = () => undefined): void {
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
  // No new windows, ever; an allowed link (target=_blank) goes to the user's browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
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
