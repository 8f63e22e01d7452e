// `/new-message/select-care-team/`: SelectCareTeam — the care-system picker (auto / radio tiles /
// dropdown, as the SDK's careSystemPicker says), the team select, "Update your contact list"
// (VistA users only) and "Can't find your care team". Continue saves a draft (`sm.drafts.create`,
// the latency the release plan samples here) and goes to /start-message/.
import { h, actionLink, radioTiles, selectField, fieldError } from '../dom.js';
import { teamById } from '../personas.js';
import { smState, setSmState } from '../state.js';
import { createDraft } from '../sm-api.js';
import { SM_BASE } from '../sdk.js';

function picker(ctx, n) {
  const p = ctx.sm.careSystemPicker ? ctx.sm.careSystemPicker(n) : null;
  if (p === 'auto' || p === 'radio' || p === 'dropdown') return p;
  return n <= 1 ? 'auto' : n < 6 ? 'radio' : 'dropdown';
}

export default {
  name: 'select-care-team',
  title: 'Select care team - Messages',
  render(ctx) {
    const { persona, rollout } = ctx;
    const systems = persona.systems;
    const kind = picker(ctx, systems.length);
    const selected = teamById(persona, smState().selectedTeam);
    let systemId = kind === 'auto' ? systems[0]?.id ?? null : selected?.systemId ?? null;
    let teamId = selected && selected.systemId === systemId ? selected.id : null;
    let switches = 0;
    rollout.track.action('SM VA Health Systems Displayed', systems.length
      ? { status: 'successful', healthSystemsCount: systems.length, version: kind === 'dropdown' ? 'dropdown' : 'radio' }
      : { status: 'fail', healthSystemsCount: 0, errorKey: 'no-health-systems' });
    ctx.onLeave(() => rollout.track.action('Care System Radio Switch Count', { switchCount: switches }));

    const systemError = fieldError('care-system-error');
    const teamError = fieldError('care-team-error');
    const teamSlot = h('div', { id: 'care-team-field' });
    const renderTeams = () => {
      const teams = persona.teams.filter((t) => t.systemId === systemId);
      const field = selectField('care-team', 'Select a care team', 'Care team select',
        teams.map((t) => ({ value: t.id, label: t.name })), teamId, (v) => {
          teamId = v || null;
          teamError.show('');
        });
      field.select.disabled = !systemId;
      teamSlot.replaceChildren(field.el, teamError.el);
    };
    const chooseSystem = (id) => {
      if (id !== systemId) switches += systemId ? 1 : 0;
      systemId = id || null;
      teamId = null;
      systemError.show('');
      renderTeams();
    };
    renderTeams();

    let systemPicker;
    if (kind === 'auto') {
      systemPicker = h('p', { class: 'field', id: 'care-system-auto' }, 'Your VA health care system: ',
        h('strong', { 'data-dd-privacy': 'mask' }, systems[0]?.name ?? 'none'));
    } else if (kind === 'radio') {
      systemPicker = radioTiles('care-system', 'Select a VA health care system', null,
        systems.map((s) => ({ value: s.id, label: s.name, action: 'Care System Radio button' })), systemId, chooseSystem);
    } else {
      systemPicker = selectField('care-system', 'Select a VA health care system', 'Care System dropdown',
        systems.map((s) => ({ value: s.id, label: s.name })), systemId, chooseSystem).el;
    }

    const next = (action) => ctx.follow(ctx.sm.next(ctx.path, action, ctx.smContext()));
    const showContactList = ctx.sm.showUpdateContactList
      ? ctx.sm.showUpdateContactList(systems.map((s) => ({ oracleHealth: s.oracleHealth })))
      : systems.some((s) => !s.oracleHealth);
    const submit = async (button) => {
      systemError.show(systemId ? '' : 'Select a VA health care system');
      teamError.show(teamId ? '' : 'Select a care team');
      if (!systemId || !teamId) return;
      button.disabled = true;
      setSmState({ selectedTeam: teamId });
      await createDraft(rollout, teamId);
      ctx.follow(ctx.sm.next(ctx.path, 'select_team', ctx.smContext({ selectedTeam: teamId })));
    };
    const continueButton = h('button', { type: 'submit', class: 'button-primary', dataset: { ddActionName: 'Continue button on Select care team page' } }, 'Continue');
    return h('section', {},
      h('h1', {}, 'Select care team'),
      h('form', { novalidate: true, onSubmit: (e) => { e.preventDefault(); submit(continueButton); } },
        systemPicker, systemError.el, teamSlot,
        showContactList ? h('p', { id: 'update-contact-list' }, 'If you can’t find the care team you want to select, update your contact list to add it here. ',
          actionLink('Update your contact list', `${SM_BASE}/contact-list/`, 'Update your contact list link', () => next('update_contact_list'))) : null,
        h('p', {}, actionLink('Learn what to do if you can’t find your care team', `${SM_BASE}/new-message/care-team-help/`,
          "Can't find your care team link", () => next('cant_find_team'))),
        continueButton));
  },
};
