// `/new-message/recent/`: RecentCareTeams — the teams messaged in the last 6 months, plus
// "A different care team" (value `other`).
import { h, radioTiles, fieldError } from '../dom.js';
import { recentTeams, systemById } from '../personas.js';
import { smState, setSmState } from '../state.js';

export default {
  name: 'recent',
  title: 'Care teams you recently sent messages to - Messages',
  render(ctx) {
    const teams = recentTeams(ctx.persona);
    ctx.rollout.track.action('Recent Care Teams loaded', { recentCareTeamsCount: teams.length });
    const state = smState();
    let choice = state.recentChoice ?? null;
    const error = fieldError('recent-error');
    const options = [
      ...teams.map((t) => ({ value: t.id, label: t.name, description: systemById(ctx.persona, t.systemId)?.name, action: 'Recent Care Teams radio option' })),
      { value: 'other', label: 'A different care team', action: 'A different care team radio option' },
    ];
    const tiles = radioTiles('recent-care-team', 'Select a team you want to message',
      'This list only includes teams that you’ve sent messages to in the last 6 months. If you want to contact another team, select “A different care team.”',
      options, choice, (v) => {
        choice = v;
        error.show('');
      });
    const next = () => {
      if (!choice) {
        error.show('Select a care team');
        return;
      }
      setSmState({ recentChoice: choice });
      if (choice === 'other') {
        ctx.follow(ctx.sm.next(ctx.path, 'different_team', ctx.smContext()));
        return;
      }
      setSmState({ selectedTeam: choice });
      ctx.follow(ctx.sm.next(ctx.path, 'select_team', ctx.smContext({ selectedTeam: choice })));
    };
    return h('section', {},
      h('h1', {}, 'Care teams you recently sent messages to'),
      h('form', { novalidate: true, onSubmit: (e) => { e.preventDefault(); next(); } },
        tiles, error.el,
        h('button', { type: 'submit', class: 'button-primary', dataset: { ddActionName: 'Continue button on Recent care teams page' } }, 'Continue')));
  },
};
