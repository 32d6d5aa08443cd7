import { type ChangeOutcomeDto } from '@plumbline/server-changes';
import { IngestRunner, overallOutcome, targetOutcome } from './ingest-runner.service';

function change(overrides: Partial<ChangeOutcomeDto>): ChangeOutcomeDto {
  return {
    type: 'dcim.device',
    key: 'leaf-01',
    action: 'update',
    decision: 'apply',
    rule: 'source-change',
    why: 'only n8n changed serial since the baseline',
    appliedFields: ['serial'],
    error: null,
    reviewItemId: null,
    reviewStatus: null,
    ...overrides,
  };
}

describe(IngestRunner.name, () => {
  describe('targetOutcome', () => {
    it('reads no operation as an instance that already agreed', () => {
      expect(targetOutcome(undefined)).toEqual({ outcome: 'unchanged' });
    });

    it('tells created from updated and lists the fields written', () => {
      expect(targetOutcome(change({ action: 'create', appliedFields: ['name'] }))).toEqual({
        outcome: 'created',
        fields: ['name'],
      });
      expect(targetOutcome(change({}))).toEqual({ outcome: 'updated', fields: ['serial'] });
    });

    it("carries the instance's error", () => {
      expect(targetOutcome(change({ error: 'failed: 400 name: already exists' }))).toEqual({
        outcome: 'failed',
        error: 'failed: 400 name: already exists',
      });
    });

    it('points at the review item, or says why nothing was written', () => {
      expect(
        targetOutcome(change({ decision: 'review', reviewItemId: 'r1', appliedFields: [] })),
      ).toEqual({ outcome: 'in_review', reviewItemId: 'r1' });
      expect(
        targetOutcome(change({ decision: 'drop', why: 'serial is excluded from sync' })),
      ).toEqual({ outcome: 'unchanged', error: 'not written: serial is excluded from sync' });
    });
  });

  describe('overallOutcome', () => {
    it('lets the most demanding target decide', () => {
      expect(overallOutcome([{ outcome: 'created' }, { outcome: 'unchanged' }])).toBe('created');
      expect(overallOutcome([{ outcome: 'created' }, { outcome: 'failed' }])).toBe('failed');
      expect(overallOutcome([{ outcome: 'updated' }, { outcome: 'in_review' }])).toBe('in_review');
      expect(overallOutcome([])).toBe('unchanged');
    });
  });
});
