// `herald completion bash|zsh`: a completion script generated from the commands themselves, so a
// new command completes without touching this file.
//   bash: source <(npx herald completion bash)     zsh: source <(npx herald completion zsh)
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

interface Node {
  path: string;
  words: string[];
}

export function registerCompletion(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .description('print a bash or zsh completion script (source <(herald completion bash))')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`completion: shell must be bash or zsh, not ${shell}`);
      ctx.print(shell === 'bash' ? bashScript(tree(program)) : zshScript(tree(program)));
    });
}

/** For each command path ("", "incidents", "incidents declare"): the words that may follow. */
function tree(program: Command): Node[] {
  const nodes: Node[] = [];
  const walk = (command: Command, path: string) => {
    const options = command.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => Boolean(f));
    const subs = command.commands.map((c) => c.name());
    nodes.push({ path, words: [...subs, ...options, ...(path === '' ? ['--help'] : ['--help', '--json'])] });
    for (const sub of command.commands) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, '');
  return nodes;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bashScript(nodes: Node[]): string {
  const steps = nodes.filter((n) => n.path).map((n) => `      ${quote(n.path)}) at=${quote(n.path)} ;;`).join('\n');
  const cases = nodes.map((n) => `    ${quote(n.path)}) candidates=${quote(n.words.join(' '))} ;;`).join('\n');
  return `# herald bash completion: source <(herald completion bash)
_herald() {
  local cur at="" w candidates="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ $w == -* ]] && continue
    case "\${at:+$at }$w" in
${steps}
    esac
  done
  case "$at" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _herald herald`;
}

function zshScript(nodes: Node[]): string {
  const steps = nodes.filter((n) => n.path).map((n) => `      ${quote(n.path)}) at=${quote(n.path)} ;;`).join('\n');
  const cases = nodes.map((n) => `    ${quote(n.path)}) candidates=(${n.words.map(quote).join(' ')}) ;;`).join('\n');
  return `#compdef herald
# herald zsh completion: source <(herald completion zsh)
_herald() {
  local at="" w
  local -a candidates
  for w in "\${(@)words[2,CURRENT-1]}"; do
    [[ $w == -* ]] && continue
    case "\${at:+$at }$w" in
${steps}
    esac
  done
  case "$at" in
${cases}
  esac
  compadd -- "\${(@)candidates}"
}
compdef _herald herald`;
}
