import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '../config/common-env';
import { createDataSource, dataSourceOptions } from './data-source';
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
            const ds = createDataSource(options as DataSourceOptions);
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
