/**
 * Validation: AWS's model constraints (generated from the service model) and the service's rules that
 * the model does not state, over plain views of the arguments. Pure: no Pulumi, no I/O. Values that
 * are not known yet are {@link UNKNOWN} and every rule skips them.
 */
import { SHAPES } from "./constraints.generated";
import { FannedEntry, userPath } from "./fanout";
import { closest, isRegionCode, parseArn, partitionOf } from "./regions";
import { Backend } from "./types";
import { UNKNOWN, isPlainObject, isUnder, joinIndex, joinKey, joinMember } from "./values";

/** One thing wrong with the configuration. */
export interface Problem {
    /** The path as the user wrote it: `overrides["eu-west-1"].amiDistributionConfiguration.kmsKeyId`. */
    path: string;
    /** The value received (absent for a missing value). */
    value?: unknown;
    /** Whether a value was received at all. */
    hasValue: boolean;
    /** Whether the value is secret: messages then show `[secret]`. */
    secret: boolean;
    /** The rule broken. */
    rule: string;
    /** What to do. */
    fix: string;
}

/** A valid but risky setting, logged as a warning. */
export interface Warning {
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
}

/** Problems and warnings of a configuration. */
export interface ValidationResult {
    problems: Problem[];
    warnings: Warning[];
}

/** The arguments of the component, for the typo check. */
export const ARG_NAMES = [
    "name",
    "description",
    "tags",
    "regions",
    "defaults",
    "overrides",
    "distributions",
    "backend",
    "homeRegion",
    "allowPublicAmis",
] as const;

/** Human descriptions of the model's patterns, by shape. */
const SHAPE_RULES: Record<string, { rule: string; fix: string }> = {
    ResourceName: {
        rule: "a name of 3 to 128 letters, digits, '-', '_' and spaces, with no space at either end",
        fix: "replace other characters (such as '.', '/' or ':') with '-'",
    },
    AmiNameString: {
        rule: "an AMI name of 3 to 127 characters: letters, digits, spaces and - _ . : { }, starting with a letter, digit, '-', '_' or '{' and ending with a letter, digit, '-', '_' or '}'",
        fix: "remove other characters; use {{ imagebuilder:buildDate }} to make every build's name unique",
    },
    AccountId: {
        rule: "an AWS account id: exactly 12 digits",
        fix: "use the 12-digit account id as a string, with its leading zeros",
    },
    TagKey: {
        rule: "a tag key of 1 to 128 letters, digits, spaces and _ . : / = + - @, not starting with 'aws:'",
        fix: "rename the key ('aws:' is reserved for AWS)",
    },
    TagValue: { rule: "a tag value of at most 256 characters", fix: "shorten the value" },
    OrganizationArn: {
        rule: "an organization ARN: arn:<partition>:organizations::<12-digit account>:organization/o-<10 to 32 lowercase letters or digits>",
        fix: "copy the organization's ARN from AWS Organizations",
    },
    OrganizationalUnitArn: {
        rule: "an organizational unit ARN: arn:<partition>:organizations::<12-digit account>:ou/o-<id>/ou-<root>-<id>",
        fix: "copy the OU's ARN from AWS Organizations",
    },
    LicenseConfigurationArn: {
        rule: "a License Manager configuration ARN: arn:<partition>:license-manager:<region>:<12-digit account>:license-configuration:lic-<32 characters>",
        fix: "copy the license configuration's ARN from License Manager",
    },
    LaunchTemplateId: {
        rule: "a launch template id: 'lt-' followed by 17 lowercase letters, digits, '-' or '_'",
        fix: "use the launch template's id (lt-0123456789abcdef0), not its name",
    },
    SsmParameterName: {
        rule: "an SSM parameter name of 1 to 1011 letters, digits and _ . - /",
        fix: "remove other characters",
    },
    NonEmptyString: { rule: "a non-empty string of at most 1024 characters", fix: "give a value or leave the field out" },
    ClientToken: { rule: "1 to 64 characters", fix: "shorten the token" },
};

/** What each output field is, for the "no output" rule. */
const OUTPUT_FIELDS = [
    "amiDistributionConfiguration",
    "containerDistributionConfiguration",
    "s3ExportConfiguration",
    "fastLaunchConfigurations",
    "launchTemplateConfigurations",
    "ssmParameterConfigurations",
] as const;

/** EC2's minimum for fast launch's parallel launches. */
export const MIN_PARALLEL_LAUNCHES = 6;

/** The number of Unicode code points, as the model counts string length. */
function lengthOf(s: string): number {
    let n = 0;
    for (const _ of s) {
        n++;
    }
    return n;
}

const patternCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
    let r = patternCache.get(pattern);
    if (!r) {
        r = new RegExp(pattern);
        patternCache.set(pattern, r);
    }
    return r;
}

/** Drops what is sent as nothing: `undefined` members, empty lists and empty maps. Keeps unknowns. */
export function normalizeView(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.length === 0 ? undefined : v.map(normalizeView);
    }
    if (isPlainObject(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            const n = normalizeView(x);
            if (n !== undefined && !(isPlainObject(n) && Object.keys(n).length === 0 && isMapField(k))) {
                out[k] = n;
            }
        }
        return out;
    }
    return v;
}

/** Maps whose emptiness means "none" (structures stay, even empty). */
function isMapField(key: string): boolean {
    return key === "amiTags" || key === "tags";
}

type Reporter = (path: string, value: unknown, hasValue: boolean, rule: string, fix: string) => void;

/** Checks `value` against the model's shape `shapeName`, reporting at paths relative to the entry. */
export function checkShape(value: unknown, shapeName: string, path: string, report: Reporter): void {
    if (value === UNKNOWN || value === undefined || value === null) {
        return;
    }
    const shape = SHAPES[shapeName];
    if (!shape) {
        return;
    }
    const desc = SHAPE_RULES[shapeName];
    switch (shape.type) {
        case "structure": {
            if (!isPlainObject(value)) {
                report(path, value, true, `must be an object (${shapeName})`, "give an object with the API's field names");
                return;
            }
            const members = shape.members ?? {};
            for (const req of shape.required ?? []) {
                if (value[req] === undefined || value[req] === null) {
                    report(joinMember(path, req), undefined, false, `is required by ${shapeName}`, `give ${req}`);
                }
            }
            for (const [k, v] of Object.entries(value)) {
                const member = members[k];
                if (member === undefined) {
                    if (v === undefined) {
                        continue;
                    }
                    const hint = closest(k, Object.keys(members));
                    report(
                        joinMember(path, k),
                        v,
                        true,
                        `is not a field of ${shapeName} (fields: ${Object.keys(members).join(", ")})`,
                        hint ? `did you mean ${hint}?` : "remove it",
                    );
                    continue;
                }
                checkShape(v, member, joinMember(path, k), report);
            }
            return;
        }
        case "list": {
            if (!Array.isArray(value)) {
                report(path, value, true, "must be a list", "give an array");
                return;
            }
            sizeCheck(value.length, shape.min, shape.max, path, value, "items", report);
            value.forEach((e, i) => checkShape(e, shape.member!, joinIndex(path, i), report));
            return;
        }
        case "map": {
            if (!isPlainObject(value)) {
                report(path, value, true, "must be a map of strings", "give an object of string values");
                return;
            }
            const keys = Object.keys(value);
            sizeCheck(keys.length, shape.min, shape.max, path, value, "entries", report);
            for (const k of keys) {
                const p = joinKey(path, k);
                checkKey(k, shape.key!, p, report);
                checkShape(value[k], shape.value!, p, report);
            }
            return;
        }
        case "string": {
            if (typeof value !== "string") {
                report(path, value, true, "must be a string", "give a string");
                return;
            }
            if (shape.enum && !shape.enum.includes(value)) {
                const hint = closest(value, shape.enum);
                report(
                    path,
                    value,
                    true,
                    `must be one of ${shape.enum.map((e) => JSON.stringify(e)).join(", ")}`,
                    hint ? `did you mean ${JSON.stringify(hint)}?` : "use one of the listed values",
                );
                return;
            }
            const len = lengthOf(value);
            if ((shape.min !== undefined && len < shape.min) || (shape.max !== undefined && len > shape.max)) {
                report(
                    path,
                    value,
                    true,
                    `must be ${rangeText(shape.min, shape.max, "characters")} long (has ${len})${desc ? `: ${desc.rule}` : ""}`,
                    len === 0 ? "give a value or leave the field out" : desc?.fix ?? "shorten it",
                );
                return;
            }
            if (shape.pattern !== undefined && !regex(shape.pattern).test(value)) {
                report(
                    path,
                    value,
                    true,
                    `must be ${desc ? desc.rule : "a string"} (pattern ${shape.pattern})`,
                    desc?.fix ?? "change the value to match the pattern",
                );
            }
            return;
        }
        case "integer":
        case "long": {
            if (typeof value !== "number" || !Number.isInteger(value)) {
                report(path, value, true, "must be a whole number", "give an integer");
                return;
            }
            if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
                report(path, value, true, `must be ${rangeText(shape.min, shape.max, "")}`.trimEnd(), "change the number");
            }
            return;
        }
        case "boolean": {
            if (typeof value !== "boolean") {
                report(path, value, true, "must be true or false", "give a boolean");
            }
            return;
        }
        default:
            return;
    }
}

function checkKey(key: string, shapeName: string, path: string, report: Reporter): void {
    const shape = SHAPES[shapeName];
    const desc = SHAPE_RULES[shapeName];
    const len = lengthOf(key);
    if ((shape.min !== undefined && len < shape.min) || (shape.max !== undefined && len > shape.max)) {
        report(path, key, true, `key must be ${rangeText(shape.min, shape.max, "characters")} long`, desc?.fix ?? "rename the key");
        return;
    }
    if (shape.pattern !== undefined && !regex(shape.pattern).test(key)) {
        report(path, key, true, `key must be ${desc ? desc.rule : "valid"} (pattern ${shape.pattern})`, desc?.fix ?? "rename the key");
    }
}

function rangeText(min: number | undefined, max: number | undefined, unit: string): string {
    const u = unit ? ` ${unit}` : "";
    if (min !== undefined && max !== undefined) {
        return `${min} to ${max}${u}`;
    }
    if (min !== undefined) {
        return `at least ${min}${u}`;
    }
    return `at most ${max}${u}`;
}

function sizeCheck(
    n: number,
    min: number | undefined,
    max: number | undefined,
    path: string,
    value: unknown,
    unit: string,
    report: Reporter,
): void {
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        report(
            path,
            value,
            true,
            `must have ${rangeText(min, max, unit)} (has ${n})`,
            max !== undefined && n > max ? `split it or remove ${n - max}` : "add an item or leave the field out",
        );
    }
}

function get(v: unknown, ...keys: (string | number)[]): unknown {
    let x: unknown = v;
    for (const k of keys) {
        if (x === UNKNOWN) {
            return UNKNOWN;
        }
        if (typeof k === "number") {
            if (!Array.isArray(x)) {
                return undefined;
            }
            x = x[k];
        } else {
            if (!isPlainObject(x)) {
                return undefined;
            }
            x = x[k];
        }
    }
    return x;
}

function isSecretPath(secrets: readonly string[], path: string): boolean {
    return secrets.some((s) => isUnder(path, s));
}

/** Validates a whole configuration. Returns every problem, in the order of the arguments. */
export function validateConfig(view: ConfigView): ValidationResult {
    const problems: Problem[] = [];
    const warnings: Warning[] = [];
    const topSecrets = view.secrets ?? [];
    const topReport: Reporter = (path, value, hasValue, rule, fix) => {
        problems.push({ path, value, hasValue, secret: isSecretPath(topSecrets, path), rule, fix });
    };
    const args = view.args;

    // Arguments the component does not know: a typo must not be ignored.
    for (const k of Object.keys(args)) {
        if (!(ARG_NAMES as readonly string[]).includes(k) && args[k] !== undefined) {
            const hint = closest(k, ARG_NAMES);
            topReport(k, args[k], true, `is not an argument of MultiRegionDistribution`, hint ? `did you mean ${hint}?` : "remove it");
        }
    }

    // The configuration itself: name, description, tags.
    checkShape(args.name, "ResourceName", "name", topReport);
    checkShape(args.description, "NonEmptyString", "description", topReport);
    checkShape(normalizeView(args.tags), "TagMap", "tags", topReport);

    const backend = args.backend;
    if (backend !== undefined && backend !== UNKNOWN && !Object.values(Backend).includes(backend as Backend)) {
        topReport(
            "backend",
            backend,
            true,
            `must be one of ${Object.values(Backend).map((b) => JSON.stringify(b)).join(", ")}`,
            'use "aws" for @pulumi/aws or "aws-native" for @pulumi/aws-native',
        );
    }
    const allowPublic = args.allowPublicAmis;
    if (allowPublic !== undefined && typeof allowPublic !== "boolean") {
        topReport("allowPublicAmis", allowPublic, true, "must be true or false", "give a boolean");
    }
    const homeRegion = args.homeRegion;
    if (homeRegion !== undefined && homeRegion !== UNKNOWN) {
        if (typeof homeRegion !== "string" || !isRegionCode(homeRegion)) {
            topReport("homeRegion", homeRegion, true, "must be a region code such as us-east-1", "give the region the configuration lives in");
        }
    }
    for (const [arg, kind] of [
        ["regions", "list"],
        ["distributions", "list"],
        ["defaults", "object"],
        ["overrides", "object"],
    ] as const) {
        const v = args[arg];
        if (v === undefined || v === UNKNOWN) {
            continue;
        }
        if (kind === "list" ? !Array.isArray(v) : !isPlainObject(v)) {
            topReport(arg, v, true, `must be ${kind === "list" ? "a list" : "an object"}`, `give ${arg} as ${kind === "list" ? "an array" : "an object"}`);
        }
    }

    // Overrides must name a region of `regions`.
    const regions = Array.isArray(args.regions) ? (args.regions as unknown[]) : [];
    const knownRegions = regions.filter((r): r is string => typeof r === "string");
    const allRegionsKnown = knownRegions.length === regions.length;
    if (isPlainObject(args.overrides)) {
        for (const [key, over] of Object.entries(args.overrides)) {
            const p = joinKey("overrides", key);
            if (allRegionsKnown && !knownRegions.includes(key)) {
                const hint = closest(key, knownRegions);
                topReport(
                    p,
                    key,
                    true,
                    `overrides a region that is not in regions (${knownRegions.length ? knownRegions.join(", ") : "none"}), so it would be ignored`,
                    hint ? `did you mean "${hint}"? Otherwise add "${key}" to regions` : `add "${key}" to regions or remove the override`,
                );
            }
            if (over !== undefined && over !== UNKNOWN && !isPlainObject(over)) {
                topReport(p, over, true, "must be an object of distribution settings", "give the settings for this region");
            }
        }
    }

    // One entry per region, at least one entry.
    if (view.entries.length === 0 && (args.regions === undefined || Array.isArray(args.regions)) && (args.distributions === undefined || Array.isArray(args.distributions))) {
        topReport(
            "regions",
            args.regions,
            args.regions !== undefined,
            "no region to distribute to: a distribution configuration needs at least one distribution",
            "list regions (with defaults or overrides) or give distributions",
        );
    }
    const seen = new Map<string, string>();
    for (const e of view.entries) {
        const region = get(e.value, "region");
        if (typeof region !== "string") {
            continue;
        }
        const first = seen.get(region);
        if (first !== undefined) {
            problems.push({
                path: e.entry.regionPath,
                value: region,
                hasValue: true,
                secret: isSecretPath(e.secrets, "region"),
                rule: `region "${region}" appears more than once (first at ${first}); a configuration has one distribution per region`,
                fix: "merge the two entries into one, or use overrides for the region's differences",
            });
        } else {
            seen.set(region, e.entry.regionPath);
        }
    }

    for (const e of view.entries) {
        validateEntry(e, args, problems, warnings);
    }
    return { problems: finish(problems, topSecrets), warnings: dedupe(warnings, (w) => `${w.path}\u0000${w.message}`) };
}

/**
 * Drops repeats (a value of `defaults` is checked once per region, and reported once) and marks the
 * problems whose value is, or holds, a secret.
 */
function finish(problems: Problem[], secrets: readonly string[]): Problem[] {
    return dedupe(problems, (p) => `${p.path}\u0000${p.rule}`).map((p) =>
        !p.secret && secrets.some((s) => isUnder(p.path, s) || isUnder(s, p.path)) ? { ...p, secret: true } : p,
    );
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
    const seen = new Set<string>();
    return items.filter((t) => {
        const k = key(t);
        if (seen.has(k)) {
            return false;
        }
        seen.add(k);
        return true;
    });
}

/** Model constraints and service rules for one entry. */
export function validateEntry(
    e: EntryView,
    args: Readonly<Record<string, unknown>>,
    problems: Problem[],
    warnings: Warning[],
): void {
    if (e.value === UNKNOWN || e.value === undefined) {
        return;
    }
    const report: Reporter = (path, value, hasValue, rule, fix) => {
        problems.push({
            path: userPath(e.entry, path),
            value,
            hasValue,
            secret: isSecretPath(e.secrets, path),
            rule,
            fix,
        });
    };
    const v = normalizeView(e.value);
    if (!isPlainObject(v)) {
        report("", v, true, "must be an object with region and distribution settings", "give an object in the API's shape");
        return;
    }
    checkShape(v, "Distribution", "", report);

    const region = v.region;
    const regionKnown = typeof region === "string";
    if (typeof region === "string" && !isRegionCode(region)) {
        report(
            "region",
            region,
            true,
            "must be a region code such as us-east-1, eu-central-2, us-gov-west-1 or cn-north-1 (lowercase, no availability-zone letter)",
            "use the region's code, not its display name or an availability zone",
        );
    }
    const where = regionKnown ? ` (region ${region})` : "";

    // At least one output.
    const outputs = OUTPUT_FIELDS.filter((f) => v[f] !== undefined);
    if (outputs.length === 0) {
        problems.push({
            path: e.entry.regionPath,
            value: region,
            hasValue: region !== UNKNOWN,
            secret: isSecretPath(e.secrets, "region"),
            rule: `the distribution${where} has no output; AWS rejects it ("One or more outputs should be provided for each region")`,
            fix: `give at least one of ${OUTPUT_FIELDS.join(", ")}${e.entry.kind === "fanout" ? " in defaults or overrides" : ""}`,
        });
    }

    // Launch permissions: only the "all" group, and only when public AMIs are allowed.
    const groups = get(v, "amiDistributionConfiguration", "launchPermission", "userGroups");
    if (Array.isArray(groups)) {
        groups.forEach((g, i) => {
            const p = `amiDistributionConfiguration.launchPermission.userGroups[${i}]`;
            if (g === UNKNOWN || typeof g !== "string") {
                return;
            }
            if (g !== "all") {
                report(p, g, true, `is not a launch permission group: the only group is "all"`, 'use "all" for a public AMI, or userIds / organizationArns to share with accounts');
            } else if (args.allowPublicAmis !== true) {
                report(
                    p,
                    g,
                    true,
                    `"all" makes the AMI public to every AWS account${where}, and allowPublicAmis is not true`,
                    "set allowPublicAmis: true on the component if the AMI really must be public; otherwise share with userIds or organizationArns",
                );
            }
        });
    }

    // A KMS key ARN must be in the entry's region and partition.
    const kms = get(v, "amiDistributionConfiguration", "kmsKeyId");
    if (typeof kms === "string" && kms.startsWith("arn:")) {
        const p = "amiDistributionConfiguration.kmsKeyId";
        const arn = parseArn(kms);
        if (!arn || arn.service !== "kms" || !/^(key|alias)\/.+/.test(arn.resource)) {
            report(p, kms, true, "is not a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)", "give the key's ARN, id or alias");
        } else if (regionKnown) {
            const r = region as string;
            if (arn.region !== r) {
                report(
                    p,
                    kms,
                    true,
                    `is a KMS key in ${arn.region || "no region"}, but this distribution is for ${r}; AMIs are encrypted with a key of their own region`,
                    `use a key (or multi-Region replica) in ${r}`,
                );
            } else if (arn.partition !== partitionOf(r)) {
                report(p, kms, true, `is in partition ${arn.partition}, but ${r} is in ${partitionOf(r)}`, `use a key of partition ${partitionOf(r)}`);
            }
        }
    }

    // Fast launch: EC2's minimum of parallel launches; a launch template by id or by name.
    const fl = get(v, "fastLaunchConfigurations");
    if (Array.isArray(fl)) {
        fl.forEach((c, i) => {
            const base = `fastLaunchConfigurations[${i}]`;
            const mpl = get(c, "maxParallelLaunches");
            if (typeof mpl === "number" && Number.isInteger(mpl) && mpl >= 1 && mpl < MIN_PARALLEL_LAUNCHES) {
                report(
                    `${base}.maxParallelLaunches`,
                    mpl,
                    true,
                    `must be at least ${MIN_PARALLEL_LAUNCHES} (EC2 fast launch rejects fewer parallel launches)`,
                    `use ${MIN_PARALLEL_LAUNCHES} or more, or leave it out`,
                );
            }
            const id = get(c, "launchTemplate", "launchTemplateId");
            const name = get(c, "launchTemplate", "launchTemplateName");
            if (id !== undefined && name !== undefined) {
                report(
                    `${base}.launchTemplate`,
                    get(c, "launchTemplate"),
                    true,
                    "names the launch template by both launchTemplateId and launchTemplateName; EC2 takes one",
                    "keep launchTemplateId or launchTemplateName, not both",
                );
            }
        });
    }

    // An SSM parameter's account must be one of the region's target accounts.
    const ssm = get(v, "ssmParameterConfigurations");
    if (Array.isArray(ssm)) {
        const targets = get(v, "amiDistributionConfiguration", "targetAccountIds");
        const targetsKnown = targets === undefined || (Array.isArray(targets) && !targets.includes(UNKNOWN));
        ssm.forEach((c, i) => {
            const acct = get(c, "amiAccountId");
            if (typeof acct !== "string" || !targetsKnown) {
                return;
            }
            const list = (targets as string[] | undefined) ?? [];
            if (!list.includes(acct)) {
                report(
                    `ssmParameterConfigurations[${i}].amiAccountId`,
                    acct,
                    true,
                    `must be one of this region's amiDistributionConfiguration.targetAccountIds${list.length ? ` (${list.join(", ")})` : " (there are none)"}${where}`,
                    "add the account to targetAccountIds, or leave amiAccountId out to write the parameter in the building account",
                );
            }
        });
    }

    // Backend support: CloudFormation has no S3 export.
    if (args.backend === Backend.AwsNative && v.s3ExportConfiguration !== undefined) {
        report(
            "s3ExportConfiguration",
            v.s3ExportConfiguration,
            true,
            `is not supported by backend "aws-native"${where}: CloudFormation's AWS::ImageBuilder::DistributionConfiguration has no S3 export`,
            'use backend: "aws" for S3 export, or remove s3ExportConfiguration',
        );
    }

    // Warnings: an AMI name that every build would repeat.
    const amiName = get(v, "amiDistributionConfiguration", "name");
    if (typeof amiName === "string" && !/imagebuilder:build(Date|Version)/.test(amiName)) {
        warnings.push({
            path: userPath(e.entry, "amiDistributionConfiguration.name"),
            message: `AMI name "${amiName}" has no {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}: the second build${where} fails because AMI names must be unique`,
        });
    }
}

const MAX_VALUE_TEXT = 120;

/** How a value is shown in a message: JSON, shortened, secrets redacted. */
export function describeValue(p: Problem): string {
    if (!p.hasValue) {
        return "nothing";
    }
    if (p.secret) {
        return "[secret]";
    }
    const v = p.value;
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
    return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 3)}...` : text;
}

/** One line of the error message for a problem. */
export function formatProblem(p: Problem): string {
    const fix = /[.?!]$/.test(p.fix) ? p.fix : `${p.fix}.`;
    return `${p.path}: got ${describeValue(p)}; ${p.rule}. Fix: ${fix}`;
}
