// Test-only stand-in while developing views and exports without the engine: suppresses cells of 1 to 9 and
// nothing else. Never used by the product; release tests use the real engine.
import type { Table } from '../../../disclosure/model.ts';
import type { ProtectedTableLike } from '../../../dashboards/release.ts';

export function primaryOnly(tables: Table[], { threshold }: { threshold: number }): ProtectedTableLike[] {
  return tables.map((table) => ({
    table,
    values: table.cells.map((c) => (c.count > 0 && c.count < threshold ? 's' : c.count)),
    magnitudes: {
      sum_wait_days: table.cells.map((c) => (c.count > 0 && c.count < threshold ? 's' : c.magnitudes?.sum_wait_days ?? 0)),
    },
  }));
}
