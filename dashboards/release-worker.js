// Entry of the release worker thread (release-background.ts): loaded through tsx, as disclosure/pool-worker.js is.
import { register } from 'tsx/esm/api';

register();
await import('./release-worker.ts');
