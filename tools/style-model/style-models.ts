/**
 * The fixture style networks: each one a 1x1 convolution (a channel-mix matrix plus bias, see
 * colour-transforms.ts) shaped like a fast neural style network ([1,3,H,W] float in and out), plus
 * broken ones for the error paths. `writeStyleModels(root)` writes them all; deterministic bytes.
 *
 *   colour/       sepia, red, blue (dynamic H/W, sidecar JSON with name/description/ranges)
 *   fixed-size/   sepia-96 (fixed [1,3,96,96] input, no sidecar: ranges detected, photo tiled)
 *   wrong-shape/  four-channels ([1,4,H,W]) and rank-three ([3,H,W])
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BLUEN, REDDEN, SEPIA, type ColourTransform } from './colour-transforms.js';
import { encodeOnnxModel, type Dim } from './onnx-graph.js';

function colourModel(name: string, t: ColourTransform, shape: readonly Dim[]): Buffer {
  return encodeOnnxModel({
    name,
    inputs: [{ name: 'input1', shape }],
    outputs: [{ name: 'output1', shape }],
    initializers: [
      { name: 'weight', dims: [3, 3, 1, 1], values: t.matrix.flat() },
      { name: 'bias', dims: [3], values: [...t.bias] },
    ],
    nodes: [{ op: 'Conv', inputs: ['input1', 'weight', 'bias'], outputs: ['output1'], ints: { kernel_shape: [1, 1] } }],
  });
}

const DYNAMIC: readonly Dim[] = [1, 3, 'height', 'width'];

interface Sidecar {
  name: string;
  description: string;
  inputRange: [number, number];
  outputRange: [number, number];
}

const COLOUR_STYLES: readonly { file: string; transform: ColourTransform; sidecar: Sidecar }[] = [
  { file: 'sepia', transform: SEPIA, sidecar: { name: 'Sepia', description: 'old brown sepia photograph', inputRange: [0, 255], outputRange: [0, 255] } },
  { file: 'red', transform: REDDEN, sidecar: { name: 'Red', description: 'turns photos red', inputRange: [0, 255], outputRange: [0, 255] } },
  { file: 'blue', transform: BLUEN, sidecar: { name: 'Blue', description: 'turns photos blue', inputRange: [0, 255], outputRange: [0, 255] } },
];

export interface StyleModelFolders {
  colour: string;
  fixedSize: string;
  wrongShape: string;
}

export async function writeStyleModels(root: string): Promise<StyleModelFolders> {
  const folders = { colour: join(root, 'colour'), fixedSize: join(root, 'fixed-size'), wrongShape: join(root, 'wrong-shape') };
  for (const dir of Object.values(folders)) await mkdir(dir, { recursive: true });
  for (const style of COLOUR_STYLES) {
    await writeFile(join(folders.colour, `${style.file}.onnx`), colourModel(style.file, style.transform, DYNAMIC));
    await writeFile(join(folders.colour, `${style.file}.json`), `${JSON.stringify(style.sidecar, null, 2)}\n`);
  }
  await writeFile(join(folders.fixedSize, 'sepia-96.onnx'), colourModel('sepia-96', SEPIA, [1, 3, 96, 96]));
  const fourChannels = encodeOnnxModel({
    name: 'four-channels',
    inputs: [{ name: 'input1', shape: [1, 4, 'height', 'width'] }],
    outputs: [{ name: 'output1', shape: DYNAMIC }],
    initializers: [{ name: 'weight', dims: [3, 4, 1, 1], values: Array.from({ length: 12 }, (_, i) => (i % 5 === 0 ? 1 : 0)) }],
    nodes: [{ op: 'Conv', inputs: ['input1', 'weight'], outputs: ['output1'], ints: { kernel_shape: [1, 1] } }],
  });
  await writeFile(join(folders.wrongShape, 'four-channels.onnx'), fourChannels);
  const rankThree = encodeOnnxModel({
    name: 'rank-three',
    inputs: [{ name: 'input1', shape: [3, 'height', 'width'] }],
    outputs: [{ name: 'output1', shape: [3, 'height', 'width'] }],
    initializers: [],
    nodes: [{ op: 'Identity', inputs: ['input1'], outputs: ['output1'] }],
  });
  await writeFile(join(folders.wrongShape, 'rank-three.onnx'), rankThree);
  return folders;
}
