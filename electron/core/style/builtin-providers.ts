/**
 * The style providers every host offers, in menu order. Adding one: write its file in ./providers/
 * and put its factory here.
 */
import { img2imgServerProviderFactory } from './providers/img2img-server-provider.js';
import { onnxStyleProviderFactory } from './providers/onnx-style-provider.js';
import type { StyleProviderFactory } from './style-provider.js';

export const builtinStyleProviders: StyleProviderFactory[] = [onnxStyleProviderFactory, img2imgServerProviderFactory];
