// What the access journal records: who did what, when, from where, with which parameters, and which requests (NUDs)
// were shown. Parameters are the route's validated inputs (never passwords, codes or tokens).

export type Outcome = 'ok' | 'denied' | 'failed';

export interface JournalEvent {
  /** The account (username) acting, or `os:<user>` for the command line, or null before authentication. */
  actor: string | null;
  action: string; // e.g. login, logout, detailed.lookup, detailed.search, detailed.export, users.add
  outcome: Outcome;
  ip?: string;
  params?: Record<string, unknown>;
  /** NUDs whose personal data the answer carries. Above LARGE_LIST only their count and digest are kept. */
  nuds?: readonly string[];
}

export interface JournalEntry {
  seq: number;
  at: string; // ISO timestamp
  kind: 'event';
  actor: string | null;
  action: string;
  outcome: Outcome;
  ip: string | null;
  params: Record<string, unknown>;
  nuds?: string[];
  nudCount?: number;
  nudDigest?: string;
  prev: string;
  mac: string;
}

/** First line of a purged journal: stands for the entries removed. */
export interface JournalAnchor {
  seq: number; // seq of the last entry removed
  at: string; // when the purge ran
  kind: 'anchor';
  removed: number;
  before: string; // entries strictly older than this were removed
  prev: string; // mac of the last entry removed: the next entry's prev
  mac: string;
}

export type JournalLine = JournalEntry | JournalAnchor;

export const LARGE_LIST = 100;
