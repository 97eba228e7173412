import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** How often Graph throttled us (429) or was unavailable (503): read by the /metrics endpoint. */
export const graphThrottling = { throttled: 0, unavailable: 0 };

/**
 * Sits below the RetryHandler so it sees every answer, the retried ones too: a 429 the library waited out still
 * counts, because that is what an operator needs to know (we are close to Graph's limits).
 */
export class ThrottlingObserver implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    await this.next?.execute(context);
    const status = context.response?.status;
    if (status === 429) graphThrottling.throttled += 1;
    else if (status === 503) graphThrottling.unavailable += 1;
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
