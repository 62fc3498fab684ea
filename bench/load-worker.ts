/**
 * autocannon in a child process (forked by bench.ts), so that the load generator shares neither the
 * server's event loop nor its memory: the benchmark process's RSS is the server's. The request bodies are
 * prepared by the parent; each request takes the next one, round robin over all connections.
 * Per-response latencies are kept (autocannon's own histogram has no p95).
 */
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  token: string;
  bodies: string[];
  duration: number;
  connections: number;
}

export interface LoadResult {
  error?: string;
  latencies: number[];
  requests: number;
  non2xx: number;
  graphqlErrors: number;
  firstError?: string;
  errors: number;
  timeouts: number;
  elapsedMs: number;
  bytes: number;
}

function run(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve) => {
    let next = 0;
    const latencies: number[] = [];
    let graphqlErrors = 0;
    let firstError: string | undefined;
    const t0 = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: job.url,
        method: 'POST',
        connections: job.connections,
        duration: job.duration,
        pipelining: 1,
        timeout: 120,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
        requests: [
          {
            setupRequest: (req: any) => ({ ...req, method: 'POST', body: job.bodies[next++ % job.bodies.length] }),
            onResponse: (_status: number, body: string) => {
              if (body && body.indexOf('"errors"') !== -1) {
                graphqlErrors++;
                firstError ??= body.slice(0, 400);
              }
            },
          },
        ],
      } as any,
      (err: Error | null, result: any) => {
        const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
        if (err) return resolve({ error: String(err), latencies, requests: 0, non2xx: 0, graphqlErrors, errors: 0, timeouts: 0, elapsedMs, bytes: 0 });
        resolve({
          latencies,
          requests: latencies.length,
          non2xx: result.non2xx,
          graphqlErrors,
          firstError,
          errors: result.errors,
          timeouts: result.timeouts,
          elapsedMs: typeof result.duration === 'number' && result.duration > 0 ? result.duration * 1000 : elapsedMs,
          bytes: result.throughput?.total ?? 0,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
}

if (process.send) {
  process.once('message', (job: LoadJob) => {
    run(job).then((r) => process.send!(r, () => process.exit(0)));
  });
}
