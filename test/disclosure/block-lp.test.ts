// Local LPs on a hand-checkable table: a component spanning two EPCIs of one département, each EPCI solved with the
// other fixed at its truth, and the bounds those LPs prove.
import t from 'tap';
import { settleByBlocks } from '../../disclosure/block-lp.ts';
import { components } from '../../disclosure/components.ts';
import { loadHighs } from '../../disclosure/lp.ts';
import { idOf, problemOf } from './helpers/problem.ts';
import { category, geo, table } from './helpers/tables.ts';

const place = geo({ A: ['45', 'E1'], B: ['45', 'E1'], C: ['45', 'E1'], D: ['45', 'E2'], Z: ['45', 'E2'] });
const typology = category('typology', ['T1', 'T2']);

t.test('block LPs: fixing everything outside an EPCI at its truth still proves how far its cells move', async (t) => {
  const p = problemOf([
    table('typ', [place, typology], { 'COM:A|T1': 3, 'COM:A|T2': 1, 'COM:B|T1': 4, 'COM:B|T2': 2, 'COM:C|T1': 20, 'COM:C|T2': 15, 'COM:D|T1': 2, 'COM:D|T2': 5, 'COM:Z|T1': 30, 'COM:Z|T2': 1 }),
  ]);
  const hidden = new Set([idOf(p, 0, ['COM:A', 'T1']), idOf(p, 0, ['COM:A', 'T2']), idOf(p, 0, ['COM:A', '_T']),
    idOf(p, 0, ['COM:B', 'T1']), idOf(p, 0, ['COM:B', 'T2']), idOf(p, 0, ['COM:B', '_T']),
    idOf(p, 0, ['COM:D', 'T2']), idOf(p, 0, ['COM:Z', 'T2']), idOf(p, 0, ['COM:D', 'T1']), idOf(p, 0, ['COM:Z', 'T1'])]);
  const variable = (id: number) => hidden.has(id);
  const [comp] = components(p, variable, -1);
  t.equal(comp.vars.length, 10, 'one component: the département links E1 and E2');
  const highest = new Float64Array(comp.vars.length).fill(Number.NEGATIVE_INFINITY);
  const lowest = new Float64Array(comp.vars.length).fill(Number.POSITIVE_INFINITY);
  // As the engine asks: up until a cell reaches 10, down until it reaches 0.
  const lps = settleByBlocks(await loadHighs(), {
    p, comp, variable, values: p.count, cap: 1000,
    wantsUp: (i) => highest[i] < 10, wantsDown: (i) => lowest[i] > 0,
    see: (i, v) => { highest[i] = Math.max(highest[i], v); lowest[i] = Math.min(lowest[i], v); },
  }, 1);
  t.ok(lps >= 4, 'one LP per block and direction at least');
  const at = (coords: string[]) => comp.vars.indexOf(idOf(p, 0, coords));
  t.equal(highest[at(['COM:A', 'T1'])], 7, 'A × T1 reaches A + B in its EPCI (3 + 4), E2 fixed');
  t.equal(lowest[at(['COM:A', 'T1'])], 0);
  t.equal(highest[at(['COM:D', 'T1'])], 7, 'D × T1 reaches its published row total');
  t.equal(lowest[at(['COM:D', 'T1'])], 1, 'and cannot go under 1: Z × T2 holds at most 6 − D × T2');
  t.equal(highest[at(['COM:Z', 'T2'])], 6, 'Z × T2 reaches the T2 column of E2');
  const wider = settleByBlocks(await loadHighs(), {
    p, comp, variable, values: p.count, cap: 1000,
    wantsUp: () => true, wantsDown: () => false, see: (i, v) => { highest[i] = Math.max(highest[i], v); },
  }, 2);
  t.equal(wider, 0, 'level 2: one département holds the whole component, left to the component\'s own LP');
});
