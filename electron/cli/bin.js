#!/usr/bin/env node
// Entry of the `recollect` command. Runs the TypeScript sources through tsx's loader, so the CLI
// never runs stale build output; the desktop app bundles the same sources with Vite instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main();
