// `herald keys` lists API keys with their scopes (admin scope needed); `keys create` and
// `keys revoke` as on the console's People & keys screen.
import type { Command } from 'commander';
import { segment } from '../api-client';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { table } from '../output/table';
import { localTime } from '../output/time';

const SCOPES = ['read', 'incidents', 'subscribers', 'admin'];

interface ApiKey {
  prefix: string;
  name: string;
  owner: string | null;
  scopes: string[];
  scoped: boolean;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export function registerKeys(program: Command, ctx: CliContext): void {
  const keys = program
    .command('keys')
    .description('API keys and their scopes (list by default; create, revoke)')
    .option('--all', 'include revoked keys')
    .action(async (options: { all?: boolean }, command: Command) => {
      const list = (await ctx.client().get<ApiKey[]>('/api-keys')).filter((k) => options.all || !k.revoked_at);
      if (ctx.wantsJson(command)) return ctx.printJson(list);
      ctx.print(
        table(
          list,
          [
            { header: 'PREFIX', value: (k) => k.prefix },
            { header: 'NAME', value: (k) => k.name },
            { header: 'SCOPES', value: (k) => (k.scoped ? k.scopes.join(',') : 'all (made before scopes)') },
            { header: 'LAST USED', value: (k) => localTime(k.last_used_at) },
            { header: 'OWNER', value: (k) => `${k.owner ?? ''}${k.revoked_at ? ` (revoked ${localTime(k.revoked_at)})` : ''}` },
          ],
          ctx.paint.bold,
        ),
      );
    });

  keys
    .command('create')
    .description('mint a key; it is shown this once')
    .requiredOption('--name <name>', 'what it is for')
    .option('--scopes <list>', SCOPES.join(','), 'read')
    .option('--owner <email>', 'who holds it')
    .action(async (options: { name: string; scopes: string; owner?: string }, command: Command) => {
      const scopes = options.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = scopes.filter((s) => !SCOPES.includes(s));
      if (unknown.length || scopes.length === 0) throw new UsageError(`--scopes takes ${SCOPES.join(', ')} (comma-separated), not ${options.scopes}`);
      const created = await ctx.client().post<{ key: string; prefix: string }>('/api-keys', { name: options.name, scopes, ...(options.owner ? { owner: options.owner } : {}) });
      if (ctx.wantsJson(command)) return ctx.printJson(created);
      ctx.print(created.key);
      ctx.note(`(${created.prefix}…, scopes ${scopes.join(',')}: shown this once)`);
    });

  keys
    .command('revoke')
    .description('revoke a key by its prefix')
    .argument('<prefix>', 'hk_…')
    .action(async (prefix: string, _options, command: Command) => {
      await ctx.client().delete(`/api-keys/${segment(prefix, 'key prefix')}`);
      if (ctx.wantsJson(command)) return ctx.printJson({ revoked: prefix });
      ctx.print(`Revoked ${prefix}`);
    });
}
