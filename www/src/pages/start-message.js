// `/new-message/start-message/`: compose to the selected team ("To {system} - {team}", with
// "Select a different care team"). The guard sends a visit without a selected team to
// /select-care-team/.
import { h, actionLink } from '../dom.js';
import { systemById, teamById } from '../personas.js';
import { smState, setSmState } from '../state.js';
import { composeForm } from '../compose-form.js';
import { SM_BASE } from '../sdk.js';

export default {
  name: 'start-message',
  title: 'Start message - Messages',
  render(ctx) {
    const team = teamById(ctx.persona, smState().selectedTeam);
    const system = team ? systemById(ctx.persona, team.systemId) : null;
    const different = () => ctx.follow(ctx.sm.next(ctx.path, 'select_different_team', ctx.smContext()));
    return h('section', {},
      h('h1', {}, 'Start message'),
      h('p', { id: 'selected-recipient', 'data-dd-privacy': 'mask' },
        h('span', { class: 'recipient-label' }, 'To '),
        h('strong', {}, team ? `${system?.name ?? 'VA'} - ${team.name}` : 'No care team selected')),
      h('p', {}, actionLink('Select a different care team', `${SM_BASE}/new-message/select-care-team/`, 'Select a different care team link', different)),
      composeForm(ctx, {
        recipient: () => team?.id ?? null,
        onSent: () => setSmState({ lastSent: team?.id ?? null }),
      }));
  },
};
