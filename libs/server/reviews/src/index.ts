export * from './dto/review.dto';
export * from './review-fingerprint';
export * from './review-target';
export * from './reviews.errors';
export * from './reviews.module';
export * from './reviews.service';
