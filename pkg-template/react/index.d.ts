// Types of va-rollout/react (React 17 and 18 are peers).
import type { ReactElement, ReactNode } from 'react';
import type { Rollout, SecureMessagingRouter, Track, VaosEndpoint, VaosOperation } from '../index.js';
import type { ToggleNames } from '../redux/index.js';

export interface RolloutProviderProps {
  rollout: Rollout;
  /** TOGGLE_NAMES: when given, an unknown name passed to useToggleValue throws (as vets-website's does). */
  toggleNames?: ToggleNames;
  children?: ReactNode;
}

export declare function RolloutProvider(props: RolloutProviderProps): ReactElement;
export declare function useRollout(): Rollout;
export declare function useToggleValue(toggleName: string): boolean;
export declare function useToggleLoadingValue(): boolean;
export declare function useFeatureToggle(): {
  TOGGLE_NAMES: ToggleNames;
  useToggleValue: typeof useToggleValue;
  useToggleLoadingValue: typeof useToggleLoadingValue;
};
export declare function useSecureMessaging(opts?: { basePath?: string }): SecureMessagingRouter;
export declare function useVaosEndpoint(operation: VaosOperation, params?: Record<string, unknown>): VaosEndpoint | null;
export declare function useTrack(): Track;

export interface TogglerProps {
  toggleName: string;
  children?: ReactNode;
}

export declare const Toggler: ((props: TogglerProps) => ReactElement) & {
  Enabled: (props: { children?: ReactNode }) => ReactElement | null;
  Disabled: (props: { children?: ReactNode }) => ReactElement | null;
  Hoc: (props: { toggleName?: string; children: (value: boolean) => ReactNode }) => ReactNode;
};
