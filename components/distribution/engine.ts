/**
 * The rule engine: runs the registry (`rules/`) over a plain view of the arguments. Pure: no Pulumi, no
 * I/O. Values that are not known yet are {@link UNKNOWN} and every rule skips them.
 *
 * Rules say what they check; the engine knows where: the model's constraints on every value as the user
 * wrote it, the rules of the whole configuration once, and the rules of each distribution on its merged
 * settings. Regions without an override take `defaults` whole: the rules that do not read the region run
 * once for all of them and what they find is reported once, naming every region; the rules that read the
 * region run for every region.
 */
import { FannedEntry, userPath } from "./fanout";
import { CONFIG_RULES, ENTRY_RULES } from "./rules";
import { ARG_NAMES } from "./rules/arguments";
import { checkMerged, checkShape, withModelCache } from "./rules/model";
import { ConfigEntry, Finding, RegionalContext, RegionalRule, Report, SettingsRule } from "./rules/types";
import { isPlainRegionCode, regionIn } from "./rules/util";
import { UNKNOWN, Unknown, isPlainObject, isUnder, joinKey, setOwn } from "./values";

/** The rules of one distribution that read its region: run for every region, shared settings or not. */
const REGIONAL_RULES: readonly RegionalRule[] = ENTRY_RULES.filter((r): r is RegionalRule => r.regional);

/** One thing wrong with the configuration. */
export interface Problem {
    /** The code of the rule broken (`kms-key-region`): stable, listed in {@link RULES}. */
    code: string;
    /** The path as the user wrote it: `overrides["eu-west-1"].amiDistributionConfiguration.kmsKeyId`. */
    path: string;
    /** The value received (absent for a missing value, and for a secret one: see `secret`). */
    value?: unknown;
    /** Whether a value was received at all. */
    hasValue: boolean;
    /** Whether the value is secret: messages then show `[secret]`. */
    secret: boolean;
    /** The rule broken, in words. */
    rule: string;
    /** What to do. */
    fix: string;
}

/** A valid but risky setting, logged as a warning. */
export interface Warning {
    /** The code of the rule that warns: stable, listed in {@link RULES}. */
    code: string;
    /** The path as the user wrote it. */
    path: string;
    /** What is risky and what to do. */
    message: string;
}

/** One entry as validation sees it. */
export interface EntryView {
    /** The fan-out record: kind, index, origins. */
    entry: Pick<FannedEntry, "kind" | "index" | "regionPath" | "origins">;
    /** The entry's value (with `region`), plain data with {@link UNKNOWN} where unknown. */
    value: unknown;
    /** Paths inside the entry whose values are secret. */
    secrets: readonly string[];
}

/** The whole configuration as validation sees it. */
export interface ConfigView {
    /** The component's arguments with the entries taken out; values may be {@link UNKNOWN}. */
    args: Readonly<Record<string, unknown>>;
    /** The fanned-out and explicit entries. */
    entries: readonly EntryView[];
    /** Top-level paths (`name`, `tags["k"]`) whose values are secret. */
    secrets?: readonly string[];
    /**
     * The id of the account that deploys the configuration (and builds its images): {@link UNKNOWN}
     * when it cannot be known (an offline plan), absent when it has not been looked up.
     */
    deployingAccount?: string | Unknown;
    /**
     * The region the configuration is created in, when it is known other than by `homeRegion` (the
     * explicit provider's region, the stack's `aws:region`); absent when it is not known.
     */
    providerRegion?: string;
    /**
     * True when `homeRegion` may not be where the configuration is created (on aws-native, a provider
     * that reaches the component wins over it): the home region is then `providerRegion` alone.
     */
    homeRegionIgnored?: boolean;
}

/** Problems and warnings of a configuration. */
export interface ValidationResult {
    /** What AWS would reject; empty when the configuration is valid. */
    problems: Problem[];
    /** Valid but risky settings (fast launch on an AMI copied to other accounts); logged, never fatal. */
    warnings: Warning[];
    /**
     * True when a rule could not decide without the deploying account's id (an SSM parameter's
     * `amiAccountId` that is not among the target accounts may be the account that builds the image;
     * `aws/ebs` or an enabled fast launch is fine with `targetAccountIds` of that account only).
     * The component then looks the account up and validates again; nothing is registered before.
     */
    needsDeployingAccount?: boolean;
}

export { ARG_NAMES };

/**
 * Normalized objects of the validation under way: every region without an override shares the objects
 * of `defaults`, so each is normalized once per validation. Set only while {@link validateConfig} runs,
 * so that a caller mutating its objects between two validations never sees a stale result.
 */
let normalizedCache: Map<object, unknown> | undefined;

/**
 * Drops what is sent as nothing: `undefined` members, empty lists and empty maps. Keeps unknowns. An
 * object or list with nothing to drop, at any depth, is returned as it is; the others are copies.
 */
export function normalizeView(v: unknown): unknown {
    if (typeof v !== "object" || v === null) {
        return v;
    }
    const cached = normalizedCache?.get(v);
    if (cached !== undefined) {
        return cached;
    }
    let out: unknown = v;
    if (Array.isArray(v)) {
        out = v.length === 0 ? undefined : v.some((x) => !Object.is(normalizeView(x), x)) ? v.map(normalizeView) : v;
    } else if (isPlainObject(v)) {
        const keys = Object.keys(v);
        let o: Record<string, unknown> | undefined;
        for (let i = 0; i < keys.length; i++) {
            const k = keys[i];
            const x = v[k];
            const n = normalizeView(x);
            const keep = n !== undefined && !(isPlainObject(n) && isMapField(k) && Object.keys(n).length === 0);
            if (o === undefined) {
                if (keep && Object.is(n, x)) {
                    continue;
                }
                // The first member that changes: a copy, of the members so far as they are.
                o = {};
                for (let j = 0; j < i; j++) {
                    setOwn(o, keys[j], v[keys[j]]);
                }
            }
            if (keep) {
                setOwn(o, k, n);
            }
        }
        out = o ?? v;
    }
    if (out !== undefined) {
        normalizedCache?.set(v, out);
    }
    return out;
}

/** Maps whose emptiness means "none" (structures stay, even empty). */
function isMapField(key: string): boolean {
    return key === "amiTags" || key === "tags";
}

// ---- secrets ----------------------------------------------------------------------------------------

/**
 * The segments of a path (`a.b[0]["k"]` is `a`, `b`, `#0`, `k`), so that `tags.team` and
 * `tags["team"]` compare equal. Undefined when the path is not in that form.
 */
function segmentsOf(path: string): string[] | undefined {
    const out: string[] = [];
    const re = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
    let at = 0;
    while (at < path.length) {
        re.lastIndex = at;
        const m = re.exec(path);
        if (!m || (m[0].startsWith(".") && at === 0)) {
            return undefined;
        }
        out.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? `#${m[2]}` : (JSON.parse(m[3]) as string));
        at = re.lastIndex;
    }
    return out;
}

/** True when `path` is `prefix` or lies below it, whichever way each wrote a map key. */
function pathUnder(path: string, prefix: string): boolean {
    if (isUnder(path, prefix)) {
        return true;
    }
    const p = segmentsOf(path);
    const q = segmentsOf(prefix);
    return p !== undefined && q !== undefined && q.length <= p.length && q.every((s, i) => s === p[i]);
}

/** True when the value at `path` is secret, or holds a secret: a message must not show it. */
function holdsSecret(secrets: readonly string[], path: string): boolean {
    return secrets.some((s) => pathUnder(path, s) || pathUnder(s, path));
}

/** Tells that nothing is secret: the answer of every entry when no value is secret. */
const NOTHING_SECRET = (): boolean => false;

/** Whether the value at a path inside entry `e` is secret (in the entry, or at the top level). */
function secretIn(e: EntryView, topSecrets: readonly string[]): (inner: string) => boolean {
    return e.secrets.length === 0 && topSecrets.length === 0
        ? NOTHING_SECRET
        : (inner) => holdsSecret(e.secrets, inner) || holdsSecret(topSecrets, userPath(e.entry, inner));
}

// ---- regions named in findings ------------------------------------------------------------------------

/**
 * Stands in a rule, a fix or a warning for the region(s) a problem applies to. A value of `defaults`
 * is checked once per region; its problems are merged into one that lists the regions.
 */
const WHERE = "\u0000where\u0000";

/** A problem before problems of the same value are merged: the region it was found for. */
interface PendingProblem extends Problem {
    region?: string;
}

/** A warning before merging. */
interface PendingWarning extends Warning {
    region?: string;
}

/** ` (region a)` or ` (regions a, b)`. */
function whereText(regions: readonly string[]): string {
    if (regions.length === 0) {
        return "";
    }
    return regions.length === 1 ? ` (region ${regions[0]})` : ` (regions ${regions.join(", ")})`;
}

/** Merges items with the same key, collecting their regions, and fills the region text in. */
function mergeByRegion<T extends { region?: string }>(
    items: readonly T[],
    key: (t: T) => string,
    fill: (t: T, where: string) => T,
): T[] {
    const groups = new Map<string, { item: T; regions: string[] }>();
    for (const t of items) {
        // A region that cannot be named (unknown or secret) says the same without its name: one finding.
        const k = key(t).split(WHERE).join("");
        let g = groups.get(k);
        if (!g) {
            g = { item: t, regions: [] };
            groups.set(k, g);
        } else if (t.region !== undefined && g.item.region === undefined) {
            // The text that can name regions is the one shown.
            g.item = t;
        }
        if (t.region !== undefined && !g.regions.includes(t.region)) {
            g.regions.push(t.region);
        }
    }
    return [...groups.values()].map(({ item, regions }) => {
        const { region: _region, ...rest } = item;
        void _region;
        return fill(rest as T, whereText(regions));
    });
}

// ---- the engine ---------------------------------------------------------------------------------------

/** A finding as a problem: the code of the rule that reports it unless the finding names its own. */
function toProblem(
    f: Finding,
    code: string,
    path: string,
    secret: boolean,
    region: string | undefined,
): PendingProblem {
    const p: PendingProblem = {
        code: f.code ?? code,
        path,
        value: f.value,
        hasValue: f.hasValue ?? "value" in f,
        secret,
        rule: secret && f.secretRule !== undefined ? f.secretRule : f.rule,
        fix: secret && f.secretFix !== undefined ? f.secretFix : f.fix,
    };
    if (region !== undefined) {
        p.region = region;
    }
    return p;
}

/** Validates a whole configuration. Returns every problem, in the order of the arguments. */
export function validateConfig(view: ConfigView): ValidationResult {
    const outer = normalizedCache;
    normalizedCache = new Map();
    try {
        return withModelCache(() => validateConfigNow(view));
    } finally {
        normalizedCache = outer;
    }
}

function validateConfigNow(view: ConfigView): ValidationResult {
    const problems: PendingProblem[] = [];
    const warnings: PendingWarning[] = [];
    const topSecrets = view.secrets ?? [];
    const topSecretAt = (path: string): boolean => holdsSecret(topSecrets, path);
    const topReport =
        (code: string): Report =>
        (f) => {
            problems.push(toProblem(f, code, f.path, f.secret === true || topSecretAt(f.path), undefined));
        };
    const args = view.args;
    const modelReport = topReport("model");

    // The model's constraints on the values as written: the configuration's name, description and tags
    // (an empty map is sent as no tags), then defaults and overrides on their own, so that a value is
    // checked even where no region uses it (a default that every region overrides, an override of a region
    // not known yet in preview). Required members are checked on the merged entries.
    checkShape(args.name, "ResourceName", "name", modelReport);
    checkShape(args.description, "NonEmptyString", "description", modelReport);
    const tags = normalizeView(args.tags);
    checkShape(isPlainObject(tags) && Object.keys(tags).length === 0 ? undefined : tags, "TagMap", "tags", modelReport);
    const settingsOnly = (v: Record<string, unknown>) => normalizeView({ ...v, region: undefined });
    if (isPlainObject(args.defaults)) {
        checkShape(settingsOnly(args.defaults), "Distribution", "defaults", modelReport, { required: false });
    }
    if (isPlainObject(args.overrides)) {
        for (const [key, over] of Object.entries(args.overrides)) {
            if (isPlainObject(over)) {
                checkShape(settingsOnly(over), "Distribution", joinKey("overrides", key), modelReport, {
                    required: false,
                });
            }
        }
    }

    // The rules of the whole configuration.
    const configEntries: ConfigEntry[] = view.entries.map((e) => ({
        entry: e.entry,
        value: e.value,
        secretAt: secretIn(e, topSecrets),
    }));
    for (const rule of CONFIG_RULES) {
        rule.check(
            {
                args,
                entries: configEntries,
                secretAt: topSecretAt,
                providerRegion: view.providerRegion,
                homeRegionIgnored: view.homeRegionIgnored === true,
            },
            topReport(rule.code),
        );
    }

    // The rules of each distribution.
    const caller: CallerAccount = { account: view.deployingAccount, needed: false };
    checkEntries(view.entries, args, topSecrets, problems, warnings, caller);
    const result: ValidationResult = {
        problems: finish(problems, topSecrets),
        warnings: finishWarnings(warnings, topSecrets),
    };
    if (caller.needed) {
        result.needsDeployingAccount = true;
    }
    return result;
}

/** The deploying account as the rules see it, and whether one of them needed it and did not have it. */
interface CallerAccount {
    account: string | Unknown | undefined;
    needed: boolean;
}

/** True when the defaults and the override that a fanned-out region merges are plain objects (or absent). */
function settingsArePlain(args: Readonly<Record<string, unknown>>, region: unknown): boolean {
    if (!plainOrAbsent(args.defaults) || !plainOrAbsent(args.overrides)) {
        return false;
    }
    const overrides = args.overrides as Record<string, unknown> | undefined;
    return (
        typeof region !== "string" ||
        overrides === undefined ||
        !Object.prototype.hasOwnProperty.call(overrides, region) ||
        plainOrAbsent(overrides[region])
    );
}

/** True for a plain object or nothing. */
function plainOrAbsent(v: unknown): boolean {
    return v === undefined || isPlainObject(v);
}

/**
 * What the model and the rules that do not read the region found in one entry's settings. Regions that
 * take `defaults` whole share one settings object: the rules run for the first of them, and what they
 * found is repeated, with its own region, for each of the others.
 */
interface SettingsFindings {
    /** The settings as sent. */
    settings: Record<string, unknown>;
    /** What the model's constraints found (for a fanned-out entry: what the merge left incomplete). */
    model: PendingProblem[];
    /** What each rule found, by rule. */
    byRule: Map<SettingsRule, (PendingProblem | PendingWarning)[]>;
}

/** The rules of every entry, with what regions that take defaults whole found shared. */
function checkEntries(
    entries: readonly EntryView[],
    args: Readonly<Record<string, unknown>>,
    topSecrets: readonly string[],
    problems: PendingProblem[],
    warnings: PendingWarning[],
    caller: CallerAccount,
): void {
    const hasOverrides = isPlainObject(args.overrides) && Object.keys(args.overrides).length > 0;
    // What the rules found in the settings that regions without an override take whole from defaults.
    const fromDefaults = new Map<string, SettingsFindings>();
    for (const e of entries) {
        const fanned = e.entry.kind === "fanout";
        const region = fanned ? regionIn(e.value) : undefined;
        if (fanned && region === UNKNOWN && hasOverrides) {
            // A region not known yet (an Output) may have an override: its merged settings are unknown
            // until it resolves. Defaults and overrides were checked on their own; the entry's rules run
            // when the region resolves.
            continue;
        }
        if (fanned && !settingsArePlain(args, region)) {
            // Defaults or the region's override are not an object (reported already): the merged entry
            // would only repeat that problem in other words.
            continue;
        }
        const takesDefaults =
            fanned &&
            typeof region === "string" &&
            (!hasOverrides || (args.overrides as Record<string, unknown>)[region] === undefined);
        checkEntry(
            e,
            args,
            secretIn(e, topSecrets),
            problems,
            warnings,
            caller,
            takesDefaults ? fromDefaults : undefined,
        );
    }
}

/**
 * One entry as its findings are reported: at the user's paths, with its secrets, naming its region
 * (when it is known and not secret) where a rule's text asks for it.
 */
interface EntryScope {
    readonly e: EntryView;
    readonly args: Readonly<Record<string, unknown>>;
    readonly caller: CallerAccount;
    secretAt(inner: string): boolean;
    /** The region named in findings; undefined when it is not known, or secret. */
    readonly regionOf: string | undefined;
}

/** Reports the findings of a rule about an entry into `into`, at the user's path, naming the region where the text does. */
function reportTo(scope: EntryScope, code: string, into: PendingProblem[]): Report {
    return (f) => {
        const named = f.rule.includes(WHERE) || f.fix.includes(WHERE);
        const secret = f.secret === true || scope.secretAt(f.path);
        into.push(toProblem(f, code, userPath(scope.e.entry, f.path), secret, named ? scope.regionOf : undefined));
    };
}

/** Reports the findings of a warning rule about an entry as warnings: the rule's text is the message. */
function warnTo(scope: EntryScope, code: string, into: PendingWarning[]): Report {
    return (f) => {
        const message = f.fix ? `${f.rule}; ${f.fix}` : f.rule;
        const w: PendingWarning = { code: f.code ?? code, path: userPath(scope.e.entry, f.path), message };
        if (message.includes(WHERE)) {
            w.region = scope.regionOf;
        }
        into.push(w);
    };
}

/**
 * What a rule of the entry sees, with `settings`, and `region` for the regional rules (the other rules'
 * type does not show it). One literal: a copy with the region added (`{ ...ctx, region }`) was the
 * costliest line of the per-region path until V8 optimizes it.
 */
function contextOf(scope: EntryScope, settings: Record<string, unknown>, region?: unknown): RegionalContext {
    const { e, args, caller, secretAt, regionOf } = scope;
    return {
        settings,
        region,
        args,
        kind: e.entry.kind,
        where: regionOf !== undefined ? WHERE : "",
        secretAt,
        deployingAccount: caller.account,
        needsDeployingAccount: () => {
            caller.needed = true;
        },
    };
}

/**
 * The rules of one entry; `secretAt` tells whether the value at a path inside the entry is secret.
 * `shared`, given for a fanned-out region that takes defaults whole, holds what earlier such regions'
 * settings gave.
 */
function checkEntry(
    e: EntryView,
    args: Readonly<Record<string, unknown>>,
    secretAt: (inner: string) => boolean,
    problems: PendingProblem[],
    warnings: PendingWarning[],
    caller: CallerAccount,
    shared?: Map<string, SettingsFindings>,
): void {
    if (e.value === UNKNOWN) {
        return;
    }
    const rawRegion = isPlainObject(e.value) ? e.value.region : undefined;
    const regionOf = typeof rawRegion === "string" && !secretAt("region") ? rawRegion : undefined;
    const scope: EntryScope = { e, args, caller, secretAt, regionOf };
    if (e.value === undefined) {
        // A hole in `distributions` (`[undefined]`) would be sent as null.
        reportTo(
            scope,
            "model-null-item",
            problems,
        )({
            path: "",
            rule: "is missing: each item of distributions is a distribution with a region",
            fix: "give the distribution or remove the item",
        });
        return;
    }
    // Whether the region is named changes the messages: findings are shared among regions named alike.
    const sharedKey = regionOf !== undefined ? "named" : "unnamed";
    let found = shared?.get(sharedKey);
    if (found === undefined) {
        found = checkSettings(scope, problems);
        if (found === undefined) {
            return;
        }
        shared?.set(sharedKey, found);
    }
    checkRegion(scope, normalizeView(rawRegion), found, problems, warnings);
}

/**
 * The model and the rules that do not read the region, on an entry's settings; undefined (reported)
 * when the entry is not an object.
 */
function checkSettings(scope: EntryScope, problems: PendingProblem[]): SettingsFindings | undefined {
    const v = normalizeView(scope.e.value);
    if (!isPlainObject(v)) {
        reportTo(
            scope,
            "model-type",
            problems,
        )({
            path: "",
            value: v,
            rule: "must be an object with region and distribution settings",
            fix: "give an object in the API's shape",
        });
        return undefined;
    }
    const found: SettingsFindings = { settings: v, model: [], byRule: new Map() };
    // Every value of a fanned-out entry comes from defaults or the region's override, both checked on
    // their own already: only what the merge itself can break is left.
    const check = scope.e.entry.kind === "fanout" ? checkMerged : checkShape;
    check(v, "Distribution", "", reportTo(scope, "model", found.model));
    const ctx = contextOf(scope, v);
    for (const rule of ENTRY_RULES) {
        if (!rule.regional) {
            const into: (PendingProblem | PendingWarning)[] = [];
            rule.check(
                ctx,
                rule.severity === "warning"
                    ? warnTo(scope, rule.code, into as PendingWarning[])
                    : reportTo(scope, rule.code, into as PendingProblem[]),
            );
            if (into.length > 0) {
                found.byRule.set(rule, into);
            }
        }
    }
    return found;
}

/**
 * The region's part of an entry: what its settings gave (naming this region), the region's own form,
 * and the rules that read the region, in the order of the registry.
 */
function checkRegion(
    scope: EntryScope,
    region: unknown,
    found: SettingsFindings,
    problems: PendingProblem[],
    warnings: PendingWarning[],
): void {
    ownFindings(found.model, scope.regionOf, problems);
    if (scope.e.entry.kind === "fanout" && !(typeof region === "string" && isPlainRegionCode(region))) {
        // A region code (the usual case) is a valid NonEmptyString.
        checkShape(region, "NonEmptyString", "region", reportTo(scope, "model", problems));
    }
    const regional = contextOf(scope, found.settings, region);
    // What the other rules found in the settings is usually nothing: then only the regional rules run.
    const rules = found.byRule.size === 0 ? REGIONAL_RULES : ENTRY_RULES;
    for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (rule.regional) {
            rule.check(regional, reportTo(scope, rule.code, problems));
        } else {
            const list = found.byRule.get(rule);
            if (list !== undefined) {
                if (rule.severity === "warning") {
                    ownFindings(list as PendingWarning[], scope.regionOf, warnings);
                } else {
                    ownFindings(list as PendingProblem[], scope.regionOf, problems);
                }
            }
        }
    }
}

/** Findings of shared settings, naming the region they are reported for. */
function ownFindings<T extends { region?: string }>(list: readonly T[], region: string | undefined, into: T[]): void {
    for (const f of list) {
        into.push(f.region === undefined || f.region === region ? f : { ...f, region });
    }
}

/**
 * Merges repeats (a value of `defaults` is checked once per region, and reported once, naming the
 * regions) and marks the problems whose value is, or holds, a secret.
 */
function finish(problems: PendingProblem[], secrets: readonly string[]): Problem[] {
    if (problems.length === 0) {
        return [];
    }
    return byArgument(
        mergeByRegion(
            problems,
            (p) => `${p.code}\u0000${p.path}\u0000${p.rule}\u0000${p.fix}`,
            (p, where) => ({ ...p, rule: p.rule.split(WHERE).join(where), fix: p.fix.split(WHERE).join(where) }),
        ).map((p) => (p.secret || holdsSecret(secrets, p.path) ? hideSecret(p, secrets) : p)),
    );
}

/**
 * A problem with a secret value, as it may be shown and kept: without its value, and with its path cut
 * at the secret that holds it when the path goes on through a map key (a key of a secret map is as
 * secret as its values).
 */
function hideSecret(p: Problem, secrets: readonly string[]): Problem {
    const { value: _secret, ...rest } = p;
    return { ...rest, secret: true, path: secretHolder(p.path, secrets) ?? p.path };
}

/** The secret that holds `path` when the path goes on from it through a map key (as secret as its values). */
function secretHolder(path: string, secrets: readonly string[]): string | undefined {
    return secrets.find((s) => s !== path && isUnder(path, s) && path.slice(s.length).includes('["'));
}

/** The position of a problem's argument (the first name of its path); unknown names go last. */
function argumentRank(path: string): number {
    const rank = (ARG_NAMES as readonly string[]).indexOf(/^[A-Za-z]*/.exec(path)![0]);
    return rank < 0 ? ARG_NAMES.length : rank;
}

/**
 * Problems in the order of the arguments they are in. The checks run in phases (each value, then the
 * rules of each merged region), so a region's own problems would otherwise follow every value's; within
 * one argument the phases' order stays.
 */
function byArgument(problems: Problem[]): Problem[] {
    return problems
        .map((p, i) => ({ p, i, rank: argumentRank(p.path) }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i)
        .map((x) => x.p);
}

/** Warnings merged by region, each path cut at the secret that holds it through a map key (see {@link hideSecret}). */
function finishWarnings(warnings: PendingWarning[], secrets: readonly string[]): Warning[] {
    if (warnings.length === 0) {
        return [];
    }
    return mergeByRegion(
        warnings.map((w) => {
            const holder = secretHolder(w.path, secrets);
            return holder === undefined ? w : { ...w, path: holder };
        }),
        (w) => `${w.code}\u0000${w.path}\u0000${w.message}`,
        (w, where) => ({ ...w, message: w.message.split(WHERE).join(where) }),
    );
}

// ---- messages -----------------------------------------------------------------------------------------

const MAX_VALUE_TEXT = 120;

/** Values that JSON shows as something else (NaN as null, 10n not at all, a Map as {}), in words. */
function describeSpecial(v: unknown): string | undefined {
    if (typeof v === "number" && !Number.isFinite(v)) {
        return String(v);
    }
    if (typeof v === "bigint") {
        return `${v}n (a BigInt)`;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v) || isPlainObject(v)) {
        return undefined;
    }
    if (v instanceof Map || v instanceof Set) {
        return `a ${v instanceof Map ? "Map" : "Set"} of ${v.size} ${v.size === 1 ? "entry" : "entries"}`;
    }
    if (v instanceof Date) {
        return `a Date (${Number.isNaN(v.getTime()) ? "invalid" : v.toISOString()})`;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    const ctor = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof ctor === "string" && ctor !== "" && ctor !== "Object" ? `a ${ctor}` : undefined;
}

/** How a value is shown in a message: JSON, shortened, secrets redacted. */
export function describeValue(p: Problem): string {
    if (!p.hasValue) {
        return "nothing";
    }
    if (p.secret) {
        return "[secret]";
    }
    const v = p.value;
    const special = describeSpecial(v);
    if (special !== undefined) {
        return special;
    }
    if (Array.isArray(v) && v.length > 5) {
        return `a list of ${v.length} items`;
    }
    if (isPlainObject(v) && Object.keys(v).length > 5) {
        return `a map of ${Object.keys(v).length} entries`;
    }
    let text: string;
    try {
        text = JSON.stringify(v, (_k, x) => (x === UNKNOWN ? "<unknown>" : x)) ?? String(v);
    } catch {
        text = String(v);
    }
    if (text.length <= MAX_VALUE_TEXT) {
        return text;
    }
    // Cut at a code point, never inside a surrogate pair.
    const points = Array.from(text);
    return points.length > MAX_VALUE_TEXT ? `${points.slice(0, MAX_VALUE_TEXT - 3).join("")}...` : text;
}

/** One line of the error message for a problem: path, value, rule with its code, fix. */
export function formatProblem(p: Problem): string {
    const fix = /[.?!]$/.test(p.fix) ? p.fix : `${p.fix}.`;
    const code = p.code ? ` [${p.code}]` : "";
    return `${p.path}: got ${describeValue(p)}; ${p.rule}${code}. Fix: ${fix}`;
}
