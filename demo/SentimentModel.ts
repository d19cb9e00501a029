import Sentiment from 'sentiment';

/** One prediction. */
export interface Prediction {
  sentiment: 'positive' | 'negative' | 'neutral';
  /** 0.5–1, rounded to 4 decimals; see {@link SentimentModel.predict}. */
  confidence: number;
}

/** Score scale of the confidence curve: an AFINN score of ±4 (one "amazing") gives 0.88. */
const CONFIDENCE_SCALE = 4;

/**
 * A real, deterministic sentiment model: AFINN-165 word scores through the
 * `sentiment` package. The label follows the sign of the total score.
 */
export class SentimentModel {
  private readonly analyzer = new Sentiment();

  /**
   * Labels a text and says how sure the label is:
   * - score > 0 → positive, score < 0 → negative, with
   *   confidence = 0.5 + 0.5 · tanh(|score| / 4);
   * - score = 0 → neutral, with confidence = 0.5 + 0.5 · (1 − tanh(Σ|word scores| / 4)):
   *   1.0 when no word carries sentiment, lower when strong words cancel out.
   */
  predict(text: string): Prediction {
    const { score, calculation } = this.analyzer.analyze(text);
    let strength = 0;
    for (const entry of calculation) {
      for (const value of Object.values(entry)) strength += Math.abs(value);
    }
    const round = (x: number) => Math.round(x * 10_000) / 10_000;
    if (score === 0) {
      return {
        sentiment: 'neutral',
        confidence: round(0.5 + 0.5 * (1 - Math.tanh(strength / CONFIDENCE_SCALE))),
      };
    }
    return {
      sentiment: score > 0 ? 'positive' : 'negative',
      confidence: round(0.5 + 0.5 * Math.tanh(Math.abs(score) / CONFIDENCE_SCALE)),
    };
  }
}
