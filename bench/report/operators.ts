import { count, ms, p50p95, seconds, table } from './format';

export interface OperatorsResult {
  results: {
    auditChain: { entries: number; sealOneEntryMs: { p50: number; p95: number }; verifyWholeChainNodeSeconds: number; verifyPerEntryNodeMs: number; verifyPerEntryNobleMs: number; workerCheckSecondsPer100k?: number; workerCheckCpuSecondsPer100k?: number; workerCheckMaxEventLoopDelayMs?: number; workerStartMs?: number };
    signIn: { samples: number; signInMs: { p50: number; p95: number } };
  };
}

/** bench/results/operators.json: the audit chain's costs and operator sign-in. */
export function renderOperators(result: OperatorsResult): string {
  const { auditChain: chain, signIn } = result.results;
  const rows = [
    ['**seal one audit entry** (canonical JSON, SHA-256, Ed25519 signature; paid inside every audited commit), p50 / p95', p50p95(chain.sealOneEntryMs)],
    [`**check a whole ${count(chain.entries)}-entry chain** (hash, link and signature of each; Node's Ed25519 and SHA-256)`, `${seconds(chain.verifyWholeChainNodeSeconds * 1000)} (${ms(chain.verifyPerEntryNodeMs)} per entry)`],
    ["the same with noble's pure-JS Ed25519 and SHA-256 (the shared default)", `${ms(chain.verifyPerEntryNobleMs)} per entry`],
    ...(chain.workerCheckSecondsPer100k === undefined
      ? []
      : [
          [
            "**the station's check in its audit worker** (every hash and link, a signature per 1,000 entries and the head; decision 0015), per 100,000 entries: wall time (CPU time of both threads)",
            `${seconds(chain.workerCheckSecondsPer100k * 1000)} (${seconds((chain.workerCheckCpuSecondsPer100k ?? 0) * 1000)})`,
          ],
          ["the main thread's longest event-loop delay meanwhile; the worker's start", `${ms(chain.workerCheckMaxEventLoopDelayMs ?? 0)}; ${ms(chain.workerStartMs ?? 0)}`],
        ]),
    [`**operator sign-in over the real stack** (card in the reader → \`session:sign-in\` answered), ${count(signIn.samples)} sign-ins, p50 / p95`, p50p95(signIn.signInMs)],
  ];
  return table(['figure', 'result'], rows);
}
