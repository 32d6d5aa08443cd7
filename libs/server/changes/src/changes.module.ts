import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BaselineEntity } from '@plumbline/server-database';
import { ConnectorsModule } from '@plumbline/server-connectors';
import { PoliciesModule } from '@plumbline/server-policies';
import { BaselinesRepository } from './baselines.repository';
import { ChangesController } from './changes.controller';
import { ChangesService } from './changes.service';
import { ConnectorTargets } from './connector-targets';

/** Adapters for configured connectors, with baselines kept up to date. */
@Module({
  imports: [ConnectorsModule, TypeOrmModule.forFeature([BaselineEntity])],
  providers: [BaselinesRepository, ConnectorTargets],
  exports: [BaselinesRepository, ConnectorTargets],
})
export class ConnectorTargetsModule {}

@Module({
  imports: [ConnectorTargetsModule, PoliciesModule],
  controllers: [ChangesController],
  providers: [ChangesService],
  exports: [ChangesService],
})
export class ChangesModule {}
