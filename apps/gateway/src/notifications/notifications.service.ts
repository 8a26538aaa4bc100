import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  callbackUrlProblem,
  CallbackUrlPolicy,
  CLOCK,
  Clock,
  CredentialCipher,
  DEFAULT_NOTIFICATION_EVENTS,
  DomainError,
  ERROR_CODES,
  MAX_ENDPOINTS_PER_SHOP,
  newNotificationSecret,
  NotificationEndpointEntity,
  notificationSecretContext,
  resolvedHostProblem,
  ShopsRepository,
  ValidationFailed,
} from '@shopsync/shared';
import { CreateNotificationDto } from './dto/create-notification.dto';
import { NotificationsRepository } from './notifications.repository';

export const CALLBACK_POLICY = Symbol('CALLBACK_POLICY');

// A shop's notification endpoints. The callback URL is held to the same kind of rule as a shop's
// domain: https only, and no address inside the gateway's network (checked on the URL, on what
// its host resolves to now, and again at every delivery by the scheduler).
@Injectable()
export class NotificationsService {
  constructor(
    private readonly endpoints: NotificationsRepository,
    private readonly shops: ShopsRepository,
    private readonly cipher: CredentialCipher,
    @Inject(CALLBACK_POLICY) private readonly policy: CallbackUrlPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(
    shopCode: string,
    dto: CreateNotificationDto,
  ): Promise<{ endpoint: NotificationEndpointEntity; secret: string }> {
    const shop = await this.shops.getByCode(shopCode);
    const policy = this.policy;
    const problem =
      callbackUrlProblem(dto.url, policy) ??
      (await resolvedHostProblem(new URL(dto.url).hostname, policy));
    if (problem) throw new ValidationFailed([{ field: 'url', message: problem }]);
    if ((await this.endpoints.countForShop(shop.id)) >= MAX_ENDPOINTS_PER_SHOP)
      throw new DomainError(
        ERROR_CODES.notificationLimit,
        `shop '${shop.code}' already has ${MAX_ENDPOINTS_PER_SHOP} notification endpoints; delete one first`,
      );
    const id = randomUUID();
    const secret = newNotificationSecret();
    const endpoint: NotificationEndpointEntity = {
      id,
      shopId: shop.id,
      shopCode: shop.code,
      url: dto.url,
      events: [...new Set(dto.events ?? DEFAULT_NOTIFICATION_EVENTS)],
      description: dto.description ?? null,
      secretEnc: this.cipher.encrypt(secret, notificationSecretContext(id)),
      createdAt: this.clock.now(),
    };
    await this.endpoints.insert(endpoint);
    return { endpoint, secret };
  }

  async list(shopCode: string): Promise<NotificationEndpointEntity[]> {
    return this.endpoints.listForShop((await this.shops.getByCode(shopCode)).id);
  }

  async get(shopCode: string, id: string): Promise<NotificationEndpointEntity> {
    const shop = await this.shops.getByCode(shopCode);
    const endpoint = await this.endpoints.find(shop.id, id);
    if (!endpoint)
      throw new DomainError(
        ERROR_CODES.notificationNotFound,
        `shop '${shop.code}' has no notification endpoint ${id}`,
      );
    return endpoint;
  }

  async remove(shopCode: string, id: string): Promise<void> {
    await this.endpoints.remove((await this.get(shopCode, id)).id);
  }

  async deliveries(shopCode: string, id: string, limit: number, offset: number) {
    const endpoint = await this.get(shopCode, id);
    return this.endpoints.deliveries(endpoint.id, limit, offset);
  }
}
