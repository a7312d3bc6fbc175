/**
 * `npm run fixture:model`: rebuilds models/fixtures/shapes-clip from nothing but this folder.
 * render training scenes (TS, sharp) -> learn the tokenizer (Python) -> check it against the
 * product's JS tokenizer -> train + export ONNX (Python, /usr/bin/python3 + Debian torch) ->
 * evaluate through the product's own loader -> write README.md with the measured numbers.
 * Scratch files live in .cache/fixture-model (git-ignored) and are reused when their inputs match.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ClipTokenizer } from '../../electron/core/embed/clip/clip-tokenizer.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { openImage } from '../../electron/core/image/open-image.js';
import { renderPhotoFolder } from '../../test/helpers/render-photos.js';
import { EVAL_SET, measureModel, type EvalPhoto } from './evaluate.js';
import { COLOUR_PROMPTS, SHAPE_PROMPTS, pickQueries } from './eval-queries.js';
import { INPUT_SIZE, preprocessToRaw } from './preprocess.js';
import { BACKGROUNDS, COLOURS, SHAPES, mulberry32, renderSceneRaw, sceneCaptions, sceneFacts } from './render-scene.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = join(ROOT, '.cache/fixture-model');
const OUT = join(ROOT, 'models/fixtures/shapes-clip');
const PYTHON = '/usr/bin/python3';

/** Everything that decides the model; changing any of it re-renders and retrains. */
const RECIPE = {
  trainImages: Number(process.env.FIXTURE_TRAIN_IMAGES ?? 12000),
  trainMasterSeed: 1,
  torchSeed: 1234,
  epochs: Number(process.env.FIXTURE_EPOCHS ?? 10),
  batch: 128,
  lr: 2e-3,
  // One thread: with two OpenMP threads on two vCPUs shared with other work, torch ran 4x slower (measured).
  threads: 1,
  rendererVersion: 3,
  /**
   * Share of training steps on which an image is paired with one of its word captions
   * (render-scene.ts); 0, the committed model: no word captions at all.
   */
  wordShare: Number(process.env.FIXTURE_WORD_SHARE ?? 0),
} as const;

const PIXELS = INPUT_SIZE * INPUT_SIZE * 3;
const HALF = INPUT_SIZE / 2;
/** Bytes per image in the .u16 files: 3 x 112 x 112 uint16. */
const POOLED_BYTES = 3 * HALF * HALF * 2;

/**
 * The model's first step is a 2x2 average pool; Python trains on pooled pixels. Pooling here, as
 * exact 2x2 sums in CHW uint16 (Python divides by 4), makes the files 4x smaller and saves Python a
 * minute of converting 1.8 GB on a busy machine, without changing a single value it computes.
 */
function pool2x2(hwc: Buffer): Buffer {
  const out = new Uint16Array(3 * HALF * HALF);
  for (let y = 0; y < HALF; y++) {
    for (let x = 0; x < HALF; x++) {
      const a = (2 * y * INPUT_SIZE + 2 * x) * 3;
      const b = a + INPUT_SIZE * 3;
      for (let c = 0; c < 3; c++) {
        out[c * HALF * HALF + y * HALF + x] =
          (hwc[a + c] ?? 0) + (hwc[a + 3 + c] ?? 0) + (hwc[b + c] ?? 0) + (hwc[b + 3 + c] ?? 0);
      }
    }
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

function log(message: string): void {
  console.log(`[fixture:model ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Debian's torch is the only one that works offline here; install it when it is missing. */
function ensureTorch(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
  if (probe.status === 0) return;
  log('torch not importable by /usr/bin/python3: installing python3-torch python3-numpy libopenblas0-pthread');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]): void => {
    const cmd = [...sudo, ...args];
    execFileSync(cmd[0] ?? 'apt-get', cmd.slice(1), { stdio: 'inherit' });
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'python3-torch', 'python3-numpy', 'libopenblas0-pthread']);
}

/** Runs `worker(i)` for i in 0..count-1 with a few in flight: sharp works off the main thread. */
async function pool(count: number, width: number, worker: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await worker(next++);
    }),
  );
}

async function cached(name: string, key: string): Promise<boolean> {
  try {
    return (await readFile(join(WORK, `${name}.key`), 'utf8')) === key && existsSync(join(WORK, `${name}.json`));
  } catch {
    return false;
  }
}

/**
 * Training images, already preprocessed to 224 x 224 as the product would: part are drawn at 224
 * directly, part at camera-like aspect ratios and larger sizes, JPEG-compressed, then resized and
 * centre-cropped by the product's geometry, so the model sees both kinds of pixels.
 */
async function renderTrainingSet(): Promise<void> {
  const words = RECIPE.wordShare > 0;
  // The key of a set without word captions is what it was before they existed, so its cache stays valid.
  const key = JSON.stringify({ n: RECIPE.trainImages, seed: RECIPE.trainMasterSeed, v: RECIPE.rendererVersion, ...(words ? { words } : {}) });
  if (await cached('train', key)) return log('training images: cached');
  const started = performance.now();
  const rng = mulberry32(RECIPE.trainMasterSeed);
  const plans = Array.from({ length: RECIPE.trainImages }, () => {
    const seed = Math.floor(rng() * 2 ** 31);
    const direct = rng() < 0.4;
    const long = Math.round(240 + rng() * 260);
    const aspect = [1, 4 / 3, 3 / 2, 16 / 9][Math.floor(rng() * 4)] ?? 1;
    const portrait = rng() < 0.3;
    const quality = Math.round(45 + rng() * 50);
    const jpeg = rng() < 0.7;
    const short = Math.round(long / aspect);
    return { seed, direct, quality, jpeg, width: portrait ? short : long, height: portrait ? long : short };
  });
  const fh = await open(join(WORK, 'train.u16'), 'w');
  const items: unknown[] = new Array(plans.length);
  await pool(plans.length, 4, async (i) => {
    const p = plans[i];
    if (!p) return;
    const w = p.direct ? INPUT_SIZE : p.width;
    const h = p.direct ? INPUT_SIZE : p.height;
    const scene = await renderSceneRaw(p.seed, w, h);
    const img = sharp(scene.raw, { raw: { width: w, height: h, channels: 3 } });
    let pixels: Buffer;
    if (p.direct) {
      pixels = p.jpeg ? await sharp(await img.jpeg({ quality: p.quality }).toBuffer()).removeAlpha().raw().toBuffer() : scene.raw;
    } else {
      pixels = await preprocessToRaw(await (p.jpeg ? img.jpeg({ quality: p.quality }) : img.png()).toBuffer());
    }
    if (pixels.length !== PIXELS) throw new Error(`training image ${i}: ${pixels.length} bytes`);
    await fh.write(pool2x2(pixels), 0, POOLED_BYTES, i * POOLED_BYTES);
    items[i] = { captions: sceneCaptions(scene.objects, scene.background, { words }), facts: sceneFacts(scene.objects, scene.background) };
    if ((i + 1) % 2000 === 0) log(`rendered ${i + 1}/${plans.length} training images`);
  });
  await fh.close();
  await writeFile(join(WORK, 'train.json'), JSON.stringify({ items }));
  await writeFile(join(WORK, 'train.key'), key);
  await writeFile(join(WORK, 'train.seconds'), ((performance.now() - started) / 1000).toFixed(1));
  log(`training images: ${plans.length} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** The held-out photo folder (another seed), preprocessed for the Python evaluation. */
async function renderEvalSet(): Promise<void> {
  const key = JSON.stringify({ ...EVAL_SET, v: RECIPE.rendererVersion });
  if (await cached('eval', key)) return log('evaluation photos: cached');
  const started = performance.now();
  const dir = join(WORK, 'eval-photos');
  await rm(dir, { recursive: true, force: true });
  const photos = await renderPhotoFolder(dir, EVAL_SET);
  const fh = await open(join(WORK, 'eval.u16'), 'w');
  for (const [i, photo] of photos.entries()) {
    await fh.write(pool2x2(await preprocessToRaw(photo.path)), 0, POOLED_BYTES, i * POOLED_BYTES);
  }
  await fh.close();
  const queries = pickQueries(photos);
  const texts = [...SHAPE_PROMPTS, ...COLOUR_PROMPTS, ...queries.map((q) => q.text), ...photos.flatMap((p) => p.captions.map((c) => c.text))];
  // Inputs users type, to check tokenizer parity beyond our own captions.
  const probes = [
    'A  Red   CIRCLE!',
    'an orange star, 2 of them',
    "it's a purple-ish heart?",
    'Ünïcödé ΣΊΣΥΦΟΣ café',
    'a giraffe under the sea',
    '',
    'three three three three three three three three three three three three three three three three three three',
  ];
  await writeFile(
    join(WORK, 'eval.json'),
    JSON.stringify({
      photos: photos.map((p) => ({ file: p.path, objects: p.objects, background: p.background, facts: p.facts })),
      shapes: SHAPES,
      colours: COLOURS,
      backgrounds: BACKGROUNDS,
      shapePrompts: SHAPE_PROMPTS,
      colourPrompts: COLOUR_PROMPTS,
      queries,
      texts: [...new Set(texts)],
      probes,
    }),
  );
  await writeFile(join(WORK, 'eval.key'), key);
  await writeFile(join(WORK, 'eval.seconds'), ((performance.now() - started) / 1000).toFixed(1));
  log(`evaluation photos: ${photos.length} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function python(args: string[]): void {
  const result = spawnSync(PYTHON, [join(ROOT, 'tools/fixture-model/train.py'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, OMP_NUM_THREADS: String(RECIPE.threads) },
  });
  if (result.status !== 0) throw new Error(`train.py ${args[0] ?? ''} failed (${result.status ?? result.signal})`);
}

/** The product tokenizes with @huggingface/tokenizers (ClipTokenizer): the Python BPE must give the same ids. */
async function checkTokenizerParity(): Promise<number> {
  const tokenizerJson: unknown = JSON.parse(await readFile(join(OUT, 'tokenizer.json'), 'utf8'));
  const tokenizerConfig: unknown = JSON.parse(await readFile(join(OUT, 'tokenizer_config.json'), 'utf8'));
  // The product's tokenizer (library + per-character lowercasing), untruncated like Python's ids.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- tokenizer.json written by our own tokenizer build step in this run
  const tokenizer = new ClipTokenizer(tokenizerJson as { normalizer?: unknown }, {
    contextLength: 100_000,
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- tokenizer_config.json written by this script
    tokenizerConfig: tokenizerConfig as Record<string, unknown>,
  });
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- py_tokens.json written by our own train.py in this run
  const expected = JSON.parse(await readFile(join(WORK, 'py_tokens.json'), 'utf8')) as Record<string, number[]>;
  const mismatches: string[] = [];
  for (const [text, ids] of Object.entries(expected)) {
    const js = tokenizer.tokenize(text);
    if (js.join(',') !== ids.join(',')) mismatches.push(`${JSON.stringify(text)}: python ${ids.join(',')} js ${js.join(',')}`);
  }
  if (mismatches.length > 0) throw new Error(`tokenizer parity failed for ${mismatches.length} texts:\n${mismatches.slice(0, 10).join('\n')}`);
  return Object.keys(expected).length;
}

/** The ONNX files, run by the product's loader, must compute what the trained PyTorch model computes. */
async function checkOnnxParity(photos: readonly EvalPhoto[]): Promise<{ text: number; image: number }> {
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- py_reference.json written by our own export step in this run
  const ref = JSON.parse(await readFile(join(WORK, 'py_reference.json'), 'utf8')) as {
    texts: string[];
    text_embeds: number[][];
    image_embeds: number[][];
  };
  const model = await loadClipModel(OUT, { device: 'cpu', threads: 1 });
  try {
    const cos = (a: Float32Array, b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
    const texts = await model.encodeTexts(ref.texts);
    const textMin = Math.min(...texts.map((e, i) => cos(e, ref.text_embeds[i] ?? [])));
    const pixels = await Promise.all(
      photos.slice(0, ref.image_embeds.length).map(async (p) => model.preprocess(await openImage(p.path))),
    );
    const images = await model.encodeImages(pixels);
    const imageMin = Math.min(...images.map((e, i) => cos(e, ref.image_embeds[i] ?? [])));
    if (textMin < 0.9999 || imageMin < 0.999) {
      throw new Error(`ONNX/product embeddings differ from PyTorch: text cosine ${textMin}, image cosine ${imageMin}`);
    }
    return { text: textMin, image: imageMin };
  } finally {
    await model.dispose();
  }
}

interface TrainResult {
  train_seconds: number;
  train_images: number;
  epochs: number;
  seed: number;
  python_eval: { shape_acc: number; colour_acc: number; p_at_5: number; singles: number };
}

async function folderBytes(dir: string, files: readonly string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(join(dir, f))).size;
  return total;
}

async function main(): Promise<void> {
  const started = performance.now();
  await mkdir(WORK, { recursive: true });
  await mkdir(OUT, { recursive: true });
  ensureTorch();
  const renderStarted = performance.now();
  await renderTrainingSet();
  await renderEvalSet();
  const renderCachedRun = performance.now() - renderStarted < 5000;
  // Measured when the images were last rendered (they are reused while the recipe is unchanged).
  const renderSeconds =
    Number(await readFile(join(WORK, 'train.seconds'), 'utf8').catch(() => 'NaN')) +
    Number(await readFile(join(WORK, 'eval.seconds'), 'utf8').catch(() => 'NaN'));
  python(['tokenizer', '--work', WORK, '--out', OUT]);
  const checked = await checkTokenizerParity();
  log(`tokenizer parity with @huggingface/tokenizers: ${checked} texts identical`);
  python([
    'train',
    '--work', WORK,
    '--out', OUT,
    '--seed', String(RECIPE.torchSeed),
    '--epochs', String(RECIPE.epochs),
    '--word-share', String(RECIPE.wordShare),
    '--batch', String(RECIPE.batch),
    '--lr', String(RECIPE.lr),
    '--threads', String(RECIPE.threads),
  ]);
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- train_result.json written by our own train.py in this run
  const train = JSON.parse(await readFile(join(WORK, 'train_result.json'), 'utf8')) as TrainResult;
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- eval.json written by this script in this run
  const evalJson = JSON.parse(await readFile(join(WORK, 'eval.json'), 'utf8')) as { photos: (EvalPhoto & { file: string })[] };
  const evalPhotos = evalJson.photos.map((p) => ({ ...p, path: p.file }));
  const parity = await checkOnnxParity(evalPhotos);
  log(`product path vs PyTorch: min cosine text ${parity.text.toFixed(6)}, image ${parity.image.toFixed(6)}`);
  log('evaluating through the product path (loadClipModel + openImage) ...');
  const product = await measureModel(OUT, evalPhotos);
  const totalSeconds = (performance.now() - started) / 1000;
  const files = [
    'config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json',
    'special_tokens_map.json', 'vocab.json', 'merges.txt', 'onnx/text_model.onnx', 'onnx/vision_model.onnx',
  ];
  const bytes = await folderBytes(OUT, files);
  const summary = {
    recipe: RECIPE,
    renderSeconds: Math.round(renderSeconds),
    renderCached: renderCachedRun,
    trainSeconds: train.train_seconds,
    totalSeconds: Math.round(totalSeconds),
    bytes,
    parity,
    python: train.python_eval,
    product: { shapeAcc: product.shapeAcc, colourAcc: product.colourAcc, precisionAt5: product.precisionAt5, singles: product.singles, photos: product.photos, seconds: product.seconds },
  };
  await writeFile(join(OUT, 'build-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
  for (const q of product.queries) console.log(`  p@5 ${q.precision.toFixed(2)}  ${q.text} (${q.relevant} relevant)`);
  log(`done in ${totalSeconds.toFixed(0)} s; model files ${(bytes / 1e6).toFixed(2)} MB`);
}

await main();
