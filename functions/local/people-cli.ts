// `npm run people -- add --email E --role viewer|responder|admin [--name N] | list | role --email E --role R | remove --email E`
// Against the local stack's table by default (running or not); against AWS when TABLE_NAME is set.
import { parseArgs } from 'node:util';
import { createAppDeps } from '#app/deps';
import { addPerson } from '#app/people/add-person';
import { listPeople } from '#app/people/list-people';
import { removePerson } from '#app/people/remove-person';
import { updatePerson } from '#app/people/update-person';
import { normalizeEmail } from '#app/subscriptions/email-address';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { isRole, ROLES } from '#core/roles';
import { loadConfig } from '#config/config';
import { openCliResources } from './cli-resources';
import { quietSdkNodeWarning } from './quiet-sdk-warning';

quietSdkNodeWarning();

export const CLI_ACTOR = 'npm run people';
const ROLE_LIST = ROLES.join('|');
const USAGE = `usage: npm run people -- add --email EMAIL --role ${ROLE_LIST} [--name NAME] | list | role --email EMAIL --role ${ROLE_LIST} | remove --email EMAIL`;

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error(USAGE);
  process.exit(2);
}

const parsed = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
const { positionals, values } = parsed;
const command = positionals[0];
if (!command || !['add', 'list', 'role', 'remove'].includes(command) || positionals.length > 1) usage();
if (command !== 'list' && !values.email) usage('--email is required.');
if ((command === 'add' || command === 'role') && !isRole(values.role)) usage(`--role must be one of ${ROLES.join(', ')}.`);

const resources = await openCliResources().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});

try {
  const deps = createAppDeps(createDynamoStore(resources.table), loadConfig());
  const ctx = { actor: null, now: deps.now(), addedBy: CLI_ACTOR };
  const role = isRole(values.role) ? values.role : 'viewer';
  if (command === 'add') {
    const person = await addPerson(deps, { email: values.email!, role, name: values.name ?? null }, ctx);
    console.log(`Added ${person.email} as ${person.role}.`);
  } else if (command === 'list') {
    for (const p of await listPeople(deps)) console.log(`${p.email}  ${p.role}${p.name ? `  ${p.name}` : ''}  added ${p.created_at} by ${p.added_by}`);
  } else if (command === 'role') {
    const person = await updatePerson(deps, values.email!, { role }, ctx);
    console.log(`${person.email} is now ${person.role}.`);
  } else {
    await removePerson(deps, values.email!);
    console.log(`Removed ${normalizeEmail(values.email!)}.`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await resources.close();
}
