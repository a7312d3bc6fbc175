/**
 * The viewer's zoom: fit (the whole photo, the default for every photo) or zoomed to a scale with
 * an offset. Wheel and pinch zoom around the pointer, drag pans, 1:1 shows one image pixel per
 * device pixel. The stage reports its size; the photo's pixel size comes from the library (width
 * and height, upright), so 1:1 is true even while the smaller preview is still on screen.
 */
import { actualScale, clampView, fitView, scaleLimits, zoomView, type Point, type Size, type View } from '../zoom.js';

/** One wheel notch (deltaY 100) zooms by about 22%; trackpad pinches send small ctrl+wheel deltas. */
const WHEEL_RATE = 0.002;
const PINCH_WHEEL_RATE = 0.01;
/** +/- keys and buttons: a step of 1.5x, three steps from fit to 1:1 for a 12 MP photo on a laptop. */
const STEP = 1.5;

export class ZoomState {
  stage = $state.raw<Size>({ width: 0, height: 0 });
  image = $state.raw<Size | null>(null);
  devicePixelRatio = $state(1);
  /** null: fit. */
  view = $state.raw<View | null>(null);

  zoomed = $derived(this.view !== null);
  private limits = $derived(this.image ? scaleLimits(this.stage, this.image, this.devicePixelRatio) : null);
  /** What is drawn now, fit included. */
  current = $derived<View | null>(this.image && this.stage.width > 0 ? (this.view ?? fitView(this.stage, this.image)) : null);
  /** At 1:1 (within half a percent, so a rounding step away still says 1:1). */
  actual = $derived(this.current !== null && Math.abs(this.current.scale / actualScale(this.devicePixelRatio) - 1) < 0.005);
  /** The scale in percent of 1:1, as photo apps label it ("100%" is 1:1). */
  percent = $derived(this.current ? Math.round((this.current.scale / actualScale(this.devicePixelRatio)) * 100) : null);

  /** A new photo: back to fit. */
  reset = (image: Size | null): void => {
    this.image = image;
    this.view = null;
  };

  resize = (stage: Size, devicePixelRatio: number): void => {
    this.stage = stage;
    this.devicePixelRatio = devicePixelRatio;
    if (this.view && this.image) this.view = clampView(this.view, stage, this.image);
  };

  zoomTo = (scale: number, at: Point = this.centre()): void => {
    const { current, limits, image } = this;
    if (!current || !limits || !image) return;
    const next = Math.min(limits.max, Math.max(limits.min, scale));
    const fit = fitView(this.stage, image);
    // Back at (or below) fit is fit: the photo re-centres and follows the window again.
    this.view = Math.abs(next - fit.scale) < 1e-6 ? null : zoomView(current, next, at, this.stage, image);
  };

  zoomBy = (factor: number, at?: Point): void => {
    if (this.current) this.zoomTo(this.current.scale * factor, at);
  };

  zoomIn = (): void => this.zoomBy(STEP);
  zoomOut = (): void => this.zoomBy(1 / STEP);
  fit = (): void => {
    this.view = null;
  };

  /** Wheel: deltaY in CSS pixels; ctrlKey is how browsers report a trackpad pinch. */
  wheel = (deltaY: number, ctrlKey: boolean, at: Point): void => {
    this.zoomBy(Math.exp(-deltaY * (ctrlKey ? PINCH_WHEEL_RATE : WHEEL_RATE)), at);
  };

  /** Double-click and the 1:1 button: fit <-> actual pixels, around the point. */
  toggleActual = (at?: Point): void => {
    if (this.zoomed) this.fit();
    else this.zoomTo(actualScale(this.devicePixelRatio), at);
  };

  panBy = (dx: number, dy: number): void => {
    const { view, image } = this;
    if (view && image) this.view = clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, this.stage, image);
  };

  private centre = (): Point => ({ x: this.stage.width / 2, y: this.stage.height / 2 });
}
