import t from 'tap';
import { communesOf, formatGeo, geography, parseGeo } from '../../universes/index.ts';

t.test('the real geography is complete', async (t) => {
  const g = geography();
  t.equal(g.communes.size, 34969);
  t.equal(g.epcis.size, 1255);
  t.equal([...g.epcis.values()].filter((e) => e.deps.length > 1).length, 89, '89 EPCI cross a département border');
  t.equal(g.communes.get('45234')?.dep, '45');
  t.ok(communesOf({ level: 'DEP', code: '45' }).includes('45234'));
});

t.test('geography codes round-trip in the long form', async (t) => {
  for (const text of ['FR', 'REG:84', 'DEP:2A', 'EPCI:200000172', 'COM:45001']) t.equal(formatGeo(parseGeo(text)!), text);
  t.equal(parseGeo('45001'), undefined);
  t.equal(parseGeo('COM:45;01'), undefined);
});
