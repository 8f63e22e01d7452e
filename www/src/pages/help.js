// `/new-message/care-team-help/` (CareTeamHelp, three variants: hybrid, Oracle Health only,
// VistA only) and `/contact-list/`. Their "Back to select care team" links ask the SM router
// (`guard`), which sends legacy-flow users to /new-message/ instead.
import { h, actionLink } from '../dom.js';
import { systemMix } from '../personas.js';
import { SM_BASE } from '../sdk.js';

const SELECT = `${SM_BASE}/new-message/select-care-team/`;
const CONTACT_LIST = `${SM_BASE}/contact-list/`;

function back(ctx) {
  return actionLink('Back to select care team', SELECT, 'Back to select care team link',
    () => ctx.follow(ctx.sm.guard(SELECT, ctx.smContext())), { class: 'back-link' });
}

const HELP_TEXT = {
  vista: [
    'If you can’t find your care team, it may not be on your contact list yet.',
    'Update your contact list to show the teams you want to message.',
  ],
  oracle: [
    'Your facility uses our new My VA Health portal for some care teams.',
    'If you can’t find your care team, call your VA health facility and ask them to add you to the team’s messaging list.',
  ],
  hybrid: [
    'Some of your facilities use our new My VA Health portal; teams there can’t be added from your contact list.',
    'For your other facilities, update your contact list to show the teams you want to message.',
  ],
};

export const careTeamHelp = {
  name: 'care-team-help',
  title: 'Can’t find your care team? - Messages',
  render(ctx) {
    const mix = systemMix(ctx.persona);
    const contact = mix === 'oracle' ? null : h('p', {}, actionLink('Update your contact list', CONTACT_LIST, 'Update your contact list link',
      () => ctx.follow(ctx.sm.guard(CONTACT_LIST, ctx.smContext()))));
    return h('section', { dataset: { variant: mix } },
      back(ctx),
      h('h1', {}, 'Can’t find your care team?'),
      HELP_TEXT[mix].map((t) => h('p', {}, t)),
      contact);
  },
};

export const contactList = {
  name: 'contact-list',
  title: 'Contact list - Messages',
  render(ctx) {
    const { persona } = ctx;
    const groups = persona.systems.map((s) => h('fieldset', { class: 'contact-group' },
      h('legend', {}, s.name),
      persona.teams.filter((t) => t.systemId === s.id).map((t) => h('div', { class: 'checkbox' },
        h('input', { type: 'checkbox', id: `contact-${t.id}`, checked: true, disabled: true }),
        h('label', { for: `contact-${t.id}` }, t.name)))));
    return h('section', {},
      back(ctx),
      h('h1', {}, 'Contact list'),
      h('p', {}, 'Select the teams you want to show in your contact list when you start a new message. (Read-only in this demo.)'),
      groups);
  },
};
