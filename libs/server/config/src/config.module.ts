import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type AppConfig } from './config.schema';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Holds the configuration validated once in `main` before Nest starts. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
