import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import type { Response } from 'express';
import { ShopAccess } from '../auth/shop-access';
import { toJobDto } from '../jobs/dto/job.dto';
import { CreateSyncBatchDto, SyncBatchResultDto } from './dto/create-sync-batch.dto';
import { SyncRequestsService } from './sync-requests.service';

// Many sync requests in one call, for producers that have many (an ERP pushing a day's changes
// shop by shop): one round trip and one write transaction instead of one each. Jobs are created
// in the order given; a batch never waits for its jobs (use the single route for foreground mode).
@ApiTags('syncs')
@ApiKeyErrors()
@Controller('v1/syncs')
export class SyncBatchesController {
  constructor(private readonly requests: SyncRequestsService) {}

  // 202 when at least one job was created, 200 when every request joined a queued twin.
  @Post()
  @ShopAccess.body('requests', 'shop')
  @ApiAcceptedResponse({ type: SyncBatchResultDto, description: 'at least one job was created' })
  @ApiOkResponse({ type: SyncBatchResultDto, description: 'every request joined a queued twin' })
  @ApiBodyErrors()
  @ApiErrors([404, '`SHOP_NOT_FOUND`: a shop of the batch'], [409, '`SHOP_DISABLED`'])
  @ApiOperation({ summary: 'Request many syncs in one call' })
  async create(
    @Body() dto: CreateSyncBatchDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SyncBatchResultDto> {
    const outcomes = await this.requests.requestMany(
      dto.requests.map((r) => ({
        shopCode: r.shop,
        task: r.task,
        params: r.params,
        trigger: 'manual' as const,
        force: r.force,
        maxAttempts: r.maxAttempts,
        rerunDelaySeconds: r.rerunDelaySeconds,
        retryBackoff: r.retryBackoff,
        timeoutSeconds: r.timeoutSeconds,
        notBefore: r.notBefore,
        expiresAt: r.expiresAt,
      })),
    );
    res.status(outcomes.some((o) => o.created) ? 202 : 200);
    return { jobs: outcomes.map((o) => ({ ...toJobDto(o.job), coalesced: o.coalesced })) };
  }
}
