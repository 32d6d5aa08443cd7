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
}

export class ReadinessReportDto {
  /** `up` when every dependency is up. */
  status!: 'up' | 'down';

  checkedAt!: string;

  /** Names of the dependencies that are down. */
  down!: string[];

  /** Per-dependency status and latency, keyed by name (`postgres`, `redis`, …). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(DependencyHealthDto) },
  })
  dependencies!: Record<string, DependencyHealthDto>;
}
