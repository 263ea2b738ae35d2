// The error registry's codes are stable identifiers: one code per error, never shared, in the part its name says.
import t from 'tap';
import { error, ERRORS, message } from '../../registry/index.ts';

t.test('every error has its own well-formed code, in its part, with a hint', async (t) => {
  const seen = new Map<string, string>();
  for (const [name, spec] of Object.entries(ERRORS)) {
    const part = name.slice(0, name.indexOf('_'));
    t.match(spec.code, new RegExp(`^IC_${part}_\\d{3}$`), `${name}: code ${spec.code} in part ${part}`);
    t.notOk(seen.has(spec.code), `${spec.code} used by ${name} and ${seen.get(spec.code)}`);
    seen.set(spec.code, name);
    t.ok(spec.hint.trim().length > 0, `${name} says what to do`);
    t.ok(spec.status >= 400 && spec.status < 600, `${name}: an HTTP error status`);
  }
});

t.test('placeholders are filled in order, a missing argument left empty', async (t) => {
  const e = error('CLI_UNREADABLE', ['a.csv', 'ENOENT']);
  t.equal(e.message, 'Impossible de lire a.csv : ENOENT.');
  t.same(e.toJSON(), { code: 'IC_CLI_101', message: e.message, hint: ERRORS.CLI_UNREADABLE.hint });
  t.equal(message('START_RELEASE_READY', '2.5'), 'Diffusion protégée prête (2.5 s) : les tableaux de bord sont servis.');
  t.equal(error('CLI_UNREADABLE', ['b.csv']).message, 'Impossible de lire b.csv : .');
});
