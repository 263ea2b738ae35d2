// Entry of a pool worker thread (worker-pool.ts): Node 20 has no type stripping and a worker does not inherit the
// main thread's loader, so the TypeScript worker is loaded through tsx, as bin/infocentre.js does.
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
