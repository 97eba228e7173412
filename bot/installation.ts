import { TeamsInfo, TurnContext, type ChannelAccount } from 'botbuilder';
import type { Person } from '../audit/people';
import { buildHelpCard } from '../cards/help-card';
import { isInstalledIn, markUninstalled, saveConversationRef } from '../store/conversations-repo';
import { findPersonByAadObjectId, findPersonByEmail, setAadObjectId } from '../store/people-repo';
import type { BotDeps } from './bot-deps';
import { helpViewFor } from './help-view';
import { cardAttachment } from './replies';

type Scope = 'personal' | 'channel' | 'groupChat';

function scopeOf(conversationType: string | undefined): Scope {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

/** The e-mail or UPN Teams gives for the user, if any (`email`, `userPrincipalName` on TeamsChannelAccount). */
async function emailOf(context: TurnContext, from: ChannelAccount, scope: Scope): Promise<string | null> {
  const own = from as ChannelAccount & { email?: string; userPrincipalName?: string };
  if (own.email) return own.email;
  if (own.userPrincipalName) return own.userPrincipalName;
  if (scope !== 'personal') return null;
  try {
    const member = await TeamsInfo.getMember(context, from.id);
    return member.email ?? member.userPrincipalName ?? null;
  } catch {
    return null; // no connector (tests, Playground) or Teams refused: link later by Entra id
  }
}

/** Links the installing user to a person: by Entra id, else by e-mail/UPN (and records the Entra id then). */
async function linkPerson(deps: BotDeps, context: TurnContext, scope: Scope): Promise<Person | null> {
  const from = context.activity.from;
  const aad = from?.aadObjectId;
  if (!from || !aad) return null;
  const known = await findPersonByAadObjectId(deps.db, aad);
  if (known) return known;
  const email = await emailOf(context, from, scope);
  if (!email) return null;
  const byEmail = await findPersonByEmail(deps.db, email);
  if (byEmail) await deps.db.transaction((tx) => setAadObjectId(tx, byEmail.id, aad, 'bot'));
  return byEmail;
}

/** Keeps the conversation so the outbox can post to it later, and says hello with the help card. */
export async function handleInstall(deps: BotDeps, context: TurnContext): Promise<void> {
  const a = context.activity;
  const scope = scopeOf(a.conversation?.conversationType);
  const person = await linkPerson(deps, context, scope);
  const fresh = !(await isInstalledIn(deps.db, a.conversation.id));
  const reference = TurnContext.getConversationReference(a);
  const channelData = (a.channelData ?? {}) as { tenant?: { id?: string }; team?: { id?: string } };
  await deps.db.transaction((tx) =>
    saveConversationRef(tx, {
      conversationId: a.conversation.id,
      kind: scope,
      tenantId: channelData.tenant?.id ?? a.conversation.tenantId ?? null,
      serviceUrl: a.serviceUrl,
      aadObjectId: a.from?.aadObjectId ?? null,
      personId: scope === 'personal' ? person?.id ?? null : null,
      teamId: channelData.team?.id ?? null,
      reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
    }, person?.id ?? 'bot'),
  );
  deps.logger.info({ conversationId: a.conversation.id, scope, personId: person?.id ?? null }, 'bot installed');
  // Teams sends both installationUpdate and conversationUpdate for one install: welcome once.
  if (!fresh) return;
  await context.sendActivity({
    text: 'Hello, I am Audit Loop. I send your monthly case-file audits, take your grades, and remind and escalate when audits are due.',
    attachments: [cardAttachment(buildHelpCard(helpViewFor(person)))],
  });
}

export async function handleUninstall(deps: BotDeps, context: TurnContext): Promise<void> {
  const id = context.activity.conversation.id;
  await deps.db.transaction((tx) => markUninstalled(tx, id, 'bot'));
  deps.logger.info({ conversationId: id }, 'bot uninstalled');
}
