import { type ConnectorTargets } from './connector-targets';
import { type BaselinesRepository } from './baselines.repository';
import { InvalidRecordsError } from './changes.errors';
import { ChangesService } from './changes.service';
import { type PoliciesService } from '@plumbline/server-policies';
import { type ReviewsService } from '@plumbline/server-reviews';

describe(ChangesService.name, () => {
  // Records are checked before anything else is asked.
  const sut = new ChangesService(
    {} as ConnectorTargets,
    {} as BaselinesRepository,
    {} as PoliciesService,
    {} as ReviewsService,
  );

  it('refuses records it cannot read, naming each field, before touching the instance', async () => {
    const error = await sut
      .propose('c1', {
        source: 'cmdb',
        records: [
          { type: 'tenancy.tenant', attrs: { name: 'ok' } },
          { type: 'tenancy.tenant', attrs: { name: 'x', colour: 'red' } },
          { type: 'dcim.nothing', attrs: {} },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRecordsError);
    expect((error as InvalidRecordsError).details.map((problem) => problem.field)).toEqual([
      'records.1.attrs.colour',
      'records.2.type',
    ]);
  });
});
