import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { WebhookReceipt, WebhooksService } from './webhooks.service';

class WebhookReceiptDto implements WebhookReceipt {
  @ApiProperty({ enum: [true] })
  received: true;

  @ApiProperty({ example: false, description: 'a redelivery of a webhook already recorded' })
  duplicate: boolean;
}

// Shopify webhook intake. The body arrives raw (see common/body-parsing.ts): the signature is
// computed over the exact bytes Shopify sent. No API key: the HMAC is the authentication.
@ApiTags('webhooks')
@Public()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('shopify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a Shopify webhook (signed with the shop app secret)',
    description:
      '200 once verified and recorded (a redelivery to the same shop answers `duplicate: true`); 401 when the signature does not verify; 400 when a header is missing or too long (webhook and event id: 255 characters, topic: 100).',
  })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiErrors(
    [400, 'a header is missing or too long'],
    [401, '`WEBHOOK_UNVERIFIED`: the signature does not verify'],
    413,
  )
  @ApiHeader({ name: 'X-Shopify-Hmac-Sha256', required: true })
  @ApiHeader({ name: 'X-Shopify-Shop-Domain', required: true })
  @ApiHeader({ name: 'X-Shopify-Topic', required: true })
  @ApiHeader({ name: 'X-Shopify-Webhook-Id', required: true })
  receive(
    @Req() req: Request,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<WebhookReceipt> {
    return this.webhooks.receive({
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      signature: headers['x-shopify-hmac-sha256'],
      shopDomain: headers['x-shopify-shop-domain'],
      topic: headers['x-shopify-topic'],
      webhookId: headers['x-shopify-webhook-id'],
      eventId: headers['x-shopify-event-id'],
    });
  }
}
