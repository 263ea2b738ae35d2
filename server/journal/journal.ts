// The access journal (seeds 001-003): an append-only JSON-lines file in data/system/, hash-chained (chain.ts).
// `append` returns only once the entry is on disk (O_DSYNC write): routes call it before sending personal data, and
// when it throws the request fails (fail closed, IC_SRV_004). Appends from the server and from the CLI are serialised
// by a lock file; the chain's tail is cached and re-read whenever the file changed under us.
//
// Appends that arrive while one is being written are written together, under one lock and one synchronous write
// (group commit): concurrent requests then wait for one disk flush, not for one each. The file stays open for
// appending while it is the same file (a purge replaces it; the handle follows).
import { constants, createReadStream } from 'node:fs';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { error } from '../../registry/index.ts';
import { PRIVATE_MODE, readJson, secretFile, withFileLock, writeAtomic } from '../system/files.ts';
import { systemPaths } from '../system/paths.ts';
import { GENESIS, macOf, nudDigest, openLine, sealLine } from './chain.ts';
import { LARGE_LIST, type JournalAnchor, type JournalEntry, type JournalEvent, type JournalLine } from './entry.ts';

interface Tail { ino: number; size: number; seq: number; mac: string }
export interface JournalHead { seq: number; mac: string }

export interface JournalFilter {
  actor?: string;
  action?: string;
  outcome?: string;
  nud?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastMac: string | null;
  anchor: { seq: number; removed: number; before: string; at: string } | null;
  problems: string[];
}

export interface PurgeReport { removed: number; before: string; firstKeptSeq: number | null }

const MAX_PROBLEMS = 20;

const APPEND_DURABLY = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC;

/** Entries written together at most (a burst larger than this is written in several batches). */
const MAX_BATCH = 256;

interface Pending { event: JournalEvent; resolve: (entry: JournalEntry) => void; reject: (cause: unknown) => void }

export class Journal {
  private tail: Tail | undefined;
  private file: { fh: FileHandle; ino: number } | undefined;
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  /** True while the head does not match the last entries written (being written, or its write failed). */
  private headStale = false;

  private constructor(
    readonly path: string,
    private readonly headPath: string,
    private readonly key: Buffer,
    private readonly now: () => Date,
  ) {}

  static async open(dataDir: string, now: () => Date = () => new Date()): Promise<Journal> {
    const paths = systemPaths(dataDir);
    return new Journal(paths.journal, paths.journalHead, await secretFile(paths.journalKey), now);
  }

  /** Appends one entry, durably. Any failure becomes IC_SRV_004 so that the caller refuses the request. */
  append(event: JournalEvent): Promise<JournalEntry> {
    const written = new Promise<JournalEntry>((resolve, reject) => { this.pending.push({ event, resolve, reject }); });
    this.writing ??= this.writePending();
    return written.catch((cause: unknown) => {
      // The cause (disk full, permissions, broken chain) goes to the server log, not to the client.
      throw Object.assign(error('SRV_JOURNAL_UNAVAILABLE'), { cause });
    });
  }

  /**
   * Writes what is pending, batch after batch, until nothing is; a failed batch fails each of its appends. A batch's
   * appends resolve as soon as its entries are durable; the head is written after, still under the lock, unless the
   * previous head write failed: then it is written first, so that a head that cannot be written fails requests too.
   */
  private async writePending(): Promise<void> {
    await Promise.resolve(); // let the appends of the same tick join the first batch
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      let settled = false;
      try {
        await withFileLock(this.path, async () => {
          const { entries, head } = await this.writeEntries(batch.map((p) => p.event));
          if (!this.headStale) {
            batch.forEach((p, i) => p.resolve(entries[i]));
            settled = true;
          }
          this.headStale = true;
          // The head lets `verify` notice a truncated tail; written after the entries, it may lag after a crash.
          await writeAtomic(this.headPath, JSON.stringify(head), { sync: false });
          this.headStale = false;
          if (!settled) batch.forEach((p, i) => p.resolve(entries[i]));
          settled = true;
        });
      } catch (cause) {
        if (!settled) for (const p of batch) p.reject(cause);
      }
    }
    this.writing = undefined;
  }

  /** Appends the entries of `events` to the chain and flushes them to disk (caller holds the lock). */
  private async writeEntries(events: JournalEvent[]): Promise<{ entries: JournalEntry[]; head: JournalHead }> {
    const tail = await this.readTail();
    let { seq, mac: prev } = tail;
    const at = this.now().toISOString();
    const entries: JournalEntry[] = [];
    let text = '';
    for (const event of events) {
      const nuds = event.nuds ?? [];
      const body: Omit<JournalEntry, 'mac'> = {
        seq: ++seq, at, kind: 'event', actor: event.actor, action: event.action,
        outcome: event.outcome, ip: event.ip ?? null, params: event.params ?? {},
        ...(event.nuds === undefined ? {} : nuds.length <= LARGE_LIST
          ? { nuds: [...nuds] }
          : { nudCount: nuds.length, nudDigest: nudDigest(nuds) }),
        prev,
      };
      const { line, mac } = sealLine(this.key, prev, body);
      text += `${line}\n`;
      entries.push({ ...body, mac } as JournalEntry);
      prev = mac;
    }
    const file = await this.appendable(tail.ino);
    try {
      await file.fh.write(text); // on disk when it returns (O_DSYNC)
    } catch (err) {
      await this.closeFile();
      throw err;
    }
    this.tail = { ino: file.ino, size: tail.size + Buffer.byteLength(text), seq, mac: prev };
    return { entries, head: { seq, mac: prev } };
  }

  /**
   * The journal opened for appending: the handle already open when it is still the file at `path` (inode `ino`).
   * Opened with O_DSYNC, so that a write returns once its data is on disk, as a write followed by fdatasync would, in
   * one round trip to the thread pool instead of two.
   */
  private async appendable(ino: number): Promise<{ fh: FileHandle; ino: number }> {
    if (this.file && this.file.ino === ino) return this.file;
    await this.closeFile();
    const fh = await open(this.path, APPEND_DURABLY, PRIVATE_MODE);
    try {
      this.file = { fh, ino: (await fh.stat()).ino };
    } catch (err) {
      await fh.close();
      throw err;
    }
    return this.file;
  }

  /** Waits for the appends under way (and their head), then closes the file kept open (the next append reopens it). */
  async close(): Promise<void> {
    await this.writing;
    await this.closeFile();
  }

  private async closeFile(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.fh.close().catch(() => undefined);
  }

  private async readTail(): Promise<Tail> {
    let s;
    try {
      s = await stat(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const head = await readJson<JournalHead>(this.headPath);
      // A journal that vanished after entries were written must not silently restart a fresh chain.
      if (head && head.seq > 0) throw error('SRV_JOURNAL_BROKEN', ['le fichier du journal a disparu']);
      return { ino: -1, size: 0, seq: 0, mac: GENESIS };
    }
    if (this.tail && this.tail.ino === s.ino && this.tail.size === s.size) return this.tail;
    const last = await lastLine(this.path, s.size);
    if (last === undefined) return { ino: s.ino, size: s.size, seq: 0, mac: GENESIS };
    const parsed = parseLine(last);
    const opened = openLine(last);
    if (!parsed || !opened) throw error('SRV_JOURNAL_BROKEN', ['dernière ligne illisible']);
    const mac = parsed.kind === 'anchor' ? parsed.prev : opened.mac;
    return { ino: s.ino, size: s.size, seq: parsed.seq, mac };
  }

  /** Entries matching the filter, newest first, with the total number of matches. */
  async search(filter: JournalFilter): Promise<{ total: number; entries: JournalEntry[] }> {
    const matches: JournalEntry[] = [];
    for await (const line of this.lines()) {
      const e = parseLine(line);
      if (!e || e.kind !== 'event') continue;
      if (filter.actor !== undefined && e.actor !== filter.actor) continue;
      if (filter.action !== undefined && e.action !== filter.action) continue;
      if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
      if (filter.nud !== undefined && !(e.nuds ?? []).includes(filter.nud) && e.params.nud !== filter.nud) continue;
      const at = Date.parse(e.at);
      if (filter.from && at < filter.from.getTime()) continue;
      if (filter.to && at >= filter.to.getTime()) continue;
      matches.push(e);
    }
    matches.reverse();
    return { total: matches.length, entries: matches.slice(filter.offset, filter.offset + filter.limit) };
  }

  async *lines(): AsyncGenerator<string> {
    let stream;
    try {
      await stat(this.path);
      stream = createReadStream(this.path, { encoding: 'utf8' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) if (line !== '') yield line;
  }

  /** Checks the whole chain and the head; reports every problem (up to 20) rather than stopping at the first. */
  async verify(): Promise<VerifyReport> {
    await this.writing; // this process's appends and their head, first
    const report: VerifyReport = { ok: true, entries: 0, firstSeq: null, lastSeq: null, lastMac: null, anchor: null, problems: [] };
    const problem = (text: string) => {
      report.ok = false;
      if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
    };
    let prev = GENESIS;
    let expectedSeq = 1;
    let n = 0;
    for await (const line of this.lines()) {
      n++;
      const parsed = parseLine(line);
      const opened = openLine(line);
      if (!parsed || !opened) { problem(`ligne ${n} : illisible ou sans sceau`); continue; }
      if (parsed.kind === 'anchor') {
        if (n !== 1) problem(`ligne ${n} : ancre de purge ailleurs qu'en tête du journal`);
        if (macOf(this.key, 'anchor', opened.body) !== opened.mac) problem(`ligne ${n} : ancre de purge altérée`);
        report.anchor = { seq: parsed.seq, removed: parsed.removed, before: parsed.before, at: parsed.at };
        prev = parsed.prev;
        expectedSeq = parsed.seq + 1;
        report.lastSeq = parsed.seq;
        report.lastMac = parsed.prev;
        continue;
      }
      if (parsed.seq !== expectedSeq) problem(`ligne ${n} : numéro ${parsed.seq} au lieu de ${expectedSeq} (entrée supprimée ou insérée)`);
      if (parsed.prev !== prev) problem(`ligne ${n} (n° ${parsed.seq}) : chaînage rompu (entrée précédente supprimée ou modifiée)`);
      if (macOf(this.key, parsed.prev, opened.body) !== opened.mac) problem(`ligne ${n} (n° ${parsed.seq}) : contenu modifié`);
      report.entries++;
      report.firstSeq ??= parsed.seq;
      report.lastSeq = parsed.seq;
      report.lastMac = opened.mac;
      prev = opened.mac;
      expectedSeq = parsed.seq + 1;
    }
    const head = await readJson<JournalHead>(this.headPath);
    if (head) {
      if (report.lastSeq === null || head.seq > report.lastSeq) {
        problem(`le journal s'arrête au n° ${report.lastSeq ?? 0} alors que l'entrée n° ${head.seq} a été écrite (fin du journal supprimée)`);
      } else if (head.seq === report.lastSeq && head.mac !== report.lastMac) {
        problem(`la dernière entrée (n° ${head.seq}) ne correspond pas à celle enregistrée lors de son écriture`);
      }
    }
    return report;
  }

  /**
   * Removes the entries older than `before` (retention), replacing them by an anchor line, after checking the chain:
   * a journal that does not verify is not purged (the evidence is kept).
   */
  async purge(before: Date): Promise<PurgeReport> {
    const check = await this.verify();
    if (!check.ok) throw error('SRV_JOURNAL_BROKEN', [check.problems[0]]);
    return withFileLock(this.path, async () => {
      let content: string;
      try {
        content = await readFile(this.path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { removed: 0, before: before.toISOString(), firstKeptSeq: null };
        throw err;
      }
      const lines = content.split('\n').filter((l) => l !== '');
      const oldAnchor = lines.length > 0 && parseLine(lines[0])?.kind === 'anchor' ? parseLine(lines[0]) as JournalAnchor : undefined;
      const start = oldAnchor ? 1 : 0;
      let cut = start;
      while (cut < lines.length && Date.parse((parseLine(lines[cut]) as JournalEntry).at) < before.getTime()) cut++;
      const removed = cut - start;
      if (removed === 0) return { removed: 0, before: before.toISOString(), firstKeptSeq: null };
      const last = parseLine(lines[cut - 1]) as JournalEntry;
      const body: Omit<JournalAnchor, 'mac'> = {
        seq: last.seq, at: this.now().toISOString(), kind: 'anchor',
        removed: removed + (oldAnchor?.removed ?? 0), before: before.toISOString(), prev: openLine(lines[cut - 1])!.mac,
      };
      const { line } = sealLine(this.key, 'anchor', body);
      await writeAtomic(this.path, [line, ...lines.slice(cut)].map((l) => `${l}\n`).join(''));
      this.tail = undefined;
      const kept = cut < lines.length ? (parseLine(lines[cut]) as JournalEntry).seq : null;
      return { removed, before: before.toISOString(), firstKeptSeq: kept };
    });
  }
}

function parseLine(line: string): JournalLine | undefined {
  try {
    const v = JSON.parse(line) as JournalLine;
    return v && typeof v === 'object' && typeof v.seq === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

async function lastLine(path: string, size: number): Promise<string | undefined> {
  if (size === 0) return undefined;
  const fh = await open(path, 'r');
  try {
    for (let chunk = 65_536; ; chunk *= 4) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      await fh.read(buf, 0, buf.length, start);
      const text = buf.toString('utf8').replace(/\n+$/, '');
      const nl = text.lastIndexOf('\n');
      if (nl >= 0 || start === 0) return text.slice(nl + 1) || undefined;
    }
  } finally {
    await fh.close();
  }
}
