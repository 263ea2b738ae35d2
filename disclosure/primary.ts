// Step 3, primary suppression: the cells whose publication would break the statistical secret by themselves.
//
// - A cell counting 1 to threshold−1 contributors is confidential.
// - Every cell of a geographic unit (a dimension marked `unitLevel`) whose unit total (that code with every other
//   dimension at its root) counts 1 to threshold−1 is confidential too: a commune with fewer than 10 requests gives
//   no figure at all (seed 000), not even its zeros, which would tell where its few requests are not.
// - A unit whose total is 0 publishes its zeros: an empty commune identifies nobody, and a 0 cannot protect
//   anything (it cannot decrease), so suppressing it would only cost information.
// - Magnitudes (sums from which means are published) of a confidential cell are confidential: they share its
//   suppression pattern, decided on counts.
import type { Problem } from './problem.ts';

export function primary(p: Problem, threshold: number): Uint8Array {
  const out = new Uint8Array(p.n);
  for (let id = 0; id < p.n; id++) {
    const v = p.count[id];
    if (v > 0 && v < threshold) out[id] = 1;
  }
  p.tables.forEach((t, ti) => {
    const { layout } = t;
    const g = p.global[ti];
    layout.dims.forEach((dl, d) => {
      if (!dl.dim.unitLevel) return;
      const stride = layout.strides[d];
      const block = stride * layout.sizes[d];
      let rootBase = 0;
      layout.dims.forEach((other, e) => { if (e !== d) rootBase += other.root * layout.strides[e]; });
      for (let u = 0; u < layout.sizes[d]; u++) {
        const total = t.count[rootBase + u * stride];
        if (!(total > 0 && total < threshold)) continue;
        for (let outer = u * stride; outer < layout.size; outer += block) {
          for (let i = 0; i < stride; i++) out[g[outer + i]] = 1;
        }
      }
    });
  });
  return out;
}
