import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorEntity } from '@plumbline/server-database';
import { SystemApiModule } from '@plumbline/server-system';
import { ConnectorsController } from './connectors.controller';
import { ConnectorsRepository } from './connectors.repository';
import { ConnectorsService } from './connectors.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConnectorEntity]), SystemApiModule],
  controllers: [ConnectorsController],
  providers: [ConnectorsRepository, ConnectorsService],
  exports: [ConnectorsService],
})
export class ConnectorsModule {}
