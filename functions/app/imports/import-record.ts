// One imported record, whatever its kind: the use case PUT /v1/imports/{kind}/{system}/{source_id} calls.
import type { AppDeps } from '../deps';
import { importComponent, type RestoredComponent } from './import-component';
import { importIncident, type RestoredIncident } from './import-incident';
import type { ComponentInput, IncidentInput, MaintenanceInput, TemplateInput } from './import-inputs';
import { importMaintenance, type RestoredMaintenance } from './import-maintenance';
import type { ImportOutcome, ImportRequest } from './import-outcome';
import { importTemplate } from './import-template';
import type { Template } from '#core/templates';

export async function importRecord(deps: AppDeps, request: ImportRequest<unknown>): Promise<ImportOutcome> {
  switch (request.kind) {
    case 'component_group':
    case 'component':
      return importComponent(deps, request as ImportRequest<ComponentInput | RestoredComponent>);
    case 'incident':
      return importIncident(deps, request as ImportRequest<IncidentInput | RestoredIncident>);
    case 'maintenance':
      return importMaintenance(deps, request as ImportRequest<MaintenanceInput | RestoredMaintenance>);
    case 'template':
      return importTemplate(deps, request as ImportRequest<TemplateInput | Template>);
  }
}
