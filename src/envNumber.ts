// Whole-number settings read from the environment, shared by src/config.ts and the roaming push pace.
// Import-free: the workflow bundle includes it (through src/roaming/pushRetry.ts).

type Env = Record<string, string | undefined>;

/** A positive whole number in `unit` (the error says which), or undefined when the variable is unset. */
export function positiveWholeNumberFromEnv(env: Env, name: string, unit: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  if (!/^\d+$/.test(text) || Number(text) === 0)
    throw new Error(`${name} must be a positive whole number of ${unit}, got "${text}"`);
  return Number(text);
}
