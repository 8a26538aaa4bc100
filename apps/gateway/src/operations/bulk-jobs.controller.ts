import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import type { Principal } from '../auth/api-keys';
import { AllowedShops, CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';
import { AuditLog } from './audit-log.service';
import { BulkJobsService } from './bulk-jobs.service';
import {
  AuditPageDto,
  BULK_MAX,
  BulkJobsFilterDto,
  BulkResult,
  ListAuditQuery,
  toAuditEntryDto,
} from './dto/bulk-jobs.dto';

@ApiTags('operations')
@ApiKeyErrors()
@Controller('v1')
export class BulkJobsController {
  constructor(
    private readonly bulk: BulkJobsService,
    private readonly audit: AuditLog,
  ) {}

  @Post('jobs/retry-failed')
  @ShopAccess.filteredByBody('shop')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkResult })
  @ApiBodyErrors()
  @ApiOperation({
    summary: `Retry the open (unacknowledged) failed jobs matching the filter, oldest first, at most limit (≤ ${BULK_MAX}); audited`,
  })
  retryFailed(
    @Body() filter: BulkJobsFilterDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @AllowedShops() allowed: string[] | null,
  ): Promise<BulkResult> {
    return this.bulk.retryFailed(filter, principal, allowed);
  }

  @Post('jobs/cancel-queued')
  @ShopAccess.filteredByBody('shop')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkResult })
  @ApiBodyErrors()
  @ApiOperation({
    summary: `Cancel a shop's queued (delayed and retry-scheduled too) jobs, optionally of one task, at most limit (≤ ${BULK_MAX}); audited`,
  })
  cancelQueued(
    @Body() filter: BulkJobsFilterDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @AllowedShops() allowed: string[] | null,
  ): Promise<BulkResult> {
    return this.bulk.cancelQueued(filter, principal, allowed);
  }

  @Post('jobs/acknowledge-failed')
  @ShopAccess.filteredByBody('shop')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkResult })
  @ApiBodyErrors()
  @ApiOperation({
    summary: `Acknowledge the open failed jobs matching the filter, at most limit (≤ ${BULK_MAX}); audited`,
  })
  acknowledgeFailed(
    @Body() filter: BulkJobsFilterDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @AllowedShops() allowed: string[] | null,
  ): Promise<BulkResult> {
    return this.bulk.acknowledgeFailed(filter, principal, allowed);
  }

  @Get('audit')
  @RequireScope('admin')
  @ShopAccess.unrestricted()
  @ApiOperation({ summary: 'The operator audit, newest first (admin keys not limited to shops)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors(400)
  async list(@Query() query: ListAuditQuery): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { items, total } = await this.audit.list(query.action, limit, offset);
    return {
      items: items.map(toAuditEntryDto),
      total,
      limit,
      offset,
    };
  }
}
