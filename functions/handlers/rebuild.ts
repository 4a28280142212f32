// Lambda entry point: rebuild. Full site rebuild, run once per deploy (first publish). (Stub until its issue fills it in.)
export const handler = async () => ({ ok: true });
