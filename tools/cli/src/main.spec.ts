import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan } from '@plumbline/diff-engine';
import { main } from './main';

describe(main.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-cli-'));
  const file = (name: string, lines: object[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
    return path;
  };
  const device = (name: string, serial: string) => ({
    type: 'dcim.device',
    attrs: { name, serial },
  });
  const source = file('source.jsonl', [device('a', 'S1'), device('b', 'S')]);
  const target = file('target.jsonl', [
    device('a', 'S0'),
    { type: 'extras.tag', attrs: { name: 't' } },
  ]);
  const base = file('base.jsonl', [device('a', 'S2')]);

  function sut(...argv: string[]) {
    let out = '';
    let err = '';
    const code = main(
      argv,
      (text) => (out += text),
      (text) => (err += text),
    );
    return { code, out, err };
  }

  it('prints the plan as JSON that parses back', () => {
    const { code, out } = sut('diff', source, target);

    expect(code).toBe(0);
    expect(parsePlan(out).summary.total).toMatchObject({ create: 1, update: 1, delete: 1 });
  });

  it('diffs three-way with --base and limits types with --types', () => {
    const plan = parsePlan(
      sut('diff', source, target, '--base', base, '--types', 'dcim.device').out,
    );

    expect(plan.mode).toBe('three-way');
    expect(plan.summary.byType['extras.tag']).toBeUndefined();
    expect(plan.operations[1]?.changes?.[0]).toMatchObject({ base: 'S2', isConflict: true });
  });

  it('reports timings and peak memory with --stats', () => {
    const { err } = sut('diff', source, target, '--stats', '--summary');

    expect(JSON.parse(err)).toMatchObject({
      records: 4,
      changes: 3,
      peakRssMiB: expect.any(Number),
    });
  });

  it.each([
    [['diff', source], 2, 'expected: diff SOURCE TARGET'],
    [['diff', source, target, '--types', 'dcim.nothing'], 2, 'unknown object type dcim.nothing'],
    [['diff', source, target, '--colour'], 2, "Unknown option '--colour'"],
    [['diff', source, join(dir, 'missing.jsonl')], 1, 'ENOENT'],
    [
      ['diff', source, file('bad.jsonl', [{ type: 'dcim.device', attrs: { colour: 1 } }])],
      1,
      'line 1.attrs.colour',
    ],
  ])('fails with a message for %j', (argv, expectedCode, message) => {
    const { code, err } = sut(...argv);

    expect(code).toBe(expectedCode);
    expect(err).toContain(message);
  });
});
