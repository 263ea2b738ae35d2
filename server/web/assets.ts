// The web page and the chart libraries it needs, served by the app itself: the machine (and many state networks)
// has no access to a CDN, and a page that loads scripts from elsewhere would widen the CSP. Files are read once at
// start-up into memory, from a fixed list: nothing else on disk can be reached through these routes.
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Asset { body: Buffer; type: string }

const WEB_DIR = dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
};

/** The folder of an installed package, found the way Node looks for it (its `exports` hide package.json). */
function packageDir(name: string): string {
  const candidates = createRequire(import.meta.url).resolve.paths(name) ?? [];
  const found = candidates.map((p) => join(p, name)).find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error(`package ${name} is not installed (npm ci)`);
  return found;
}

/** URL path → file, for the libraries: the browser builds of vega, vega-lite and vega-embed, and vega's
 *  expression interpreter (an ES module importing vega-util), so that charts need no 'unsafe-eval'. */
async function vendorFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>([
    ['/vendor/vega.min.js', join(packageDir('vega'), 'build/vega.min.js')],
    ['/vendor/vega-lite.min.js', join(packageDir('vega-lite'), 'build/vega-lite.min.js')],
    ['/vendor/vega-embed.min.js', join(packageDir('vega-embed'), 'build/vega-embed.min.js')],
    ['/vendor/vega-interpreter.js', join(packageDir('vega-interpreter'), 'build/vega-interpreter.js')],
  ]);
  const util = join(packageDir('vega-util'), 'build');
  for (const name of await readdir(util)) if (name.endsWith('.js')) files.set(`/vendor/vega-util/${name}`, join(util, name));
  return files;
}

async function webFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of await readdir(WEB_DIR)) {
    if (/\.(js|css)$/.test(name)) files.set(`/web/${name}`, join(WEB_DIR, name));
  }
  const index = join(WEB_DIR, 'index.html');
  files.set('/', index);
  files.set('/index.html', index);
  return files;
}

/** The interpreter imports `vega-util` by its bare name; an import map would be an inline script, which the CSP
 *  forbids, so the import is pointed at the served copy instead. */
function rewrite(url: string, body: Buffer): Buffer {
  if (url !== '/vendor/vega-interpreter.js') return body;
  const text = body.toString('utf8');
  const pointed = text.replace(/from 'vega-util'/g, "from '/vendor/vega-util/index.js'");
  if (pointed === text) throw new Error('vega-interpreter no longer imports vega-util by name: check /vendor/ in server/web/assets.ts');
  return Buffer.from(pointed);
}

async function load(files: Map<string, string>): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const [url, path] of files) {
    assets.set(url, { body: rewrite(url, await readFile(path)), type: TYPES[path.slice(path.lastIndexOf('.'))] });
  }
  return assets;
}

export const webRoutes: FastifyPluginAsync = async (app) => {
  const route = (url: string, asset: Asset, cache: string) => app.get(url, { schema: { hide: true } },
    async (_request, reply) => reply.header('content-type', asset.type).header('cache-control', cache).send(asset.body));
  // The page is revalidated (a new version shows at once); the libraries change only with the lock file.
  for (const [url, asset] of await load(await webFiles())) route(url, asset, 'no-cache');
  for (const [url, asset] of await load(await vendorFiles())) route(url, asset, 'public, max-age=86400');
};
