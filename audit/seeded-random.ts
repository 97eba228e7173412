import prand from 'pure-rand';

/** A reproducible random source: the same `--seed` gives the same allocation, so QA can show how it was drawn. */
export interface SeededRandom {
  /** An integer in [0, n). */
  below(n: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  const rng = prand.xoroshiro128plus(seed | 0);
  return { below: (n) => prand.unsafeUniformIntDistribution(0, n - 1, rng) };
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
