/**
 * Send jobs, their outcomes, and the per-conversation lanes the throttled sender schedules.
 */
import type { OutgoingActivity } from './connector-client';

interface SendJobBase {
  /** The outbox message key; also stamped on activity.channelData.auditLoop.messageKey. */
  key: string;
  serviceUrl: string;
  tenantId: string;
  activity: OutgoingActivity;
  /** When set, the job replaces this earlier activity (card refresh) instead of posting anew. */
  updateActivityId?: string;
}

export type SendJob = SendJobBase & ({ conversationId: string; userId?: undefined } | { userId: string; conversationId?: undefined });

export type SendOutcome =
  | { kind: 'delivered'; conversationId: string; activityId: string; attempts: number }
  | { kind: 'blocked'; code: string; message: string; conversationId: string | null; attempts: number }
  | { kind: 'failed'; reason: string; status: number | null; code: string | null; attempts: number };

/** The jobs for one conversation (or one user, until their 1:1 conversation exists), sent in order. */
export interface Lane {
  limiterKey: string;
  tenantId: string;
  serviceUrl: string;
  userId: string | null;
  conversationId: string | null;
  jobs: { job: SendJob; attempts: number }[];
  busy: boolean;
  notBefore: number;
}

export function buildLanes(jobs: readonly SendJob[]): Map<string, Lane> {
  const lanes = new Map<string, Lane>();
  for (const job of jobs) {
    const laneKey = job.conversationId !== undefined ? `conversation:${job.conversationId}` : `user:${job.tenantId}:${job.userId}`;
    let lane = lanes.get(laneKey);
    if (!lane) {
      lane = {
        limiterKey: job.conversationId ?? laneKey,
        tenantId: job.tenantId,
        serviceUrl: job.serviceUrl,
        userId: job.userId ?? null,
        conversationId: job.conversationId ?? null,
        jobs: [],
        busy: false,
        notBefore: 0,
      };
      lanes.set(laneKey, lane);
    }
    lane.jobs.push({ job, attempts: 0 });
  }
  return lanes;
}

/** Add the outbox correlation and the addressing fields the SDK would fill in. */
export function stamp(activity: OutgoingActivity, key: string, botId: string, conversationId: string): OutgoingActivity {
  const channelData = isRecord(activity.channelData) ? activity.channelData : {};
  const auditLoop = isRecord(channelData.auditLoop) ? channelData.auditLoop : {};
  return {
    from: { id: botId },
    conversation: { id: conversationId },
    ...activity,
    channelData: { ...channelData, auditLoop: { ...auditLoop, messageKey: key } },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
