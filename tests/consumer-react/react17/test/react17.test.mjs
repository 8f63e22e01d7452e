// va-rollout/react with React 17 (no useSyncExternalStore: the subscription fallback),
// react-dom 17 and Testing Library 12: the same scenarios as the React 18 suite.
import assert from 'node:assert/strict';
import React from 'react';
import { render, screen, act, cleanup } from '@testing-library/react';
import * as bindings from 'va-rollout/react';
import { createTestRollout } from 'va-rollout/testing';
import { hookScenarios } from '../../test/hooks.mjs';

describe('va-rollout/react with React 17', () => {
  it('has no useSyncExternalStore (the fallback path runs)', () => {
    assert.equal(React.useSyncExternalStore, undefined);
    assert.match(React.version, /^17\./);
  });

  hookScenarios({ React, render, screen, act, cleanup, bindings, createTestRollout });
});
