import { DynamicModule, Module } from '@nestjs/common';
import { CallbackUrlPolicy, JobsModule } from '@shopsync/shared';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { CALLBACK_POLICY, NotificationsService } from './notifications.service';

@Module({})
export class NotificationsModule {
  static forRoot(policy: CallbackUrlPolicy): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [JobsModule],
      controllers: [NotificationsController],
      providers: [
        { provide: CALLBACK_POLICY, useValue: policy },
        NotificationsService,
        NotificationsRepository,
      ],
    };
  }
}
