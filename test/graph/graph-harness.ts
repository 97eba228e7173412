/** Starts the Graph fake and points a real Graph client (and GraphPort) at it over HTTP. */
import { fixedTokenCredential } from '../../graph/credentials';
import { createGraphClient, type GraphClientConfigInput, type GraphClientHandle } from '../../graph/graph-client';
import { createGraphPort, type GraphPortOptions } from '../../graph/graph-api';
import type { GraphPort } from '../../graph/graph-port';
import { FAKE_GRAPH_TOKEN, GraphFake, type GraphFakeOptions } from '../fakes/graph-fake';

export interface GraphHarness {
  fake: GraphFake;
  handle: GraphClientHandle;
  graph: GraphPort;
  /** Waits the batch code asked for (ms), recorded instead of slept. */
  sleeps: number[];
}

export interface HarnessOptions {
  fake?: GraphFakeOptions;
  client?: GraphClientConfigInput;
  port?: GraphPortOptions;
  token?: string;
}

export async function startGraphHarness(options: HarnessOptions = {}): Promise<GraphHarness> {
  const fake = await GraphFake.start(options.fake);
  const handle = createGraphClient(fixedTokenCredential(options.token ?? FAKE_GRAPH_TOKEN), {
    baseUrl: fake.baseUrl,
    retryDelaySeconds: 0,
    maxRetries: 3,
    ...options.client,
  });
  const sleeps: number[] = [];
  const graph = createGraphPort(handle, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options.port,
  });
  return { fake, handle, graph, sleeps };
}

/** The rejection of a promise, for asserting on its code and message. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
