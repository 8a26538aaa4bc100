import { Controller, Get, Injectable, Module, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { canWrite } from '../database/write-probe';

export type ReadinessCheck = () => Promise<boolean> | boolean;

// Each app registers what it needs to be ready (its consumer joined, …); the database is always
// checked, and it must take a write, not only answer a read.
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.register('database', () => canWrite(this.ds, 2000));
  }

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async run(): Promise<Record<string, 'up' | 'down'>> {
    const out: Record<string, 'up' | 'down'> = {};
    for (const [name, check] of this.checks) {
      try {
        out[name] = (await withTimeout(Promise.resolve(check()), 3000)) ? 'up' : 'down';
      } catch {
        out[name] = 'down';
      }
    }
    return out;
  }
}

const UP_DOWN = ['up', 'down'] as const;

class LiveDto {
  @ApiProperty({ enum: ['up'] })
  status: 'up';
}

class ReadyDto {
  @ApiProperty({ enum: UP_DOWN })
  status: 'up' | 'down';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...UP_DOWN] },
    example: { database: 'up', kafka: 'up' },
  })
  checks: Record<string, 'up' | 'down'>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOkResponse({ type: LiveDto, description: 'the process runs' })
  @ApiOperation({ summary: 'liveness' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadyDto, description: 'every check is up' })
  @ApiServiceUnavailableResponse({ type: ReadyDto, description: 'a check is down' })
  @ApiOperation({ summary: 'readiness (database, Kafka, …)' })
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'up' | 'down'; checks: Record<string, 'up' | 'down'> }> {
    const checks = await this.registry.run();
    const up = Object.values(checks).every((c) => c === 'up');
    res.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', checks };
  }
}

@Module({
  controllers: [HealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
