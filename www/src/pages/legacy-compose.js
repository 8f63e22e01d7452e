// `/new-message/` with the curated flow off: the legacy Compose page, with an in-page recipient
// select over every care team ("If you can't find your team" → contact list).
import { h, actionLink, selectField, fieldError } from '../dom.js';
import { systemById } from '../personas.js';
import { composeForm } from '../compose-form.js';
import { SM_BASE } from '../sdk.js';

export default {
  name: 'legacy-compose',
  title: 'Start a new message - Messages',
  render(ctx) {
    const { persona } = ctx;
    let recipient = null;
    const error = fieldError('recipient-error');
    const field = selectField('recipient', 'To', 'Recipient select',
      persona.teams.map((t) => ({ value: t.id, label: `${t.name} (${systemById(persona, t.systemId)?.name ?? ''})` })),
      null, (v) => {
        recipient = v || null;
        error.show('');
      });
    const contactList = () => ctx.follow(ctx.sm.guard(`${SM_BASE}/contact-list/`, ctx.smContext()));
    return h('section', {},
      h('h1', {}, 'Start a new message'),
      h('p', { class: 'hint' }, 'Only use messages for non-urgent needs. Your care team may take up to 3 business days to reply.'),
      field.el, error.el,
      h('p', {}, 'If you can’t find your team, ',
        actionLink('Show more teams in your contact list', `${SM_BASE}/contact-list/`, 'Show more teams in your contact list link', contactList)),
      composeForm(ctx, {
        recipient: () => recipient,
        onMissingRecipient: () => error.show('Please select a recipient.'),
      }));
  },
};
