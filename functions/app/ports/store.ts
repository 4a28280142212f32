// What the use cases need from storage. The DynamoDB adapter implements it; nothing here
// knows about keys or transactions, only about what must happen together.
import type { ComponentStatus } from '#core/component-status';
import type {
  ApiKey,
  Component,
  Incident,
  IncidentUpdate,
  IncidentWithUpdates,
  Maintenance,
  MaintenanceUpdate,
  MaintenanceWithUpdates,
} from '#core/model';
import type { StatusSpan } from '#core/uptime';

/** The first response to a request with an Idempotency-Key, stored with the change it made. */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  fingerprint: string;
  status: number;
  body: unknown;
  /** Epoch seconds after which the record may be forgotten. */
  expiresAt: number;
}

export interface WriteOptions {
  /** Written in the same transaction as the change, so a replay can never repeat it. */
  idempotency?: IdempotencyRecord;
}

/** A component's status set as part of a change (incident update, PATCH, maintenance). */
export interface ComponentStatusWrite {
  id: string;
  status: ComponentStatus;
  at: string;
  /** What caused it, e.g. `INC-20261127-1118#3`: makes the history item unique. */
  cause: string;
}

export type CreateResult = 'created' | 'exists';
export type SaveResult = 'saved' | 'stale';

export interface ComponentRepository {
  list(): Promise<Component[]>;
  get(id: string): Promise<Component | null>;
  create(component: Component, options?: WriteOptions): Promise<CreateResult>;
  /** Replaces the component if its stored version is still `expectedVersion`. */
  save(component: Component, expectedVersion: number, statusWrite: ComponentStatusWrite | null): Promise<SaveResult>;
  delete(id: string): Promise<boolean>;
  /** The component's status history, oldest first. */
  statusHistory(id: string): Promise<StatusSpan[]>;
}

export interface IncidentRepository {
  get(id: string): Promise<IncidentWithUpdates | null>;
  /** Newest first. */
  list(state: 'open' | 'resolved' | 'all', limit: number): Promise<IncidentWithUpdates[]>;
  /** 'exists' when the id is taken (the caller tries the next suffix). */
  create(
    incident: Incident,
    update: IncidentUpdate,
    components: ComponentStatusWrite[],
    options?: WriteOptions,
  ): Promise<CreateResult>;
  /** Appends an update and saves the incident it produced, if nobody changed the incident since `expectedVersion`. */
  append(
    incident: Incident,
    expectedVersion: number,
    update: IncidentUpdate,
    components: ComponentStatusWrite[],
    options?: WriteOptions,
  ): Promise<SaveResult>;
  /** Saves the incident's own fields (title, severity, roles, postmortem). */
  save(incident: Incident, expectedVersion: number, options?: WriteOptions): Promise<SaveResult>;
}

export interface MaintenanceRepository {
  get(id: string): Promise<MaintenanceWithUpdates | null>;
  /** By start time, soonest first. */
  list(): Promise<MaintenanceWithUpdates[]>;
  create(
    maintenance: Maintenance,
    update: MaintenanceUpdate,
    options?: WriteOptions,
  ): Promise<CreateResult>;
  append(
    maintenance: Maintenance,
    expectedVersion: number,
    update: MaintenanceUpdate,
    components: ComponentStatusWrite[],
    options?: WriteOptions,
  ): Promise<SaveResult>;
}

export interface IdempotencyRepository {
  find(scope: string, key: string): Promise<IdempotencyRecord | null>;
}

export interface StoredApiKey extends ApiKey {
  hash: string;
}

export interface ApiKeyRepository {
  findByHash(hash: string): Promise<StoredApiKey | null>;
  create(key: StoredApiKey): Promise<CreateResult>;
  list(): Promise<StoredApiKey[]>;
  revoke(prefix: string, at: string): Promise<boolean>;
}

export interface Store {
  components: ComponentRepository;
  incidents: IncidentRepository;
  maintenances: MaintenanceRepository;
  idempotency: IdempotencyRepository;
  apiKeys: ApiKeyRepository;
}
