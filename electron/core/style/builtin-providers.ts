/**
 * The style providers every host offers, in menu order (the first is the default). A new built-in
 * provider is one file in ./providers/ plus one line here.
 */
import { clipLookFinderFactory } from './providers/clip-look-finder.js';
import type { StyleProviderFactory } from './style-provider.js';

export const BUILTIN_STYLE_PROVIDERS: readonly StyleProviderFactory[] = [clipLookFinderFactory];

export const DEFAULT_STYLE_PROVIDER = clipLookFinderFactory.id;
