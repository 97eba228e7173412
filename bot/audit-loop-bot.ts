import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type FileConsentCardResponse,
} from 'botbuilder';
import type { AdaptiveCard } from '../cards/adaptive-card-types';
import { routeAction } from './actions/route-action';
import { actorLabel, identifyActor } from './actor';
import type { BotDeps } from './bot-deps';
import { monthOf } from './bot-dates';
import { isFileReportRequest, parseCommand, runCommand } from './commands';
import { handleInstall, handleUninstall } from './installation';
import { answerFileConsent, fetchUpload, ReportFileError, reportFileOffer, type Upload } from './report-files';
import { cardAttachment, errorCard, unknownPersonCard } from './replies';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Audit Loop in Teams: installs, typed commands and card actions. Every handler answers from the store alone
 * (no Graph, no mail): anything slow goes to the outbox.
 */
export class AuditLoopBot extends TeamsActivityHandler {
  constructor(
    private readonly deps: BotDeps,
    /** Where accepted report files are PUT; tests point it at a local server. */
    private readonly upload: Upload = fetchUpload,
  ) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await handleInstall(this.deps, context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await handleUninstall(this.deps, context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await handleInstall(this.deps, context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.onText(context);
      await next();
    });
  }

  private async onText(context: TurnContext): Promise<void> {
    const actor = await identifyActor(this.deps, context.activity);
    if (actor === null) {
      this.deps.logger.warn({ sender: actorLabel(null, context.activity) }, 'message from a person the programme does not know');
      await context.sendActivity({ attachments: [cardAttachment(unknownPersonCard())] });
      return;
    }
    // Old clients send Action.Submit as a message whose value carries the verb; route it like Action.Execute.
    const value: unknown = context.activity.value;
    if (typeof value === 'object' && value !== null && typeof (value as { verb?: unknown }).verb === 'string') {
      const { verb, ...data } = value as { verb: string } & Record<string, unknown>;
      const card = await routeAction({ deps: this.deps, actor }, verb, data);
      await context.sendActivity({ attachments: [cardAttachment(card)] });
      return;
    }
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text;
    const request = parseCommand(text);
    if (isFileReportRequest(actor, request, context.activity.conversation?.conversationType)) {
      await context.sendActivities(await reportFileOffer(this.deps, request.month ?? monthOf(this.deps)));
      return;
    }
    const card = await runCommand(this.deps, actor, request);
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const actor = await identifyActor(this.deps, context.activity);
    if (actor === null) {
      this.deps.logger.warn({ sender: actorLabel(null, context.activity), verb: invokeValue.action.verb }, 'card action from an unknown person');
      return cardResponse(unknownPersonCard());
    }
    return cardResponse(await routeAction({ deps: this.deps, actor }, invokeValue.action.verb, invokeValue.action.data));
  }

  /** QA's answer to a report file's consent card (bot/report-files.ts). */
  protected override async handleTeamsFileConsent(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const actor = await identifyActor(this.deps, context.activity);
    try {
      await context.sendActivity(await answerFileConsent(this.deps, actor, response, this.upload));
    } catch (e) {
      if (!(e instanceof ReportFileError)) throw e;
      this.deps.logger.warn({ code: e.code, err: e.message }, 'report file not delivered');
      await context.sendActivity({ attachments: [cardAttachment(errorCard(e.code, 'Audit Loop could not save the report file to your OneDrive.', 'Type "report" to be offered it again.'))] });
    }
  }
}

function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}
