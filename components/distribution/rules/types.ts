/**
 * The rule registry's types: what a rule is (its code, what it rejects, where the rule comes from, whether
 * it depends on the region) and what it sees. Rules are pure functions over plain data; the engine
 * (`../engine.ts`) runs them.
 */
import type { FannedEntry } from "../fanout";
import type { Unknown } from "../values";

/** Where a rule comes from. */
export const RuleSource = {
    /** AWS's service model (a length, pattern, enum, list bound or required member). */
    Model: "model",
    /** AWS's documentation (the API reference, a user guide) states it. */
    AwsDocs: "aws-docs",
    /** The model and the documentation say nothing, but the service rejects it: a reported failure. */
    ReportedFailure: "reported-failure",
    /** The component's own contract (its arguments, what Pulumi can send). */
    Component: "component",
} as const;
/** Where a rule comes from: `model`, `aws-docs`, `reported-failure` or `component`. */
export type RuleSource = (typeof RuleSource)[keyof typeof RuleSource];

/** What a finding of a rule does. */
export const RuleSeverity = {
    /** The configuration is rejected: nothing is created. */
    Error: "error",
    /** The configuration is valid but risky: logged, never fatal. */
    Warning: "warning",
} as const;
/** What a finding of a rule does: `error` (rejected) or `warning` (logged). */
export type RuleSeverity = (typeof RuleSeverity)[keyof typeof RuleSeverity];

/** What the public registry ({@link RULES}) says of each rule. */
export interface RuleInfo {
    /** The stable kebab-case code, such as `kms-key-region`: in every problem and warning it finds. */
    readonly code: string;
    /** What the rule rejects, in one line. */
    readonly description: string;
    /** Where the rule comes from. */
    readonly source: RuleSource;
    /** The page that states the rule or reports the failure, when there is one. */
    readonly url?: string;
    /** True when the rule reads the region of a distribution (it runs for every region). */
    readonly regional: boolean;
    /** Whether a finding rejects the configuration or is only logged. */
    readonly severity: RuleSeverity;
    /**
     * True for a rule that compares configurations with each other (`name-collision`: two names that
     * normalize alike), which no single configuration breaks: the component checks it across the
     * components of one program, the policy pack across a stack. False for a rule of one configuration,
     * which the component checks before anything is sent and the policy pack checks on each resource.
     */
    readonly acrossConfigurations: boolean;
}

/** What each rule of the registry declares: its {@link RuleInfo} but `acrossConfigurations`, which its kind (`scope`) tells. */
export type RuleFacts = Omit<RuleInfo, "acrossConfigurations">;

/** One finding, as a rule reports it. Paths are relative to what the rule was given (an entry, or the arguments). */
export interface Finding {
    /** The code of the rule; defaults to the code of the rule that reports. */
    code?: string;
    /** The path of the value, inside the entry (`amiDistributionConfiguration.kmsKeyId`) or the arguments. */
    path: string;
    /** The value received; leave it out for a missing value. */
    value?: unknown;
    /** Whether a value was received; defaults to whether `value` was given. */
    hasValue?: boolean;
    /** What is wrong (prose), e.g. `must be at least 6`. */
    rule: string;
    /** What to do. */
    fix: string;
    /** True when the rule knows the value is secret besides its path (the engine also checks the path). */
    secret?: boolean;
    /** Replaces `fix` when the value is secret (a "did you mean" hint would repeat part of the secret). */
    secretFix?: string;
    /** Replaces `rule` when the value is secret (a rule that quotes part of the value, or its length). */
    secretRule?: string;
}

/** Receives the findings of a rule. */
export type Report = (finding: Finding) => void;

/** What a rule of the whole configuration sees. */
export interface ConfigContext {
    /** The component's arguments; values may be UNKNOWN. */
    readonly args: Readonly<Record<string, unknown>>;
    /** The fanned-out and explicit entries, with their values. */
    readonly entries: readonly ConfigEntry[];
    /** True when the value at a top-level path (`regions[0]`, `homeRegion`) is secret. */
    secretAt(path: string): boolean;
    /**
     * The region the configuration is created in when it is known besides `homeRegion` (the explicit
     * provider's region, the stack's `aws:region`); undefined when it is not.
     */
    readonly providerRegion?: string;
    /** True when `homeRegion` is not where the configuration is created: only `providerRegion` tells. */
    readonly homeRegionIgnored: boolean;
}

/** One distribution as a rule of the whole configuration sees it. */
export interface ConfigEntry {
    /** The fan-out record: kind, index, the user's path of its region. */
    readonly entry: Pick<FannedEntry, "kind" | "index" | "regionPath" | "origins">;
    /** The entry's value (with `region`); UNKNOWN where unknown. */
    readonly value: unknown;
    /** True when the value at a path inside the entry (`region`) is secret. */
    secretAt(path: string): boolean;
}

/** What a rule of one distribution sees. */
export interface EntryContext {
    /**
     * The distribution's settings as they are sent: `undefined` members, empty lists and empty maps
     * dropped; UNKNOWN where a value is not known yet. Holds `region`, but only a regional rule may read it.
     */
    readonly settings: Readonly<Record<string, unknown>>;
    /** The component's arguments (`allowPublicAmis`, `backend`). */
    readonly args: Readonly<Record<string, unknown>>;
    /** How the distribution was written. */
    readonly kind: "fanout" | "explicit";
    /**
     * To put in a rule or fix where the region belongs: the engine turns it into ` (region us-east-1)`, or
     * ` (regions a, b)` for a finding that several regions share; empty when no region can be named.
     */
    readonly where: string;
    /** True when the value at a path inside the distribution is secret. */
    secretAt(path: string): boolean;
    /**
     * The account that deploys the configuration: a string once known, UNKNOWN when it cannot be known
     * (an offline plan: a rule that needs it passes), undefined when it has not been looked up.
     */
    readonly deployingAccount: string | Unknown | undefined;
    /** Says that a rule could not decide without the deploying account: the component looks it up and validates again. */
    needsDeployingAccount(): void;
}

/** What a regional rule sees besides the settings. */
export interface RegionalContext extends EntryContext {
    /** The distribution's region as sent (may be UNKNOWN, or not a string). */
    readonly region: unknown;
}

/** A rule of the whole configuration (the arguments, or every region at once): runs once. */
export interface ConfigRule extends RuleFacts {
    readonly scope: "config";
    check(ctx: ConfigContext, report: Report): void;
}

/** A rule of one distribution that does not read its region: run once for every region that takes `defaults` whole. */
export interface SettingsRule extends RuleFacts {
    readonly scope: "entry";
    readonly regional: false;
    check(ctx: EntryContext, report: Report): void;
}

/** A rule of one distribution that reads its region: run for every region. */
export interface RegionalRule extends RuleFacts {
    readonly scope: "entry";
    readonly regional: true;
    check(ctx: RegionalContext, report: Report): void;
}

/**
 * A constraint of AWS's model: checked by the model walker (`model.ts`) on every value, against the
 * generated constraint table. Its entry names the code the walker reports.
 */
export interface ModelRule extends RuleFacts {
    readonly scope: "model";
}

/**
 * A rule that compares the configurations with each other (two names that normalize alike): no one
 * configuration breaks it, so the engine never runs it and it has no check function. The component checks
 * it across the components of one program (`../nameClaims.ts`), the policy pack across a stack.
 */
export interface ProgramRule extends RuleFacts {
    readonly scope: "program";
    readonly regional: false;
}

/** One entry of the registry. */
export type Rule = ConfigRule | SettingsRule | RegionalRule | ModelRule | ProgramRule;
