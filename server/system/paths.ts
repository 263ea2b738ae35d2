// Where the server keeps its own state inside data/system/ (universes/store.ts gives that folder to the server).
import { join } from 'node:path';
import { systemDir } from '../../universes/index.ts';

export interface SystemPaths {
  dir: string;
  accounts: string; // accounts.json: accounts and organisations (access hours)
  journal: string; // journal.jsonl: the hash-chained access journal
  journalHead: string; // journal.head.json: last sequence number and MAC, detects a truncated tail
  journalKey: string; // journal.key: MAC key of the chain
  jwtKey: string; // jwt.key: signing key of session tokens
  revoked: string; // revoked.json: ids of tokens revoked before their expiry (logout)
  alerts: string; // alerts.json: data-quality notices
}

export function systemPaths(dataDir: string): SystemPaths {
  const dir = systemDir(dataDir);
  return {
    dir,
    accounts: join(dir, 'accounts.json'),
    journal: join(dir, 'journal.jsonl'),
    journalHead: join(dir, 'journal.head.json'),
    journalKey: join(dir, 'journal.key'),
    jwtKey: join(dir, 'jwt.key'),
    revoked: join(dir, 'revoked.json'),
    alerts: join(dir, 'alerts.json'),
  };
}
