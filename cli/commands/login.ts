// `herald login --url … --key …` saves where Herald is (checked first: a key the API refuses is
// not saved); `herald logout` forgets it; `herald config` says which Herald the CLI talks to.
import type { Command } from 'commander';
import { HeraldClient } from '../api-client';
import { configFile, forgetConfig, normaliseUrl, saveConfig } from '../config';
import type { CliContext } from '../context';

export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description(`check a URL and API key and save them in ${configFile(ctx.env).replace(ctx.env.HOME ?? '\0', '~')} (mode 0600)`)
    .requiredOption('--url <url>', "the site's root, e.g. https://status.example.com")
    .requiredOption('--key <key>', 'an API key (hk_…)')
    .action(async (options: { url: string; key: string }, command: Command) => {
      const url = normaliseUrl(options.url);
      const components = await new HeraldClient({ url, key: options.key }).get<unknown[]>('/components');
      const file = saveConfig({ url, key: options.key }, ctx.env);
      if (ctx.wantsJson(command)) return ctx.printJson({ url, config_file: file, components: components.length });
      ctx.print(`Logged in to ${url} (${components.length} components); saved in ${file}`);
    });

  program
    .command('logout')
    .description('forget the saved URL and key')
    .action(() => ctx.print(forgetConfig(ctx.env) ? `Removed ${configFile(ctx.env)}` : `Nothing saved in ${configFile(ctx.env)}`));

  program
    .command('config')
    .description('which Herald the CLI talks to, and from where it learnt it')
    .action((_options, command: Command) => {
      const { url, key, source } = ctx.connection();
      const shown = { url, source, key: key ? `${key.slice(0, 9)}…` : null };
      if (ctx.wantsJson(command)) return ctx.printJson(shown);
      ctx.print(`${url}  (from ${source}; key ${shown.key ?? 'none'})`);
    });
}
