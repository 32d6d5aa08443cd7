import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ReviewsController } from './reviews.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

@Module({})
export class ReviewsModule {
  /**
   * `targets` provides REVIEW_TARGETS (how to read and write a connector's records);
   * `imports` are the modules it needs.
   */
  static forRoot(options: { imports: DynamicModule['imports']; targets: Provider }): DynamicModule {
    return {
      module: ReviewsModule,
      // Global: the changes module submits items to the same queue.
      global: true,
      imports: options.imports ?? [],
      controllers: [ReviewsController],
      providers: [ReviewsRepository, ReviewsService, options.targets],
      exports: [ReviewsService],
    };
  }
}
