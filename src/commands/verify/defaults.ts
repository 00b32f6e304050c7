/**
 * verify's defaults that its help text shows: a module of its own, since define.ts is on the
 * start-up path and options.ts imports the validators (test/e2e/startup.test.ts).
 */

/**
 * Setups verified at once. Setups at once share CloudTrail's lookups and IAM's simulations
 * (src/aws/shared-lookups.ts, shared-simulations.ts), and CloudTrail's delivery takes minutes, so
 * setups waiting in turn would wait those minutes once per turn: with 4 at a time, 100 setups were
 * 25 turns. 50 verifies most configs in one turn, keeps a burst of Converse calls to one model
 * well inside Bedrock's usual per-minute quotas (throttling is retried anyway), and keeps memory
 * at 100 setups under 150 MB (bench/scale.mjs).
 */
export const DEFAULT_CONCURRENCY = 50
