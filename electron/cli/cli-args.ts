/**
 * Command-line parsing (node:util parseArgs): one option table shared by all commands, so
 * --library/--model/--device mean the same everywhere.
 */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: recollect <command> [options]

Commands:
  index [folder...]         Add photos in these folders to the library (incremental; none:
                            the library's folders, which also continues a model switch)
  search "<query>"          Find photos by description ("dog on a beach -people")
  similar <photo>           Find photos that look like this one
  status [--probe]          Library, model (and a model switch under way); --probe opens the
                            model to show the device it runs on and why GPU was not used
  model use <id|folder>     Switch models; search keeps the old one until \`index\` re-embeds
  embed --model DIR         Print embeddings of --text/--image inputs (parity checks)
  serve                     Open Recollect in your browser (local only, per-run token)
  album create "<name>" --prompt "<text>" [--prompt ...] [--exclude "<text>"]...
                            An album described in words; it sorts itself and learns from you
  album list | show "<name>" [-k N] | why "<name>" <photo>
  album accept|reject|unlabel "<name>" <photo>...
  album rename "<name>" "<new name>" | delete "<name>" | starters
  categorize [--album "<name>"]...  Each photo into its best album, or Unsorted
  sort --into DIR [--album "<name>"]... [--categorize [--unsorted]] [--mode copy|hardlink|move]
       [--xmp|--no-xmp] [--dry-run]
                            Albums into folders on disk (journalled; undoable)
  sort --undo <run> | --history
  model list                List the catalog and the installed models (size, vectors, state)
  model download <catalog id | owner/name[@revision]> [--quantized] [--endpoint URL]
                            Fetch a model into the models folder (resumable, verified)
  model remove <id> [--vectors]  Delete an installed model (--vectors: its library vectors too)
  model import <folder>     Copy a model folder you have into the models folder
  style <photo> --prompt "<look>" [--provider ID] [--strength 0..1] [--out FILE]
                            Preview a look in words ("warm vintage film"); --out saves a new file
  style --providers         Style providers, and why any cannot run

Options:
  --library FILE            Library file (default: per-user app-data folder; env RECOLLECT_LIBRARY)
  --model DIR               Model folder, Hugging Face ONNX layout (env RECOLLECT_MODEL; remembered)
  --device auto|cpu|gpu     Execution provider (default auto: GPU when one passes a self-check)
  --threads N               CPU threads for inference
  --quantized               Use the int8 *_quantized.onnx model files
  --json                    Machine-readable output (one JSON object)
  -k N                      Most results to show (search, similar; default 20)
  --folder F                Only photos under this folder
  --after D / --before D    Only photos taken from D / before D (YYYY, YYYY-MM or YYYY-MM-DD)
  --all                     Show weak matches too (no relevance cut-off)
  --text T / --image PATH   Inputs for embed (repeatable); --tokens adds token ids
  --prompt T / --exclude T  Album prompts (repeatable)
  --album NAME              Albums to categorize into (repeatable; default: all)
  --into DIR                Folder to sort into (sort)
  --mode M                  copy (default), hardlink (same drive; else copies) or move
  --xmp / --no-xmp          Album names as keywords in XMP sidecars (default: on, except for move)
  --dry-run                 Show the whole plan; write nothing
  --categorize              Each photo into its single best album (with --unsorted: the rest too)
  --undo RUN / --history    Undo a sort run / list the runs
  --endpoint URL            Model hub or mirror (default: env HF_ENDPOINT, else https://huggingface.co);
                            models go to RECOLLECT_MODELS_DIR or the app-data models folder; a
                            gated model's token comes from HF_TOKEN; HTTPS_PROXY is honoured
  --vectors                 With model remove: also delete the library's vectors from the model
  --provider ID             Style provider (style; default clip-look; see style --providers)
  --strength S              How much of the look, 0 to 1 (style; default 1)
  --out FILE                Where to write the styled copy (style; never overwrites)
  -v, --verbose             Log details (provider selection, per-file warnings) to stderr
  -h, --help                This help
`;

export function parseCli(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      library: { type: 'string' },
      model: { type: 'string' },
      device: { type: 'string' },
      threads: { type: 'string' },
      quantized: { type: 'boolean' },
      json: { type: 'boolean' },
      k: { type: 'string', short: 'k' },
      folder: { type: 'string' },
      after: { type: 'string' },
      before: { type: 'string' },
      all: { type: 'boolean' },
      text: { type: 'string', multiple: true },
      image: { type: 'string', multiple: true },
      tokens: { type: 'boolean' },
      port: { type: 'string' },
      prompt: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      album: { type: 'string', multiple: true },
      into: { type: 'string' },
      mode: { type: 'string' },
      xmp: { type: 'boolean' },
      'no-xmp': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      categorize: { type: 'boolean' },
      unsorted: { type: 'boolean' },
      undo: { type: 'string' },
      history: { type: 'boolean' },
      endpoint: { type: 'string' },
      vectors: { type: 'boolean' },
      provider: { type: 'string' },
      providers: { type: 'boolean' },
      strength: { type: 'string' },
      out: { type: 'string' },
      probe: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export type CliArgs = ReturnType<typeof parseCli>;
export type CliFlags = CliArgs['values'];

/** Thrown for wrong usage: exit code 2 and the one-line reason. */
export class UsageError extends Error {}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive whole number (got "${value}")`);
  return n;
}
