import { Module } from '@nestjs/common';
import { HistoricImports } from './historic-imports.js';
import { ImportsController } from './imports.controller.js';

/** `POST /imports` and the HistoricImports use case `cli import` calls; needs the contexts' command handlers on the CommandBus. */
@Module({ controllers: [ImportsController], providers: [HistoricImports], exports: [HistoricImports] })
export class ImportsModule {}
