/**
 * What the window does when its renderer process dies (crash, OOM kill, GPU reset): reload the app
 * page after a growing pause, and after a few crashes in a row stop and show a plain error page,
 * instead of reloading at once and forever (issue 8: a renderer that crashes on start would spin
 * the CPU and flash the window). A renderer that stays up for STABLE_MS is forgiven its crashes.
 * Main-process module; takes the window's few methods it needs, so tests drive it with fakes.
 */
import type { RenderProcessGoneDetails } from 'electron';

/** Pauses before the 1st, 2nd and 3rd reload in a row; the next crash shows the error page. */
export const RELOAD_DELAYS_MS = [1_000, 4_000, 15_000] as const;
export const STABLE_MS = 60_000;

export const CRASH_PAGE_URL = `data:text/html;charset=utf-8,${encodeURIComponent(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recollect</title>
<style>body{font:15px system-ui,sans-serif;margin:4rem auto;max-width:34rem;padding:0 1rem;color:#ddd;background:#1b1b1f}</style></head>
<body><h1>Recollect's window keeps crashing</h1>
<p>It stopped ${RELOAD_DELAYS_MS.length + 1} times in a row, so it is not reloaded again. Your library and photos are not affected.</p>
<p>Quit Recollect and start it again. If this keeps happening, start it from a terminal and report what it prints.</p></body></html>`)}`;

export interface RecoverableWindow {
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
  webContents: { on(event: 'render-process-gone', listener: (event: unknown, details: Pick<RenderProcessGoneDetails, 'reason'>) => void): unknown };
}

export interface RendererRecoveryOptions {
  appUrl: string;
  log?: (message: string) => void;
  now?: () => number;
}

export function recoverFromRendererCrashes(win: RecoverableWindow, options: RendererRecoveryOptions): void {
  const now = options.now ?? Date.now;
  let crashes = 0;
  let lastCrash = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    if (now() - lastCrash > STABLE_MS) crashes = 0;
    lastCrash = now();
    crashes += 1;
    if (pending) clearTimeout(pending);
    const delay = RELOAD_DELAYS_MS[crashes - 1];
    if (delay === undefined) {
      options.log?.(`the window's renderer stopped (${details.reason}) ${crashes} times in a row; showing the error page`);
      void win.loadURL(CRASH_PAGE_URL);
      return;
    }
    options.log?.(`the window's renderer stopped (${details.reason}); reloading in ${delay / 1000} s`);
    pending = setTimeout(() => {
      pending = null;
      if (!win.isDestroyed()) void win.loadURL(options.appUrl);
    }, delay);
  });
}
