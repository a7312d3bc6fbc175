#!/usr/bin/env node
// Entry of the `recollect` command: runs the CLI bundle, rebuilt from the TypeScript sources
// whenever they changed (cli-bundle.js), so it is fast to start and never stale. The desktop
// app bundles the same sources with esbuild (tools/build-electron.ts).
import { pathToFileURL } from 'node:url';
import { ensureCliBundle } from './cli-bundle.js';

const { main } = await import(pathToFileURL(await ensureCliBundle()).href);
await main();
