import { Controller, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@plumbline/server-auth';
import { type ConnectorKind } from '@plumbline/server-database';
import { type Request, type Response } from 'express';
import { type WebhookAnswerDto } from './dto/drift.dto';
import { SIGNATURE_HEADER } from './webhook-signature';
import { WebhooksService } from './webhooks.service';

/**
 * Deliveries from NetBox event rules and Nautobot webhooks. No bearer token: each is
 * authenticated by `X-Hook-Signature`, hex HMAC-SHA512 of the raw body with the connector's
 * webhook secret. The raw body is kept by a parser mounted on this path only.
 */
@ApiTags('webhooks')
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /**
   * A NetBox event-rule webhook: queues a drift check of the object it names (202), or says
   * why there is nothing to check (200). 401 when unsigned or signed with no connector's secret.
   */
  @Post('netbox')
  @HttpCode(202)
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiQuery({ name: 'connector', required: false, description: 'Check only this connector.' })
  netbox(
    @Req() req: Request & { id?: string | number },
    @Res({ passthrough: true }) res: Response,
    @Headers(SIGNATURE_HEADER) signature?: string,
    @Query('connector') connector?: string,
  ): Promise<WebhookAnswerDto> {
    return this.receive('netbox', req, res, signature, connector);
  }

  /** A Nautobot webhook; answers as the NetBox one does. */
  @Post('nautobot')
  @HttpCode(202)
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiQuery({ name: 'connector', required: false, description: 'Check only this connector.' })
  nautobot(
    @Req() req: Request & { id?: string | number },
    @Res({ passthrough: true }) res: Response,
    @Headers(SIGNATURE_HEADER) signature?: string,
    @Query('connector') connector?: string,
  ): Promise<WebhookAnswerDto> {
    return this.receive('nautobot', req, res, signature, connector);
  }

  private async receive(
    kind: ConnectorKind,
    req: Request & { id?: string | number },
    res: Response,
    signature: string | undefined,
    connectorName: string | undefined,
  ): Promise<WebhookAnswerDto> {
    const result = await this.webhooks.receive({
      kind,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      signature,
      connectorName:
        typeof connectorName === 'string' && connectorName !== '' ? connectorName : undefined,
      remoteAddress: req.socket.remoteAddress,
      correlationId: req.id === undefined ? null : String(req.id),
    });
    res.status(result.statusCode);
    return result.answer;
  }
}
