import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';

quietSdkNodeWarning();
