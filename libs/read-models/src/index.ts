import type { DynamicModule } from '@nestjs/common';
import { BARGAINING_PROJECTIONS, BargainingReadModelsModule } from '#bargaining';
import { COMPLIANCE_PROJECTIONS, ComplianceModule } from '#compliance';
import { INFORMATION_REQUEST_PROJECTIONS, InformationRequestRegisterModule } from '#information-requests';
import { ProjectorModule } from '#projector';
import type { DocumentProjection } from '#read-store';

/**
 * Every read model of the record, in one list: the API (embedded run), apps/projector and the CLI's
 * rebuild all take their projections from here, so they never disagree.
 */
export const ALL_PROJECTIONS: readonly DocumentProjection[] = [...BARGAINING_PROJECTIONS, ...INFORMATION_REQUEST_PROJECTIONS, ...COMPLIANCE_PROJECTIONS];

/** Query modules serving the read models over HTTP (the API, not the projector process). */
const QUERY_MODULES = [BargainingReadModelsModule, InformationRequestRegisterModule, ComplianceModule];

/** The projector and, unless serveQueries is false, the read models' query endpoints. */
export function readModelModules(options: { run: boolean; serveQueries?: boolean }): NonNullable<DynamicModule['imports']> {
  return [ProjectorModule.forRoot({ projections: ALL_PROJECTIONS, run: options.run }), ...(options.serveQueries === false ? [] : QUERY_MODULES)];
}
