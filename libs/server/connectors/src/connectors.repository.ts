import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConnectorEntity } from '@plumbline/server-database';
import { Repository } from 'typeorm';

@Injectable()
export class ConnectorsRepository {
  constructor(
    @InjectRepository(ConnectorEntity) private readonly connectors: Repository<ConnectorEntity>,
  ) {}

  findAll(): Promise<ConnectorEntity[]> {
    return this.connectors.find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<ConnectorEntity | null> {
    return this.connectors.findOne({ where: { id } });
  }

  findByName(name: string): Promise<ConnectorEntity | null> {
    return this.connectors.findOne({ where: { name } });
  }

  save(connector: Partial<ConnectorEntity>): Promise<ConnectorEntity> {
    return this.connectors.save(this.connectors.create(connector));
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.connectors.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
