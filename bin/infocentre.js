#!/usr/bin/env node
// Launcher: Node 20 has no type stripping, so the TypeScript sources are loaded through tsx.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
