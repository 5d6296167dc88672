export { applyTriage, type TriageAction, type TriageOutcome } from './lifecycle';
export { suggestSuppressions, networkCidr, type SuggestedSuppression } from './suggestions';
