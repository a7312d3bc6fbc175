/**
 * A place as a link the user can open: OpenStreetMap with a marker, zoomed to street level
 * (the URL form osm.org's own "Share" panel writes). Electron hands it to the user's browser
 * (electron/main/external-links.ts allows this origin only).
 */
export function openStreetMapUrl(lat: number, lon: number): string {
  const la = lat.toFixed(5);
  const lo = lon.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=15/${la}/${lo}`;
}
