import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  actorName,
  type AuthenticatedPrincipal,
  CurrentPrincipal,
  RequireScopes,
} from '@plumbline/server-auth';
import {
  AddCommentDto,
  ApproveReviewDto,
  AuditEntryDto,
  BulkDecisionDto,
  BulkResultDto,
  ListAuditQueryDto,
  ListReviewsQueryDto,
  RejectReviewDto,
  ReviewItemDto,
  ReviewListDto,
} from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@ApiBearerAuth()
@RequireScopes('read')
@Controller('reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** Review items matching the filters, oldest first, with counts per state. */
  @Get()
  list(@Query() query: ListReviewsQueryDto): Promise<ReviewListDto> {
    return this.reviews.list(query);
  }

  /** Who decided what, when, with which values and comments; newest first. */
  @Get('audit')
  audit(@Query() query: ListAuditQueryDto): Promise<AuditEntryDto[]> {
    return this.reviews.auditTrail(query);
  }

  /** Approve or reject many open items at once, by ids or by filter. Needs the `review` scope. */
  @RequireScopes('review')
  @Post('bulk')
  @HttpCode(200)
  bulk(
    @Body() body: BulkDecisionDto,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<BulkResultDto> {
    return this.reviews.bulk(
      body.decision,
      actorName(principal),
      body.ids,
      body.filter,
      body.comment,
    );
  }

  /** One review item with its comments. */
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ReviewItemDto> {
    return this.reviews.get(id);
  }

  /**
   * Approve (optionally with edited values per field). The change is re-checked against
   * the live target first: if the target moved on, the item turns stale. Needs the `review` scope.
   */
  @RequireScopes('review')
  @Post(':id/approve')
  @HttpCode(200)
  approve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ApproveReviewDto,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<ReviewItemDto> {
    return this.reviews.approve(id, actorName(principal), body.values, body.comment);
  }

  /** Reject: the same proposal from the same source is not asked again. Needs the `review` scope. */
  @RequireScopes('review')
  @Post(':id/reject')
  @HttpCode(200)
  reject(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RejectReviewDto,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<ReviewItemDto> {
    return this.reviews.reject(id, actorName(principal), body.comment);
  }

  /** Add a comment. Needs the `review` scope. */
  @RequireScopes('review')
  @Post(':id/comments')
  comment(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddCommentDto,
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
  ): Promise<ReviewItemDto> {
    return this.reviews.comment(id, actorName(principal), body.body);
  }
}
