/**
 * The viewer's zoom geometry, pure: where a photo of `image` pixels lands in a `stage` of CSS
 * pixels at a scale (CSS px per image px) and offset, zooming around a point, and panning that
 * never loses the photo. No DOM: ZoomState feeds it measured sizes.
 */
export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** scale: CSS pixels per image pixel; x, y: the photo's top-left corner in stage coordinates. */
export interface View {
  scale: number;
  x: number;
  y: number;
}

/** Contain: the whole photo, as large as the stage allows (what object-fit: contain draws). */
export function fitScale(stage: Size, image: Size): number {
  return Math.min(stage.width / image.width, stage.height / image.height);
}

/** One image pixel per device pixel (1:1 on a 2x screen is half a CSS pixel per image pixel). */
export function actualScale(devicePixelRatio: number): number {
  return 1 / devicePixelRatio;
}

/** How far zoom goes: out to the smaller of fit and 1:1, in to 8 device pixels per image pixel. */
export function scaleLimits(stage: Size, image: Size, devicePixelRatio: number): { min: number; max: number } {
  const fit = fitScale(stage, image);
  const actual = actualScale(devicePixelRatio);
  return { min: Math.min(fit, actual), max: Math.max(fit, actual * 8) };
}

/**
 * Keeps the photo on stage: a side smaller than the stage is centred, a larger one may move only
 * until its edge meets the stage's edge (no empty band beside a zoomed photo).
 */
export function clampView(view: View, stage: Size, image: Size): View {
  const clampAxis = (offset: number, drawn: number, room: number): number =>
    drawn <= room ? (room - drawn) / 2 : Math.min(0, Math.max(room - drawn, offset));
  return {
    scale: view.scale,
    x: clampAxis(view.x, image.width * view.scale, stage.width),
    y: clampAxis(view.y, image.height * view.scale, stage.height),
  };
}

export function fitView(stage: Size, image: Size): View {
  return clampView({ scale: fitScale(stage, image), x: 0, y: 0 }, stage, image);
}

/** The view at `scale` with the image point under `at` still under `at` (zoom around the pointer). */
export function zoomView(view: View, scale: number, at: Point, stage: Size, image: Size): View {
  const ratio = scale / view.scale;
  return clampView({ scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio }, stage, image);
}
