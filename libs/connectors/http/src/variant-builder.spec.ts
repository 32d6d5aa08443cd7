import { defineVariant, readCustomFields, slugify, writeCustomFields } from './variant-builder';
import { type ReadContext, type WriteContext } from './mapped-adapter';

describe(defineVariant.name, () => {
  const sut = defineVariant({
    type: 'dcim.rack',
    endpoint: 'dcim/racks/',
    attrs: ['name', 'width', { name: 'facility_id', api: 'facility' }],
    refs: [
      { name: 'location', to: 'dcim.location' },
      { name: 'tags', to: 'extras.tag', isList: true },
    ],
    hasCustomFields: true,
  });
  const readContext: ReadContext = {
    key: (_to, raw) => (raw ? `key-${String((raw as { id: number }).id)}` : null),
    keys: (_to, raw) => (raw as { id: number }[]).map((item) => `key-${item.id}`),
  };
  const writeContext: WriteContext = {
    id: (_to, key) => Promise.resolve(key === null ? null : Number(key.replace('key-', ''))),
    entries: () => Promise.resolve([]),
  };

  it('reads choices as their value, references as natural keys and drops unset custom fields', () => {
    const record = sut.toRecord(
      {
        id: 7,
        name: 'r1',
        width: { value: 19, label: '19 inches' },
        facility: 'F1',
        location: { id: 3 },
        tags: [{ id: 2 }, { id: 1 }],
        custom_fields: { owner: 'noc', unset: null },
      },
      readContext,
    );
    expect(record).toEqual({
      attrs: { name: 'r1', width: 19, facility_id: 'F1', custom_fields: { owner: 'noc' } },
      refs: { location: 'key-3', tags: ['key-1', 'key-2'] },
    });
  });

  it('writes only the fields given, references as peer ids', async () => {
    await expect(
      sut.toPayload(
        { attrs: { facility_id: 'F9' }, refs: { tags: ['key-5'], location: null } },
        writeContext,
        'update',
      ),
    ).resolves.toEqual({ facility: 'F9', tags: [5], location: null });
  });
});

describe(writeCustomFields.name, () => {
  it('clears the custom fields the new value no longer has', () => {
    expect(writeCustomFields({ a: 1 }, { a: 0, b: 'x' })).toEqual({ a: 1, b: null });
    expect(readCustomFields({ a: null, b: '' })).toEqual({});
  });
});

describe(slugify.name, () => {
  it.each([
    ['Data Center 1', 'data-center-1'],
    ['  --Core/Edge--  ', 'core-edge'],
    ['', 'x'],
  ])('makes %p a slug', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});
