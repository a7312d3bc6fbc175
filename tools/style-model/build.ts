/**
 * `npx tsx tools/style-model/build.ts [folder]`: writes the fixture style networks (style-models.ts)
 * into models/fixtures/style-networks (or the folder given). Tests regenerate them into a temporary
 * folder and check the committed copies are byte-identical.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStyleModels } from './style-models.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const target = resolve(process.argv[2] ?? join(ROOT, 'models/fixtures/style-networks'));
const folders = await writeStyleModels(target);
console.log(JSON.stringify(folders));
