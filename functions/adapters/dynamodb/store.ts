// The DynamoDB implementation of the use cases' Store port.
import type { Store } from '#app/ports/store';
import type { TableContext } from './client';
import { apiKeyRepository } from './api-key-repository';
import { channelEndpointRepository } from './channel-endpoint-repository';
import { componentRepository } from './component-repository';
import { idempotencyRepository } from './idempotency-repository';
import { importRepository } from './import-repository';
import { incidentRepository } from './incident-repository';
import { maintenanceRepository } from './maintenance-repository';
import { notificationRepository } from './notification-repository';
import { peopleRepository } from './people-repository';
import { rateLimitRepository } from './rate-limit-repository';
import { reminderRepository } from './reminder-repository';
import { sendLedgerRepository } from './send-ledger-repository';
import { channelDeliveryRepository } from './channel-delivery-repository';
import { sessionRepository } from './session-repository';
import { subscriberRepository } from './subscriber-repository';
import { suppressionRepository } from './suppression-repository';
import { templateRepository } from './template-repository';
import { timelineRepository } from './timeline-repository';

export function createDynamoStore(ctx: TableContext): Store {
  return {
    components: componentRepository(ctx),
    incidents: incidentRepository(ctx),
    maintenances: maintenanceRepository(ctx),
    idempotency: idempotencyRepository(ctx),
    apiKeys: apiKeyRepository(ctx),
    people: peopleRepository(ctx),
    subscribers: subscriberRepository(ctx),
    suppressions: suppressionRepository(ctx),
    rateLimits: rateLimitRepository(ctx),
    notifications: notificationRepository(ctx),
    sendLedger: sendLedgerRepository(ctx),
    channelDeliveries: channelDeliveryRepository(ctx),
    timeline: timelineRepository(ctx),
    reminders: reminderRepository(ctx),
    templates: templateRepository(ctx),
    sessions: sessionRepository(ctx),
    channelEndpoints: channelEndpointRepository(ctx),
    imports: importRepository(ctx),
  };
}
