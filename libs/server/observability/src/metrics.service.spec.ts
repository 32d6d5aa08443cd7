import { EventEmitter } from 'node:events';
import { type NextFunction, type Request, type Response } from 'express';
import { MetricsService } from './metrics.service';

function serve(sut: MetricsService, request: Partial<Request>, statusCode: number): void {
  const response = Object.assign(new EventEmitter(), { statusCode }) as unknown as Response;
  sut.middleware(request as Request, response, (() => undefined) as NextFunction);
  response.emit('finish');
}

describe(MetricsService.name, () => {
  it('counts requests by route template, never by raw URL', async () => {
    const sut = new MetricsService();
    serve(
      sut,
      { method: 'GET', baseUrl: '/api/v1/system/heartbeats', route: { path: '/:id' } },
      200,
    );
    serve(
      sut,
      { method: 'GET', baseUrl: '/api/v1/system/heartbeats', route: { path: '/:id' } },
      200,
    );
    serve(sut, { method: 'GET', baseUrl: '' }, 404);
    const text = await sut.render();
    expect(text).toContain(
      'plumbline_http_requests_total{method="GET",route="/api/v1/system/heartbeats/:id",status_code="200"} 2',
    );
    expect(text).toContain(
      'plumbline_http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).toMatch(
      /plumbline_http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*\} 1/,
    );
    expect(text).toContain('plumbline_process_resident_memory_bytes');
  });
});
