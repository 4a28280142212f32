// Lambda entry point: bounces. (Stub until its issue fills it in.)
export const handler = async (_event: unknown): Promise<unknown> => ({ batchItemFailures: [] });
