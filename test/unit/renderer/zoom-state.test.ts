/**
 * The viewer's zoom as a user drives it: every photo starts fitted, zooming keeps the point under
 * the pointer still, 1:1 is one image pixel per device pixel, panning never loses the photo, and
 * zooming back out to fit is fit again.
 */
import { describe, expect, it } from 'vitest';
import { ZoomState } from '../../../renderer/src/lib/state/zoom-state.svelte.js';

const STAGE = { width: 1000, height: 800 };
const PHOTO = { width: 4000, height: 3000 };

function zoomOn(devicePixelRatio = 1): ZoomState {
  const zoom = new ZoomState();
  zoom.reset(PHOTO);
  zoom.resize(STAGE, devicePixelRatio);
  return zoom;
}

/** The image pixel drawn at a stage point. */
const imagePointAt = (zoom: ZoomState, x: number, y: number) => {
  const v = zoom.current ?? { scale: 1, x: 0, y: 0 };
  return { x: (x - v.x) / v.scale, y: (y - v.y) / v.scale };
};

describe('ZoomState', () => {
  it('starts fitted: the whole photo, centred, as large as the stage allows', () => {
    const zoom = zoomOn();
    expect(zoom.zoomed).toBe(false);
    expect(zoom.current).toEqual({ scale: 0.25, x: 0, y: 25 });
  });

  it('keeps the image point under the pointer still while the wheel zooms in', () => {
    const zoom = zoomOn();
    const before = imagePointAt(zoom, 700, 300);
    zoom.wheel(-300, false, { x: 700, y: 300 });
    expect(zoom.current?.scale).toBeGreaterThan(0.25);
    const after = imagePointAt(zoom, 700, 300);
    expect(after.x).toBeCloseTo(before.x, 6);
    expect(after.y).toBeCloseTo(before.y, 6);
  });

  it('shows one image pixel per device pixel at 1:1 (half a CSS pixel on a 2x screen)', () => {
    const zoom = zoomOn(2);
    zoom.toggleActual({ x: 500, y: 400 });
    expect(zoom.current?.scale).toBe(0.5);
    expect(zoom.actual).toBe(true);
    expect(zoom.percent).toBe(100);
    zoom.toggleActual();
    expect(zoom.zoomed).toBe(false);
  });

  it('pans a zoomed photo but stops where its edge meets the stage', () => {
    const zoom = zoomOn();
    zoom.toggleActual({ x: 0, y: 0 });
    zoom.panBy(10_000, 10_000);
    expect(zoom.current).toMatchObject({ x: 0, y: 0 });
    zoom.panBy(-100_000, -100_000);
    expect(zoom.current).toMatchObject({ x: STAGE.width - PHOTO.width, y: STAGE.height - PHOTO.height });
  });

  it('does not go below fit, and is fit again when zoomed back out', () => {
    const zoom = zoomOn();
    zoom.zoomIn();
    expect(zoom.zoomed).toBe(true);
    for (let i = 0; i < 10; i++) zoom.zoomOut();
    expect(zoom.zoomed).toBe(false);
    expect(zoom.current?.scale).toBe(0.25);
  });

  it('goes back to fit for the next photo', () => {
    const zoom = zoomOn();
    zoom.zoomIn();
    zoom.reset({ width: 1200, height: 1800 });
    expect(zoom.zoomed).toBe(false);
    expect(zoom.current?.scale).toBeCloseTo(800 / 1800, 6);
  });

  it('lets a photo smaller than the stage be seen at 1:1 (zoomed out from its enlarged fit)', () => {
    const zoom = new ZoomState();
    zoom.reset({ width: 400, height: 300 });
    zoom.resize(STAGE, 1);
    expect(zoom.current?.scale).toBe(2.5);
    zoom.toggleActual();
    expect(zoom.current).toEqual({ scale: 1, x: 300, y: 250 });
  });
});
