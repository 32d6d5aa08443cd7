import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { loadConfigOrExit } from '@plumbline/server-config';
import { hashPassword } from '@plumbline/server-auth';
import {
  buildDataSourceOptions,
  pendingSchemaChanges,
  runMigrations,
  USER_ROLES,
  UserEntity,
  type UserRole,
} from '@plumbline/server-database';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { buildOpenApiDocument, configureApp } from './configure-app';
import metadata from './metadata';
import { renderMigration, writeMigrationIndex } from './render-migration';

const USAGE = `Usage: plumbline-admin <command>
  migrate                      apply pending migrations
  migration:check              fail when entities and migrations differ
  migration:generate <Name>    write migrations/<timestamp>-<name>.ts from the difference
  openapi <file>               write the OpenAPI document (no database needed)
  user:add <email> <role>      add a user (admin, operator or viewer); the password is read
                               from PLUMBLINE_USER_PASSWORD`;

async function withDataSource<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit('cli');
  const dataSource = await new DataSource(
    buildDataSourceOptions({
      url: config.DATABASE_URL,
      poolSize: 2,
      applicationName: 'plumbline-cli',
    }),
  ).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, argument] = argv;
  switch (command) {
    case 'migrate': {
      const applied = await withDataSource(runMigrations);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      return 0;
    }
    case 'migration:check': {
      const pending = await withDataSource(async (dataSource) => {
        await runMigrations(dataSource);
        return pendingSchemaChanges(dataSource);
      });
      if (pending.length === 0) {
        console.log('entities and migrations agree');
        return 0;
      }
      console.error(
        `entities and migrations differ; a migration is missing:\n${pending.join(';\n')};`,
      );
      return 1;
    }
    case 'migration:generate': {
      if (!argument || !/^[A-Z][A-Za-z0-9]+$/.test(argument)) {
        console.error('migration:generate needs a PascalCase name, e.g. AddConnectors');
        return 2;
      }
      const file = await withDataSource(async (dataSource) => {
        await runMigrations(dataSource);
        const sql = await dataSource.driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) return undefined;
        const { path, source } = renderMigration(argument, Date.now(), sql);
        writeFileSync(resolve(path), source);
        writeMigrationIndex();
        return path;
      });
      console.log(file ? `wrote ${file}` : 'no schema changes; nothing written');
      return 0;
    }
    case 'user:add': {
      const [, email, role] = argv;
      const password = process.env['PLUMBLINE_USER_PASSWORD'] ?? '';
      if (!email || !USER_ROLES.includes(role as UserRole) || password.length < 12) {
        console.error(
          'user:add needs an e-mail, a role (admin, operator, viewer) and PLUMBLINE_USER_PASSWORD of 12+ characters',
        );
        return 2;
      }
      await withDataSource(async (dataSource) => {
        await runMigrations(dataSource);
        await dataSource.getRepository(UserEntity).save({
          email: email.toLowerCase(),
          passwordHash: await hashPassword(password),
          role: role as UserRole,
        });
      });
      console.log(`added ${email.toLowerCase()} as ${role}`);
      return 0;
    }
    case 'openapi': {
      if (!argument) {
        console.error(USAGE);
        return 2;
      }
      const config = loadConfigOrExit('cli');
      // Preview mode builds the module graph without connecting to anything.
      const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
        preview: true,
        logger: false,
      });
      configureApp(app);
      await SwaggerModule.loadPluginMetadata(metadata);
      writeFileSync(resolve(argument), `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
      console.log(`wrote ${argument}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
