// `/new-message/` in the curated flow: InterstitialPage ("Only use messages for non-urgent needs").
import { h } from '../dom.js';

export default {
  name: 'interstitial',
  title: 'Only use messages for non-urgent needs - Messages',
  render(ctx) {
    const next = () => ctx.follow(ctx.sm.next(ctx.path, 'continue', ctx.smContext()));
    return h('section', {},
      h('h1', {}, 'Only use messages for non-urgent needs'),
      h('p', {}, 'Your care team may take up to 3 business days to reply.'),
      h('p', {}, 'If you need help sooner, use one of these urgent communication options:'),
      h('ul', {},
        h('li', {}, 'If you’re in crisis or having thoughts of suicide, connect with our Veterans Crisis Line. We offer confidential support anytime, day or night. Call 988 and select 1.'),
        h('li', {}, 'If you think your life or health is in danger, call 911 or go to the nearest emergency room.')),
      h('button', { type: 'button', class: 'button-primary', dataset: { ddActionName: 'Continue to start message button on Interstitial Page' }, onClick: next },
        'Continue to start message'));
  },
};
