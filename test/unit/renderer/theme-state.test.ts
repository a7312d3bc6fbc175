/** The theme choice: applied to <html data-theme> at once, remembered, and "system" follows the OS. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ThemeState } from '../../../renderer/src/lib/state/theme-state.svelte.js';

const memory = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => memory.get(key) ?? null,
  setItem: (key: string, value: string) => void memory.set(key, value),
});

/** A stand-in for <html>: only its dataset is touched. */
const rootElement = (): { dataset: DOMStringMap } => ({ dataset: {} });

describe('ThemeState', () => {
  beforeEach(() => memory.clear());

  it('follows the system until the user chooses (no data-theme, so prefers-color-scheme decides)', () => {
    const root = rootElement();
    expect(new ThemeState(root).choice).toBe('system');
    expect(root.dataset.theme).toBeUndefined();
  });

  it('applies a choice at once and remembers it for the next start', () => {
    const root = rootElement();
    new ThemeState(root).choose('dark');
    expect(root.dataset.theme).toBe('dark');
    const next = rootElement();
    expect(new ThemeState(next).choice).toBe('dark');
    expect(next.dataset.theme).toBe('dark');
  });

  it('goes back to following the system', () => {
    const root = rootElement();
    const theme = new ThemeState(root);
    theme.choose('light');
    theme.choose('system');
    expect(root.dataset.theme).toBeUndefined();
  });

  it('ignores a stored value it does not know', () => {
    memory.set('recollect.theme', 'sepia');
    expect(new ThemeState(rootElement()).choice).toBe('system');
  });
});
