// va-rollout/react with React 18 (useSyncExternalStore), react-dom 18 and Testing Library 16,
// under mocha + jsdom as vets-website's unit tests run; plus server rendering.
import assert from 'node:assert/strict';
import React from 'react';
import { renderToString } from 'react-dom/server';
import { render, screen, act, cleanup } from '@testing-library/react';
import * as bindings from 'va-rollout/react';
import { createTestRollout } from 'va-rollout/testing';
import { hookScenarios } from './hooks.mjs';

describe('va-rollout/react with React 18', () => {
  it('uses useSyncExternalStore', () => {
    assert.equal(typeof React.useSyncExternalStore, 'function');
    assert.match(React.version, /^18\./);
  });

  hookScenarios({ React, render, screen, act, cleanup, bindings, createTestRollout });

  it('renders on the server (renderToString) with the bootstrapped values', () => {
    const rollout = createTestRollout({ flags: { mhv_secure_messaging_curated_list_flow: true } });
    const h = React.createElement;
    const html = renderToString(h(bindings.RolloutProvider, { rollout },
      h(bindings.Toggler, { toggleName: 'mhv_secure_messaging_curated_list_flow' },
        h(bindings.Toggler.Enabled, null, h('b', null, 'curated')),
        h(bindings.Toggler.Disabled, null, h('i', null, 'legacy')))));
    assert.equal(html, '<b>curated</b>');
  });

  it('a hook outside <RolloutProvider> says so', () => {
    function Lost() {
      return String(bindings.useToggleValue('x'));
    }
    assert.throws(() => renderToString(React.createElement(Lost)), /no <RolloutProvider/);
  });
});
