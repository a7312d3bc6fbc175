/**
 * Applies an EXIF/TIFF orientation (1-8) to a sharp pipeline by hand. Used where the
 * orientation is not inside the pixels' own container, e.g. a RAW's IFD0 Orientation that
 * governs its embedded JPEG preview. sharp applies flip/flop before rotate (sharp docs,
 * api-operation: "This always occurs before rotation"); the mapping is checked against the
 * recurser exif-orientation-examples in test/unit/image/orientation.test.ts.
 */
import type { Sharp } from 'sharp';

export function isValidOrientation(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/** Orientations 5-8 swap width and height. */
export function swapsAxes(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

export function applyOrientation(pipeline: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2: return pipeline.flop();
    case 3: return pipeline.rotate(180);
    case 4: return pipeline.flip();
    case 5: return pipeline.flop().rotate(270);
    case 6: return pipeline.rotate(90);
    case 7: return pipeline.flop().rotate(90);
    case 8: return pipeline.rotate(270);
    default: return pipeline;
  }
}
