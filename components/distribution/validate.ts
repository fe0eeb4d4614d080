/**
 * Validation: AWS's model constraints and the service's rules, over plain views of the arguments. The
 * rules live in `rules/` (one file per area, one entry per rule, each with its code); `engine.ts` runs
 * them. This module is the one the rest of the library imports.
 */
export {
    ARG_NAMES,
    ConfigView,
    EntryView,
    Problem,
    ValidationResult,
    Warning,
    describeValue,
    formatProblem,
    normalizeView,
    validateConfig,
} from "./engine";
export { CheckOptions, checkShape, javaPatternSource } from "./rules/model";
export { MIN_PARALLEL_LAUNCHES } from "./rules/fastLaunch";
export { RULES } from "./rules";
export { RuleInfo, RuleSeverity, RuleSource } from "./rules/types";
