import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors } from '../common/api-errors';
import type { Response } from 'express';
import { CLOCK, type Clock } from '@shopsync/shared';
import { RequireScope } from '../auth/auth.decorators';
import type { AuthedRequest } from '../auth/auth.guard';
import { ShopAccess } from '../auth/shop-access';
import { PageQuery } from '../common/page.query';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyPageDto, CreatedApiKeyDto, toApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

// Managing keys takes the admin scope and a key not limited to shops (else a limited key could
// mint an unlimited one).
@ApiTags('api-keys')
@Controller('v1/api-keys')
@RequireScope('admin')
@ShopAccess.unrestricted()
@ApiErrors(
  [401, 'no key, or a key not valid, expired or revoked'],
  [403, 'the key lacks the admin scope, or is limited to shops'],
  429,
)
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a key: the answer holds the key, shown this once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBodyErrors()
  async create(
    @Body() dto: CreateApiKeyDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedApiKeyDto> {
    const { row, key } = await this.keys.create(dto, req.principal!.name);
    res.setHeader('Location', `/v1/api-keys/${row.id}`);
    res.setHeader('Cache-Control', 'no-store');
    return { ...toApiKeyDto(row, this.clock.now()), key };
  }

  @Get()
  @ApiOperation({ summary: 'The managed keys, newest first (never the keys themselves)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(@Query() page: PageQuery): Promise<ApiKeyPageDto> {
    const [rows, total] = await this.keys.list(page.limit ?? 50, page.offset ?? 0);
    const now = this.clock.now();
    return { items: rows.map((r) => toApiKeyDto(r, now)), total };
  }

  @Get(':id')
  @ApiErrors([404, 'no key has this id'])
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiOperation({ summary: 'one managed key' })
  async get(@Param('id') id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.keys.get(id), this.clock.now());
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key (idempotent); the key stays listed as revoked' })
  @ApiErrors([404, 'no key has this id'])
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(@Param('id') id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.revoked(id), this.clock.now());
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key (the same as POST /v1/api-keys/:id/revoke)' })
  @ApiErrors([404, 'no key has this id'])
  @ApiNoContentResponse({ description: 'revoked' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.revoked(id);
  }

  // This gateway refuses the key from the next request; others within API_KEY_CACHE_MS.
  private async revoked(id: string) {
    const row = await this.keys.revoke(id);
    this.authenticator.forget(id);
    return row;
  }
}
