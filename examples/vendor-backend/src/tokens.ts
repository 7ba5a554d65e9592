// The backend's API tokens and onboarding links, on the same backing as main.ts (BYOC_POSTGRES_URL,
// or the JSON file BYOC_TOKENS):
//   npm run tokens -- create --organization org123 [--organization org456] [--name ci]
//   npm run tokens -- create-operator [--name on-call]
//   npm run tokens -- list [--organization org123]
//   npm run tokens -- revoke <token id>
//   npm run tokens -- delete-organization org123
//   npm run tokens -- onboarding-link --organization org123 --origin https://byoc.vendor.example [--hours 72]
import { ByocError } from '@byoc-kit/core';
import { createApiToken, createOperatorToken } from './auth/api-tokens.js';
import { onboardingLinksFromEnvironment } from './auth/onboarding-links.js';
import { openBacking } from './backing.js';

const usage = `usage: tokens create --organization ID [--organization ID ...] [--name NAME]
       tokens create-operator [--name NAME]
       tokens list [--organization ID]
       tokens revoke TOKEN_ID
       tokens delete-organization ID
       tokens onboarding-link --organization ID --origin URL [--hours N]`;

/** The values of a repeated flag, and the words that are not flags. */
function parse(args: readonly string[]) {
  const flags = new Map<string, string[]>();
  const words: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const value = args[++index];
    if (value === undefined) throw new ByocError({ code: 'INPUT_INVALID', message: `${arg} needs a value.\n${usage}` });
    flags.set(arg.slice(2), [...(flags.get(arg.slice(2)) ?? []), value]);
  }
  return { flags, words };
}

async function main(args: readonly string[]): Promise<void> {
  const [command, ...rest] = args;
  const { flags, words } = parse(rest);
  const one = (name: string) => flags.get(name)?.at(-1);
  if (command === 'onboarding-link') {
    const links = onboardingLinksFromEnvironment();
    const organization = one('organization');
    const origin = one('origin');
    if (links === undefined) throw new ByocError({ code: 'INPUT_INVALID', message: 'Set BYOC_ONBOARDING_SECRET, as for the backend.' });
    if (organization === undefined || origin === undefined) throw new ByocError({ code: 'INPUT_INVALID', message: usage });
    const hours = one('hours');
    const link = links.url(origin, organization, hours === undefined ? {} : { ttlMs: Number(hours) * 3_600_000 });
    console.log(`${link.url}\n(works until ${link.expiresAt}; hand it to the customer over a private channel)`);
    return;
  }
  const backing = await openBacking(process.env, { jobs: false });
  try {
    if (command === 'create') {
      const { token, record } = await createApiToken(backing.tokens, {
        organizationIds: flags.get('organization') ?? [],
        ...(one('name') === undefined ? {} : { name: one('name') as string }),
      });
      console.log(`${token}\n(token ${record.id} for ${record.organizationIds.join(', ')}: shown once, only its hash is kept)`);
    } else if (command === 'create-operator') {
      const { token, record } = await createOperatorToken(backing.tokens, one('name') === undefined ? {} : { name: one('name') as string });
      console.log(`${token}\n(operator token ${record.id}, for the status page /status: shown once, only its hash is kept)`);
    } else if (command === 'list') {
      for (const record of await backing.tokens.list(one('organization'))) {
        console.log(
          `${record.id}  ${record.createdAt}  ${record.operator ? '(operator)' : record.organizationIds.join(',')}  ${record.name}`,
        );
      }
    } else if (command === 'revoke' && words[0] !== undefined) {
      console.log((await backing.tokens.revoke(words[0])) ? `revoked ${words[0]}` : `no token ${words[0]}`);
    } else if (command === 'delete-organization' && words[0] !== undefined) {
      console.log(`${await backing.tokens.removeOrganization(words[0])} token(s) no longer act for ${words[0]}`);
    } else {
      throw new ByocError({ code: 'INPUT_INVALID', message: usage });
    }
  } finally {
    await backing.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(ByocError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
});
