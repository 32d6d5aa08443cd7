import { type ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation';

describe(flattenValidationErrors.name, () => {
  it('names nested fields by their dotted path', () => {
    const errors = [
      { property: 'name', constraints: { isString: 'name must be a string' }, children: [] },
      {
        property: 'items',
        children: [
          {
            property: '2',
            children: [
              {
                property: 'slug',
                constraints: { matches: 'slug must match /^[a-z-]+$/' },
                children: [],
              },
            ],
          },
        ],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', reason: 'name must be a string' },
      { field: 'items.2.slug', reason: 'slug must match /^[a-z-]+$/' },
    ]);
  });
});
