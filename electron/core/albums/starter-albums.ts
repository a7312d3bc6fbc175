/**
 * One-click albums with prompt sets that work for CLIP-family models (issue 9 item 6). Prompts are
 * written as a photo caption would be, several per album so the ensemble covers the ways a thing
 * looks; exclusions keep out what CLIP confuses most often with it.
 */
export interface StarterAlbum {
  id: string;
  name: string;
  include: string[];
  exclude: string[];
}

export const STARTER_ALBUMS: readonly StarterAlbum[] = [
  { id: 'pets', name: 'Pets', include: ['a pet', 'a dog', 'a cat', 'my dog', 'my cat'], exclude: ['a stuffed toy', 'a drawing of an animal'] },
  { id: 'food', name: 'Food', include: ['a plate of food', 'a meal', 'a dish at a restaurant', 'homemade food'], exclude: ['a menu', 'a receipt'] },
  { id: 'beach', name: 'Beach', include: ['a beach', 'the sea and sand', 'people at the beach', 'the seaside'], exclude: ['a swimming pool'] },
  { id: 'mountains', name: 'Mountains', include: ['mountains', 'a mountain landscape', 'hiking in the mountains', 'a mountain peak'], exclude: [] },
  { id: 'snow', name: 'Snow', include: ['snow', 'a snowy landscape', 'winter with snow', 'skiing'], exclude: [] },
  { id: 'flowers', name: 'Flowers', include: ['flowers', 'a flower close-up', 'a bouquet of flowers', 'a flower garden'], exclude: ['a flower pattern on fabric'] },
  { id: 'sunsets', name: 'Sunsets', include: ['a sunset', 'a sunrise', 'the sky at sunset', 'golden hour'], exclude: [] },
  { id: 'city-night', name: 'City at night', include: ['a city at night', 'city lights at night', 'a street at night', 'a night skyline'], exclude: [] },
  { id: 'documents', name: 'Documents and screenshots', include: ['a screenshot', 'a document', 'a page of text', 'a scanned document', 'a phone screenshot'], exclude: [] },
  { id: 'receipts', name: 'Receipts', include: ['a receipt', 'a shop receipt', 'an invoice', 'a bill'], exclude: [] },
  { id: 'cars', name: 'Cars', include: ['a car', 'a parked car', 'a car on the road', 'a sports car'], exclude: ['a toy car'] },
  { id: 'children', name: 'Babies and children', include: ['a baby', 'a child', 'children playing', 'a toddler'], exclude: ['a doll'] },
  { id: 'selfies', name: 'Selfies', include: ['a selfie', 'a self-portrait taken with a phone', 'a close-up of a face taken by the person'], exclude: [] },
  { id: 'art', name: 'Art and drawings', include: ['a drawing', 'a painting', 'a sketch', 'artwork', 'a cartoon'], exclude: [] },
  { id: 'people', name: 'People', include: ['a group of people', 'friends together', 'a portrait of a person', 'a family photo'], exclude: [] },
  { id: 'nature', name: 'Nature', include: ['a forest', 'a lake', 'a landscape', 'trees and fields'], exclude: [] },
];

export function findStarter(idOrName: string): StarterAlbum | undefined {
  const key = idOrName.trim().toLowerCase();
  return STARTER_ALBUMS.find((s) => s.id === key || s.name.toLowerCase() === key);
}
