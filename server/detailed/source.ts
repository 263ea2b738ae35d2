// The detailed universe of the served snapshot, opened read-only by the detailed routes (the only code that opens it).
// Reopened when the served snapshot changes (new load) or when its file was replaced (purge of radiated requests
// rewrites it under a new inode), checked at most once a second. Queries run one at a time on the connection.
import { stat } from 'node:fs/promises';
import { currentSnapshot, openDetailed, type DetailedDB, type Universe } from '../../universes/index.ts';
import { error } from '../../registry/index.ts';

interface Opened { key: string; universe: Universe<DetailedDB>; snapshotId: string; asOf: string }

export class DetailedSource {
  private opened: Opened | undefined;
  private checkedAt = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  /** Runs `fn` on the current universe, alone on its connection. */
  run<T>(fn: (u: Universe<DetailedDB>, meta: { snapshotId: string; asOf: string }) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const o = await this.current();
      return fn(o.universe, { snapshotId: o.snapshotId, asOf: o.asOf });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async current(): Promise<Opened> {
    if (this.opened && Date.now() - this.checkedAt < 1000) return this.opened;
    const snap = await currentSnapshot(this.dataDir);
    if (!snap) throw error('SRV_NO_SNAPSHOT');
    let key: string;
    try {
      const s = await stat(snap.detailed);
      key = `${snap.id}:${s.ino}:${s.mtimeMs}`;
    } catch {
      throw error('SRV_NO_SNAPSHOT');
    }
    this.checkedAt = Date.now();
    if (this.opened?.key === key) return this.opened;
    this.close();
    const universe = await openDetailed(snap.detailed, 'read');
    // One DuckDB thread: queries run one at a time here anyway, a NUD lookup handed between two threads waited for
    // both to be scheduled (a third slower on the shared 2-core machine), and a long search no longer takes the core
    // the event loop needs to serve dashboards meanwhile.
    await universe.sql('SET threads = 1');
    const [row] = await universe.sql<{ as_of: string }>('SELECT CAST(as_of AS VARCHAR) AS as_of FROM snapshot LIMIT 1');
    this.opened = { key, universe, snapshotId: snap.id, asOf: row?.as_of ?? '' };
    return this.opened;
  }

  close(): void {
    this.opened?.universe.close();
    this.opened = undefined;
  }
}
