import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import { ShopAccess } from '../auth/shop-access';
import type { Response } from 'express';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway-env';
import { RequestedJobDto, toJobDto } from '../jobs/dto/job.dto';
import { JobWaiterService } from '../lifecycle/job-waiter.service';
import { CreateSyncDto } from './dto/create-sync.dto';
import { SyncRequestsService } from './sync-requests.service';

@ApiTags('syncs')
@ApiKeyErrors()
@ShopAccess.param('code')
@Controller('v1/shops/:code/syncs')
export class SyncsController {
  constructor(
    private readonly requests: SyncRequestsService,
    private readonly waiter: JobWaiterService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  // 202 + Location for a new background job; 200 with `coalesced` for an identical queued one;
  // in foreground mode 200 with the finished job, or 202 when the wait bound passes.
  @Post()
  @ApiAcceptedResponse({
    type: RequestedJobDto,
    description:
      'a new background job (`Location` names it); in foreground mode: the wait bound passed first',
  })
  @ApiOkResponse({
    type: RequestedJobDto,
    description:
      'an identical job was still queued (`coalesced`); in foreground mode: the finished job',
  })
  @ApiBodyErrors()
  @ApiErrors(404, [409, '`SHOP_DISABLED`'])
  @ApiOperation({ summary: 'Request a sync of one task for a shop' })
  async create(
    @Param('code') code: string,
    @Body() dto: CreateSyncDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestedJobDto> {
    const outcome = await this.requests.request({
      shopCode: code,
      task: dto.task,
      params: dto.params,
      trigger: 'manual',
      force: dto.force,
      maxAttempts: dto.maxAttempts,
      rerunDelaySeconds: dto.rerunDelaySeconds,
      retryBackoff: dto.retryBackoff,
      timeoutSeconds: dto.timeoutSeconds,
      notBefore: dto.notBefore,
      expiresAt: dto.expiresAt,
    });
    res.setHeader('Location', `/v1/jobs/${outcome.job.id}`);
    if (dto.wait || outcome.foreground) {
      const { job, finished } = await this.waiter.waitForEnd(
        outcome.job.id,
        this.config.foregroundWaitMs,
      );
      res.status(finished ? 200 : 202);
      return { ...toJobDto(job ?? outcome.job), coalesced: outcome.coalesced };
    }
    res.status(outcome.coalesced ? 200 : 202);
    return { ...toJobDto(outcome.job), coalesced: outcome.coalesced };
  }
}
