// Any path the app does not know.
import { h, actionLink } from '../dom.js';

export default {
  name: 'not-found',
  title: 'Page not found',
  render(ctx) {
    return h('section', {}, h('h1', {}, 'Sorry — we can’t find that page'),
      h('p', {}, actionLink('Go to the demo home page', '/', 'Home link on Not found page', () => ctx.go('/'))));
  },
};
