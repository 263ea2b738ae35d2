// `infocentre users add|disable|reset|list|hours`: account administration on the server's machine (the first admin
// account is created this way). Temporary passwords are random and printed once; each action is journaled with the
// operating-system account that ran it (`os:<user>`).
import type { Command } from 'commander';
import {
  AccountStore, addAccount, disableAccount, formatAccessHours, Journal, listAccounts, parseAccessHours, resetAccount,
  setAccessHours, systemPaths, type PublicAccount,
} from '../../server/index.ts';
import { dataDirOption } from '../input.ts';
import { operator } from '../operator.ts';

interface DataOpt { dataDir: string }

async function context(dataDir: string) {
  return { store: new AccountStore(systemPaths(dataDir).accounts), journal: await Journal.open(dataDir) };
}

function line(a: PublicAccount): string {
  const state = a.disabled ? `désactivé (${a.disabled})` : a.locked ? `verrouillé jusqu'à ${a.lockedUntil}` : a.mustChangePassword ? 'mot de passe provisoire' : 'actif';
  return `${a.username}\t${a.role}\t${a.territory.join(',')}\t${a.organisation}\t${a.totp ? 'TOTP' : '-'}\t${state}\t${a.lastLoginAt ?? 'jamais connecté'}`;
}

function printIssued(username: string, password: string): void {
  process.stdout.write(`Mot de passe provisoire de ${username} (affiché une seule fois, à changer à la première connexion) :\n${password}\n`);
}

export function registerUsers(root: Command): void {
  const users = root.command('users').description('Gestion des comptes nominatifs (administrateurs)');

  users.command('add')
    .description('Crée un compte nominatif avec un mot de passe provisoire aléatoire')
    .argument('<username>', 'identifiant de la personne (prenom.nom)')
    .requiredOption('--name <fullName>', 'nom complet')
    .requiredOption('--org <organisation>', 'organisme')
    .requiredOption('--role <role>', 'viewer, exporter, analyst ou admin')
    .requiredOption('--territory <units>', 'habilitation : DEP:45,EPCI:200070183,COM:41018 (ou FR)')
    .addOption(dataDirOption())
    .action(async (username: string, opts: DataOpt & { name: string; org: string; role: string; territory: string }) => {
      const { store, journal } = await context(opts.dataDir);
      const issued = await addAccount(store, { username, fullName: opts.name, organisation: opts.org, role: opts.role, territory: opts.territory }, operator(), new Date());
      await journal.append({ actor: operator(), action: 'users.add', outcome: 'ok', params: { username, role: opts.role, territory: issued.account.territory, organisation: opts.org } });
      process.stdout.write(`${line(issued.account)}\n`);
      printIssued(username, issued.password);
    });

  users.command('disable')
    .description('Désactive un compte (ses jetons en cours sont refusés)')
    .argument('<username>')
    .addOption(dataDirOption())
    .action(async (username: string, opts: DataOpt) => {
      const { store, journal } = await context(opts.dataDir);
      const account = await disableAccount(store, username, operator(), new Date());
      await journal.append({ actor: operator(), action: 'users.disable', outcome: 'ok', params: { username } });
      process.stdout.write(`${line(account)}\n`);
    });

  users.command('reset')
    .description('Nouveau mot de passe provisoire ; déverrouille et réactive le compte')
    .argument('<username>')
    .option('--totp', 'efface aussi l\'enrôlement TOTP (téléphone perdu) : il sera refait à la connexion')
    .addOption(dataDirOption())
    .action(async (username: string, opts: DataOpt & { totp?: boolean }) => {
      const { store, journal } = await context(opts.dataDir);
      const issued = await resetAccount(store, username, new Date(), { clearTotp: opts.totp === true });
      await journal.append({ actor: operator(), action: 'users.reset', outcome: 'ok', params: { username, clearTotp: opts.totp === true } });
      process.stdout.write(`${line(issued.account)}\n`);
      printIssued(username, issued.password);
    });

  users.command('list')
    .description('Liste les comptes (identifiant, rôle, habilitation, organisme, TOTP, état, dernière connexion)')
    .option('--json', 'sortie JSON')
    .addOption(dataDirOption())
    .action(async (opts: DataOpt & { json?: boolean }) => {
      const { store, journal } = await context(opts.dataDir);
      const accounts = await listAccounts(store);
      await journal.append({ actor: operator(), action: 'users.list', outcome: 'ok' });
      process.stdout.write(opts.json ? `${JSON.stringify(accounts, null, 2)}\n` : accounts.map((a) => `${line(a)}\n`).join(''));
    });

  users.command('hours')
    .description('Heures d\'accès d\'un organisme, heure de Paris (ex. "lun-ven 08:00-19:00"), ou "aucune"')
    .argument('<organisation>')
    .argument('<hours>')
    .addOption(dataDirOption())
    .action(async (organisation: string, hours: string, opts: DataOpt) => {
      const { store, journal } = await context(opts.dataDir);
      const parsed = hours === 'aucune' ? null : parseAccessHours(hours);
      await setAccessHours(store, organisation, parsed);
      await journal.append({ actor: operator(), action: 'organisations.hours', outcome: 'ok', params: { organisation, hours } });
      process.stdout.write(`${organisation} : ${parsed ? formatAccessHours(parsed) : 'sans restriction horaire'}\n`);
    });
}
