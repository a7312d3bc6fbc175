/**
 * The colour theme: follow the system (prefers-color-scheme), or always light, or always dark.
 * Remembered in this window's localStorage (a display preference, not library data) and applied
 * at once through <html data-theme>, which app.css turns into `color-scheme`; every colour is a
 * light-dark() pair, so nothing reloads.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const KEY = 'recollect.theme';

function isThemeChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark';
}

/** Storage may be missing or refuse (a locked-down profile): the theme then lasts this session. */
function stored(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(KEY);
    return isThemeChoice(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

export class ThemeState {
  choice = $state<ThemeChoice>(stored());

  constructor(private readonly root: { dataset: DOMStringMap } = document.documentElement) {
    this.apply();
  }

  choose = (choice: ThemeChoice): void => {
    this.choice = choice;
    try {
      globalThis.localStorage?.setItem(KEY, choice);
    } catch {
      // Not remembered, still applied.
    }
    this.apply();
  };

  private apply(): void {
    if (this.choice === 'system') delete this.root.dataset.theme;
    else this.root.dataset.theme = this.choice;
  }
}
