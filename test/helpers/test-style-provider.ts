/**
 * A test-only style provider, registered through the hook like any provider file in
 * electron/core/style/providers/ (issue 11: "a test-only provider registered through the hook
 * appears in --providers and previews"). It greys the photo by `strength`: no model needed, so
 * what it returns is known exactly.
 */
import sharp from 'sharp';
import type { StylePreviewProvider, StyleProviderFactory } from '../../electron/core/style/style-provider.js';

export const TEST_PROVIDER_ID = 'test-grey';

async function grey(image: Buffer, amount: number, size?: number): Promise<Buffer> {
  const pipeline = sharp(image);
  const sized = size ? pipeline.resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true }) : pipeline;
  const s = 1 - amount;
  // feColorMatrix saturate(s): amount 1 is black and white.
  return sized
    .recomb([
      [0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s],
      [0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s],
      [0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s],
    ])
    .png()
    .toBuffer();
}

export const testStyleProviderFactory: StyleProviderFactory = {
  id: TEST_PROVIDER_ID,
  create: (): StylePreviewProvider => ({
    id: TEST_PROVIDER_ID,
    name: 'Test grey',
    description: 'Greys the photo (tests only).',
    needs: [],
    available: async () => ({ ok: true }),
    preview: async (request) => ({ image: await grey(request.image, request.strength, request.size), recipe: { grey: request.strength } }),
    render: async (image, recipe) => grey(image, typeof recipe.grey === 'number' ? recipe.grey : 1),
  }),
};

/** A provider that cannot run, to show how unavailable providers are listed. */
export const unavailableStyleProviderFactory: StyleProviderFactory = {
  id: 'test-offline',
  create: (): StylePreviewProvider => ({
    id: 'test-offline',
    name: 'Test offline server',
    description: 'Never available (tests only).',
    needs: ['server-url'],
    available: async () => ({ ok: false, reason: 'No server address is set.' }),
    preview: async () => {
      throw new Error('not available');
    },
  }),
};
