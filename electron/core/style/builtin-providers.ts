/**
 * The style providers every host offers, in menu order (the first is the default). A new built-in
 * provider is one file in ./providers/ plus one line here.
 */
import { clipLookFinderFactory } from './providers/clip-look-finder.js';
import { img2imgServerProviderFactory } from './providers/img2img-server-provider.js';
import { onnxStyleProviderFactory } from './providers/onnx-style-provider.js';
import type { StyleProviderFactory } from './style-provider.js';

export const BUILTIN_STYLE_PROVIDERS: readonly StyleProviderFactory[] = [clipLookFinderFactory, onnxStyleProviderFactory, img2imgServerProviderFactory];

export const DEFAULT_STYLE_PROVIDER = clipLookFinderFactory.id;
