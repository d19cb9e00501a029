import { expect } from 'chai';
import { SentimentModel } from '../../demo/SentimentModel.js';

describe('SentimentModel', () => {
  const model = new SentimentModel();

  describe('#predict', () => {
    const cases: [string, 'positive' | 'negative' | 'neutral'][] = [
      ['This is amazing!', 'positive'],
      ['I love this, it is excellent', 'positive'],
      ['This is terrible!', 'negative'],
      ['I hate it, awful and bad', 'negative'],
      ['This is okay', 'neutral'],
      ['The meeting is at noon', 'neutral'],
    ];
    for (const [text, sentiment] of cases) {
      it(`labels "${text}" ${sentiment}`, () => {
        expect(model.predict(text).sentiment).to.equal(sentiment);
      });
    }

    it('grows more confident with a stronger score', () => {
      const mild = model.predict('This is good').confidence;
      const strong = model.predict('This is amazing, excellent and superb').confidence;
      expect(mild).to.be.above(0.5);
      expect(strong).to.be.above(mild).and.at.most(1);
    });

    it('follows the documented curve: 0.5 + 0.5·tanh(|score|/4)', () => {
      // "amazing" scores +4 in AFINN-165.
      expect(model.predict('amazing').confidence).to.equal(
        Math.round((0.5 + 0.5 * Math.tanh(1)) * 10_000) / 10_000,
      );
    });

    it('is fully confident in neutral text with no sentiment words, less when words cancel', () => {
      expect(model.predict('The meeting is at noon').confidence).to.equal(1);
      const mixed = model.predict('good bad');
      expect(mixed.sentiment).to.equal('neutral');
      expect(mixed.confidence).to.be.below(1).and.at.least(0.5);
    });
  });
});
