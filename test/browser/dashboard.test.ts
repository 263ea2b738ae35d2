// The web page in a real browser (Debian's chromium driven by playwright-core) against the real server on a loopback
// port, serving the hand-made universe's communes of the Loiret and its release (test/dashboards/helpers/): log in
// with a TOTP code, open a dashboard, change the territory with the picker, see a suppressed cell rendered as `s`,
// download a CSV export and read its source line; then a first login with its forced password change, as a viewer
// who is offered no export.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import t from 'tap';
import { parseSourceLine } from '../../disclosure/source-line.ts';
import { listen, totpCode } from '../../server/index.ts';
import { suppressedCommune } from '../dashboards/helpers/release.ts';
import { sharedRelease } from '../dashboards/helpers/shared-release.ts';
import { clock, createUser, STRONG } from '../server/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(tmpdir(), 'infocentre-dashboard.png');

if (!existsSync(CHROMIUM)) {
  // CI installs it (.ci/system-deps); a run without it must not pass as if the page had been tested.
  if (process.env.CI) t.fail(`${CHROMIUM} est absent : la page n'a pas été testée. Lancez .ci/system-deps (apt-get install chromium).`);
  else t.skip(`${CHROMIUM} absent : test du navigateur non exécuté (apt-get install -y chromium)`, () => {});
} else {
  await run();
}

/** A session token through the HTTP login steps, for set-up only (the browser logs in by itself). */
async function httpLogin(url: string, username: string, password: string): Promise<string> {
  const post = (path: string, body: unknown, token?: string) => fetch(`${url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() as Record<string, unknown> }));
  const first = await post('/auth/login', { username, password });
  if (first.body.status !== 'password-change') throw new Error(`set-up login: ${JSON.stringify(first.body)}`);
  const changed = await post('/auth/password', { challenge: first.body.challenge, currentPassword: password, newPassword: STRONG });
  if (changed.body.status !== 'ok') throw new Error(`set-up password change: ${JSON.stringify(changed.body)}`);
  return changed.body.token as string;
}

/** Enrols an authenticator for an account (optional for an exporter, done here so that login asks for a code). */
async function enrolTotp(url: string, username: string, token: string): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const setup = await (await fetch(`${url}/auth/totp/setup`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json() as { secret: string };
  const confirm = await fetch(`${url}/auth/totp/confirm`, { method: 'POST', headers, body: JSON.stringify({ code: totpCode(setup.secret, username, new Date()) }) });
  if (confirm.status !== 200) throw new Error(`TOTP enrolment: ${await confirm.text()}`);
  await fetch(`${url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return setup.secret;
}

async function run(): Promise<void> {
  const { dataDir, release } = await sharedRelease(t, 'hand-made'); // protected before the browser asks for it
  const { app, url } = await listen({ dataDir, port: 0, host: '127.0.0.1', logger: false });
  t.teardown(() => app.close());

  const exporterPassword = await createUser(dataDir, clock(new Date().toISOString()), 'com.loiret', 'exporter', 'DEP:45');
  const secret = await enrolTotp(url, 'com.loiret', await httpLogin(url, 'com.loiret', exporterPassword));
  const viewerPassword = await createUser(dataDir, clock(new Date().toISOString()), 'viewer.loiret', 'viewer', 'DEP:45');

  const small = suppressedCommune(release, '45'); // a commune of the Loiret whose total must show as `s`

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
  const page: Page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // Refused requests (the 401 of /auth/me before login, the 400 of a weak password) are expected and shown in the page;
  // any other console error (a CSP refusal, a script failure) is a defect.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });

  await t.test('login with password then TOTP code', async (t) => {
    await page.goto(`${url}/`);
    await page.getByLabel('Identifiant').fill('com.loiret');
    await page.getByLabel('Mot de passe').fill(STRONG);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Vérification en deux étapes' }).waitFor();
    // The code of the next 30-second step: the enrolment above used the current one, and a code is never reused.
    await page.getByLabel('Code à usage unique').fill(totpCode(secret, 'com.loiret', new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { name: 'Tableaux de bord' }).waitFor();
    t.equal(await page.locator('#who').textContent(), 'com loiret – com.loiret (consultation et exports)');
    t.equal(await page.locator('.dashboard-list li').count(), 11, 'the 11 dashboards');
    t.same(await page.evaluate(() => [Object.keys(sessionStorage), Object.keys(localStorage), document.cookie]), [[], [], ''],
      'the token is in an httpOnly cookie, out of reach of scripts');
  });

  await t.test('open a dashboard, change the territory, see `s`', async (t) => {
    await page.getByRole('link', { name: 'Demandes actives par typologie souhaitée' }).click();
    await page.locator('h1').filter({ hasText: 'typologie' }).waitFor();
    t.match(await page.locator('.scope').textContent(), 'Loiret', 'opens on the habilitation');
    await page.locator('#chart svg').waitFor();
    t.ok(await page.locator('table caption').count() > 0, 'tables with a caption');
    t.ok(await page.locator('th[scope="col"]').count() > 0, 'column headers');

    const picker = page.getByRole('combobox', { name: 'Territoire' });
    await picker.fill(small.slice(4)); // its code
    await page.locator(`#geo-options [data-code="${small}"]`).waitFor();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await page.waitForURL(new RegExp(`geo=${small.replace(':', '%3A')}`));
    await page.locator('#chart svg').waitFor();
    const secretCell = page.locator('td[data-secret="true"] abbr[title="secret statistique"]').first();
    await secretCell.waitFor();
    t.equal(await secretCell.textContent(), 's', 'a suppressed cell is rendered as s');
    const total = page.locator('tr.total td.num').first();
    t.equal(await total.textContent(), 's', 'the commune total itself is secret');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  await t.test('download a CSV export with its source line', async (t) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV (tableur)' }).click(),
    ]);
    t.equal(download.suggestedFilename(), `stock-typologie_${small.replace(':', '-')}_12M.csv`);
    const text = await readFile((await download.path())!, 'utf8');
    t.ok(text.startsWith('\uFEFF'), 'BOM for spreadsheets');
    const last = text.trimEnd().split('\r\n').at(-1)!;
    t.match(parseSourceLine(last), { universe: 'univers agrégé', dataDate: release.asOf }, 'the source line, last');
    t.notOk(/;[1-9];nombre/.test(text), 'no count 1-9');
    await page.locator('#status').filter({ hasText: 'téléchargé' }).waitFor();
  });

  await t.test('logout, then a first login with its forced password change; a viewer has no export', async (t) => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.getByLabel('Identifiant').fill('viewer.loiret');
    await page.getByLabel('Mot de passe').fill(viewerPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Changer votre mot de passe' }).waitFor();
    await page.getByLabel('Nouveau mot de passe').fill('court');
    await page.getByLabel('Confirmez le mot de passe').fill('court');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.locator('#error').filter({ hasText: 'IC_AUTH_009' }).waitFor();
    t.pass('a weak password is refused with its code and what to do');
    await page.getByLabel('Nouveau mot de passe').fill(STRONG);
    await page.getByLabel('Confirmez le mot de passe').fill(STRONG);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('heading', { name: 'Tableaux de bord' }).waitFor();
    await page.getByRole('link', { name: /^Attributions par mois/ }).click();
    await page.locator('#chart svg').waitFor();
    t.equal(await page.locator('.exports').count(), 0, 'no export buttons for a viewer');
  });

  t.same(problems, [], 'no script error or CSP refusal in the page');
}
