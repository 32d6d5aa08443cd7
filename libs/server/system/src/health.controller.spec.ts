import { type Response } from 'express';
import { HealthController } from './health.controller';
import { type HealthService } from './health.service';
import { type ReadinessReportDto } from './dto/health.dto';

function report(down: string[]): ReadinessReportDto {
  return {
    status: down.includes('redis') ? 'down' : down.length ? 'degraded' : 'up',
    checkedAt: new Date(0).toISOString(),
    down,
    dependencies: {
      postgres: { status: 'up', latencyMs: 1, isCritical: true },
      redis: down.includes('redis')
        ? { status: 'down', latencyMs: 0.2, error: 'refused', isCritical: true }
        : { status: 'up', latencyMs: 1, isCritical: true },
    },
  };
}

describe(HealthController.name, () => {
  it.each([
    [[], 200],
    [['redis'], 503],
    [['connector:netbox'], 200],
  ])('answers readiness with %j down as HTTP %i', async (down, expected) => {
    const sut = new HealthController({
      readiness: () => Promise.resolve(report(down)),
    } as unknown as HealthService);
    let status = 0;
    const response = { status: (code: number) => void (status = code) } as unknown as Response;
    const body = await sut.ready(response);
    expect(status).toBe(expected);
    expect(body.down).toEqual(down);
  });
});
