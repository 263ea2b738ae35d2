// The web page in a real browser (Debian's chromium driven by playwright-core) against the real server on a loopback
// port, serving the hand-made universe's communes of the Loiret and its release (test/dashboards/helpers/): log in
// with a TOTP code, open a dashboard, change the territory with the picker, see a suppressed cell rendered as `s`,
// download a CSV export and read its source line; check that every text is readable (WCAG AA contrast) and that the
// page works from the keyboard (skip link, Tab, Enter); then a first login with its forced password change, as a viewer
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

/**
 * Runs in the page: every visible text (outside the chart's SVG) whose contrast with the background it sits on is
 * below WCAG 2.1 AA, 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). A string, not a function: the test
 * runner's transform would add helpers to a function's source that do not exist in the page.
 */
const lowContrastTexts = `(() => {
  const rgba = (css) => (css.match(/[\\d.]+/g) ?? ['0', '0', '0', '0']).map(Number).concat(1).slice(0, 4);
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) return over(bg, background(e.parentElement));
    }
    return [255, 255, 255];
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || el.closest('[hidden]')) continue;
    const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (!text) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || style.display === 'none' || box.width === 0 || box.right < 0) continue;
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = Number.parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) low.push(el.tagName.toLowerCase() + ' "' + text.slice(0, 40) + '": ' + ratio.toFixed(2) + ':1');
  }
  return low;
})()`;

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
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    t.same(await page.evaluate<string[]>(lowContrastTexts), [], 'login page: every visible text readable');
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

  await t.test('every text readable (WCAG contrast), the page usable by keyboard alone', async (t) => {
    t.same(await page.evaluate<string[]>(lowContrastTexts), [], 'dashboard view: every visible text at least 4.5:1 (3:1 when large)');

    await page.evaluate(() => {
      const grey = document.createElement('p'); // styled through the CSSOM: the page's CSP refuses style attributes
      grey.id = 'grey';
      grey.textContent = 'gris clair';
      grey.style.color = '#999';
      document.querySelector('main')!.append(grey);
    });
    t.same(await page.evaluate<string[]>(lowContrastTexts), ['p "gris clair": 2.85:1'], 'the check finds grey on white');
    await page.evaluate(() => document.getElementById('grey')!.remove());

    const view = page.url();
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    t.equal(await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')?.textContent), 'Aller au contenu', 'the first stop of the page skips to the content');
    await skip.focus();
    const box = await skip.boundingBox();
    t.ok(box && box.x >= 0 && box.y >= 0, 'shown on screen once focused');
    await page.keyboard.press('Enter');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'Enter puts the focus on the content');
    t.equal(page.url(), view, 'and stays on the dashboard (the hash is the route)');

    await page.getByRole('link', { name: 'Tableaux de bord', exact: true }).click();
    await page.getByRole('heading', { name: 'Tableaux de bord' }).waitFor();
    t.same(await page.evaluate<string[]>(lowContrastTexts), [], 'dashboard list: same');
    let onDashboard = false;
    for (let i = 0; i < 10 && !onDashboard; i++) {
      await page.keyboard.press('Tab');
      onDashboard = await page.evaluate(() => document.activeElement?.closest('.dashboard-list') !== null);
    }
    t.ok(onDashboard, 'Tab reaches the first dashboard');
    t.not(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'none', 'with a visible focus ring');
    await page.keyboard.press('Enter');
    await page.locator('#chart svg').waitFor();
    t.match(await page.locator('h1').textContent(), /typologie/, 'Enter opens it');
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
    t.same(await page.evaluate<string[]>(lowContrastTexts), [], 'the refusal is readable');
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
