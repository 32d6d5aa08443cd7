import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

export class LivenessDto {
  /** Always `up` when the process answers. */
  status!: 'up';

  /** Seconds since the process started. */
  uptimeSeconds!: number;
}

export class DependencyHealthDto {
  status!: 'up' | 'down';

  /** How long the check took, in milliseconds. */
  latencyMs!: number;

  /** Why the dependency is down. */
  error?: string;

  /** Readiness fails (503) when a critical dependency is down; others only degrade it. */
  isCritical!: boolean;
}

export class ReadinessReportDto {
  /** `up` when every dependency is up, `degraded` when only non-critical ones are down. */
  status!: 'up' | 'degraded' | 'down';

  checkedAt!: string;

  /** Names of the dependencies that are down, critical or not. */
  down!: string[];

  /** Per-dependency status and latency, keyed by name (`postgres`, `redis`, `connector:<name>`). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(DependencyHealthDto) },
  })
  dependencies!: Record<string, DependencyHealthDto>;
}
