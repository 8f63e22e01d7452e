// `/my-health/secure-messages/inbox/`: the entry point of "Start a new message".
import { h } from '../dom.js';

export default {
  name: 'inbox',
  title: 'Inbox - Messages',
  render(ctx) {
    const start = () => ctx.follow(ctx.sm.start(ctx.smContext()));
    return h('section', {},
      h('h1', {}, 'Inbox'),
      h('p', {}, 'Communicate privately and securely with your VA health care team online.'),
      h('button', { type: 'button', class: 'button-primary', id: 'start-new-message', dataset: { ddActionName: 'Start a new message button' }, onClick: start },
        'Start a new message'),
      h('p', { class: 'hint' }, 'Your inbox is empty in this demo.'));
  },
};
