// Data-quality alerts (seed 000): notices of maintenance or malfunction that admins post for a period of the data.
// Dashboards and exports of a period show the alerts in force for it. Stored in data/system/alerts.json.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { error } from '../../registry/index.ts';
import { readJson, withFileLock, writeAtomic } from '../system/files.ts';

export const ALERT_KINDS = ['maintenance', 'dysfonctionnement'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  id: string;
  kind: AlertKind;
  message: string;
  /** The period of the data concerned, inclusive ISO dates. */
  from: string;
  to: string;
  createdAt: string;
  createdBy: string;
  withdrawnAt: string | null;
}

export interface NewAlert { kind: AlertKind; message: string; from: string; to: string }

interface AlertsFile { version: 1; alerts: Alert[] }

const LABELS: Record<AlertKind, string> = { maintenance: 'Maintenance', dysfonctionnement: 'Dysfonctionnement' };

/** The French text of an alert as dashboards and exports print it. */
export function alertText(a: Alert): string {
  const fr = (iso: string) => iso.split('-').reverse().join('/');
  const period = a.from === a.to ? `le ${fr(a.from)}` : `du ${fr(a.from)} au ${fr(a.to)}`;
  return `${LABELS[a.kind]} (données ${period}) : ${a.message}`;
}

export class AlertStore {
  /** Every dashboard answer reads the alerts: the file is parsed again only when it changed on disk. */
  private cache: { key: string; file: AlertsFile } | undefined;

  constructor(readonly path: string, private readonly now: () => Date) {}

  private async read(): Promise<AlertsFile> {
    return (await readJson<AlertsFile>(this.path)) ?? { version: 1, alerts: [] };
  }

  private async file(): Promise<AlertsFile> {
    let key: string;
    try {
      const s = await stat(this.path);
      key = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, alerts: [] };
      throw err;
    }
    if (this.cache?.key !== key) this.cache = { key, file: await this.read() };
    return this.cache.file;
  }

  async list(options: { includeWithdrawn?: boolean } = {}): Promise<Alert[]> {
    const all = (await this.file()).alerts;
    return options.includeWithdrawn ? [...all] : all.filter((a) => a.withdrawnAt === null);
  }

  /** Alerts not withdrawn whose period overlaps [from, to] (ISO dates, inclusive). */
  async inForce(from: string, to: string): Promise<Alert[]> {
    return (await this.list()).filter((a) => a.from <= to && a.to >= from);
  }

  async add(input: NewAlert, by: string): Promise<Alert> {
    if (input.from > input.to) throw error('SRV_BAD_ALERT', [`début ${input.from} après la fin ${input.to}`]);
    const alert: Alert = {
      id: randomUUID(), kind: input.kind, message: input.message, from: input.from, to: input.to,
      createdAt: this.now().toISOString(), createdBy: by, withdrawnAt: null,
    };
    await this.change((f) => { f.alerts.push(alert); });
    return alert;
  }

  async withdraw(id: string): Promise<Alert> {
    return this.change((f) => {
      const a = f.alerts.find((x) => x.id === id && x.withdrawnAt === null);
      if (!a) throw error('SRV_UNKNOWN_ALERT', [id]);
      a.withdrawnAt = this.now().toISOString();
      return a;
    });
  }

  private change<T>(fn: (f: AlertsFile) => T): Promise<T> {
    return withFileLock(this.path, async () => {
      const f = await this.read();
      const result = fn(f);
      await writeAtomic(this.path, `${JSON.stringify(f, null, 1)}\n`);
      this.cache = undefined;
      return result;
    });
  }
}
