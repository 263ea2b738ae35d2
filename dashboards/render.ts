// Server-side rendering of a chart spec, without a browser: Vega-Lite → Vega → SVG (vega's headless View), and
// SVG → PNG with resvg and the DejaVu font (.ci/system-deps installs it). The image is scaled to the requested
// width exactly; the loader refuses every URL and file, so a spec can only draw its inline data.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { error } from '../registry/index.ts';

export const MIN_WIDTH = 320;
export const MAX_WIDTH = 4000;

const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

const refuseLoading = vega.loader();
refuseLoading.load = async (uri: string) => { throw new Error(`chart specs carry inline data only (refused: ${uri})`); };

function checkWidth(width: number): number {
  if (!Number.isInteger(width) || width < MIN_WIDTH || width > MAX_WIDTH) throw error('DASH_BAD_WIDTH', [width]);
  return width;
}

/** SVG of a spec, scaled to `width` pixels wide (viewBox kept, so it stays sharp at any print size). */
export async function renderSvg(spec: TopLevelSpec, width: number): Promise<string> {
  checkWidth(width);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: refuseLoading });
  try {
    const svg = await view.toSVG();
    return scaleSvg(svg, width);
  } finally {
    view.finalize();
  }
}

function scaleSvg(svg: string, width: number): string {
  const head = /^<svg[^>]*>/.exec(svg);
  if (!head) return svg;
  const w = Number(/\swidth="([\d.]+)"/.exec(head[0])?.[1]);
  const h = Number(/\sheight="([\d.]+)"/.exec(head[0])?.[1]);
  if (!w || !h) return svg;
  const height = Math.round((h * width) / w);
  const tag = head[0]
    .replace(/\swidth="[\d.]+"/, ` width="${width}"`)
    .replace(/\sheight="[\d.]+"/, ` height="${height}"`)
    .replace(/\sviewBox="[^"]*"/, '')
    .replace(/^<svg/, `<svg viewBox="0 0 ${w} ${h}"`);
  return tag + svg.slice(head[0].length);
}

/** PNG of an SVG, exactly `width` pixels wide, on a white background. */
export function renderPng(svg: string, width: number): Buffer {
  checkWidth(width);
  const fontFiles = FONT_FILES.filter((f) => existsSync(f));
  if (fontFiles.length === 0) throw new Error(`no font for PNG rendering: install fonts-dejavu-core (.ci/system-deps)`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
