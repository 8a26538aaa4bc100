import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DatabaseSettings } from '../config/common-env';
import { dataSourceOptions } from './data-source';
import { migrate } from './migrate';

@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(settings),
            retryAttempts: 10,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (options) => {
            const ds = new DataSource(options as ConstructorParameters<typeof DataSource>[0]);
            await ds.initialize();
            await migrate(ds);
            return ds;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
