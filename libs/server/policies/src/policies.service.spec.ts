import { BadRequestException } from '@nestjs/common';
import { ObjectTypeParamPipe } from './object-type-param.pipe';
import { InvalidPolicyError } from './policies.errors';
import { type PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

describe(PoliciesService.name, () => {
  // Validation happens before any storage: a repository that is never reached.
  const sut = new PoliciesService({} as PoliciesRepository);

  it.each([
    ['a list', [], '(body)'],
    ['text', 'devices: {}', '(body)'],
    ['a policy for another type', { object_type: 'ipam.vlan' }, 'object_type'],
    [
      'an unknown strategy',
      { conflict_resolution: { strategy: 'coin_flip' } },
      'conflict_resolution.strategy',
    ],
    ['an unknown setting', { colour: 'blue' }, 'colour'],
  ])('refuses %s, naming the field', async (_label, body, field) => {
    const error = await sut.save('dcim.device', body, 'admin@x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect((error as InvalidPolicyError).details.map((problem) => problem.field)).toContain(field);
  });

  it('refuses policies in the shared settings', async () => {
    const error = await sut
      .saveDefaults({ policies: [] }, 'admin@x')
      .catch((caught: unknown) => caught);
    expect((error as InvalidPolicyError).details).toEqual([
      { field: 'policies', reason: 'is not a shared setting; PUT /api/v1/policies/{objectType}' },
    ]);
  });
});

describe(ObjectTypeParamPipe.name, () => {
  const sut = new ObjectTypeParamPipe();

  it('accepts an object type and refuses anything else', () => {
    expect(sut.transform('dcim.device')).toBe('dcim.device');
    expect(() => sut.transform('devices')).toThrow(BadRequestException);
    expect(() => sut.transform('DCIM.Device')).toThrow(BadRequestException);
  });
});
