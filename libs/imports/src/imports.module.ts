import { Module } from '@nestjs/common';
import { HistoricImports } from './historic-imports.js';
import { ImportsController } from './imports.controller.js';

/** The HistoricImports use case alone (`cli import`); it needs the contexts' command handlers on the CommandBus. */
@Module({ providers: [HistoricImports], exports: [HistoricImports] })
export class HistoricImportsModule {}

/** `POST /imports`, over the same use case. */
@Module({ imports: [HistoricImportsModule], controllers: [ImportsController] })
export class ImportsModule {}
