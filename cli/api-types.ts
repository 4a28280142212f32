// The /v1 answers the CLI reads, as /v1/openapi.json describes them (only the fields it shows).

export interface Component {
  id: string;
  name: string;
  description: string | null;
  is_group: boolean;
  group_id: string | null;
  group_name: string | null;
  status: string;
  position: number;
  version: number;
}

export interface IncidentUpdate {
  seq: number;
  status: string;
  message: string;
  component_changes: { id: string; name: string; old_status: string; new_status: string }[];
  notify: boolean;
  created_at: string;
  posted_by: string | null;
  next_update_at: string | null;
}

export interface Incident {
  id: string;
  title: string;
  severity: string;
  impact: 'none' | 'minor' | 'major' | 'critical';
  status: string;
  components: string[];
  roles: Record<string, string | null | undefined>;
  started_at: string;
  created_at: string;
  resolved_at: string | null;
  last_update_at: string;
  next_update_at: string | null;
  postmortem: { body: string; published: boolean; published_at: string | null } | null;
  updates: IncidentUpdate[];
  version: number;
  warnings?: string[];
  next_update_due_at?: string | null;
  overdue?: boolean;
  overdue_since?: string | null;
}

export interface Maintenance {
  id: string;
  title: string;
  status: string;
  components: string[];
  scheduled_for: string;
  scheduled_until: string;
  cancelled_at?: string | null;
  updates: { status: string; message: string; created_at: string }[];
  version: number;
}

export interface Template {
  id: string;
  name: string;
  kind: 'incident' | 'maintenance';
  title: string;
  status: string;
  body: string;
  components: Record<string, string>;
  severity: string | null;
  notify: boolean;
  version: number;
}

export interface TemplateDraft {
  template_id: string;
  title: string;
  message: string;
  status: string;
  components?: Record<string, string>;
  severity?: string | null;
  notify?: boolean;
}
