export { DEFAULT_POLICY, resolvePolicy, days, toDays, PolicyEnv, policyFromEnv, type PolicySettings } from './settings';
export {
  VIOLATION_RULES,
  evaluateTokenPolicy,
  activeAt,
  bornAt,
  type ViolationRule,
  type PolicyViolation,
} from './rules';
