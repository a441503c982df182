/**
 * A learner whose memory is clearly not the FSRS defaults: slower growth of stability, lower initial
 * stabilities, a steeper forgetting curve. Simulated reviews drawn from it are what fitting must recover.
 */
export const slowLearner: readonly number[] = [0.3, 0.8, 1.6, 5, 7, 0.6, 2.2, 0.01, 1.2, 0.2, 0.9, 1.6, 0.08, 0.3, 1.9, 0.45, 2.4, 0.4, 0.2, 0.1, 0.3]
