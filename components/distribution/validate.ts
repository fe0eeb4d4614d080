/**
 * Validation: AWS's model constraints (generated from the service model) and the service's rules that
 * the model does not state, over plain views of the arguments. Pure: no Pulumi, no I/O. Values that
 * are not known yet are {@link UNKNOWN} and every rule skips them.
 */
import { SHAPES } from "./constraints.generated";
import { FannedEntry, userPath } from "./fanout";
import { closest, isRegionCode, parseArn, partitionOf } from "./regions";
import { Backend } from "./types";
import { UNKNOWN, Unknown, isPlainObject, isUnder, joinIndex, joinKey, joinMember, setOwn } from "./values";

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
    /**
     * The id of the account that deploys the configuration (and builds its images): {@link UNKNOWN}
     * when it cannot be known (an offline plan), absent when it has not been looked up.
     */
    deployingAccount?: string | Unknown;
}

/** Problems and warnings of a configuration. */
export interface ValidationResult {
    /** What AWS would reject; empty when the configuration is valid. */
    problems: Problem[];
    /** Valid but risky settings (an AMI name every build would repeat); logged, never fatal. */
    warnings: Warning[];
    /**
     * True when a rule could not decide without the deploying account's id (an SSM parameter's
     * `amiAccountId` that is not among the target accounts may be the account that builds the image).
     * The component then looks the account up and validates again; nothing is registered before.
     */
    needsDeployingAccount?: boolean;
}

/** The arguments of the component, in the order of {@link MultiRegionDistributionArgs}: for the typo check and the order of problems. */
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
        fix: "rename the key: only those characters, and not the prefix 'aws:' (reserved for AWS)",
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
    NonEmptyString: {
        rule: "a non-empty string of at most 1024 characters",
        fix: "give a value or leave the field out",
    },
    ClientToken: { rule: "1 to 64 characters", fix: "shorten the token" },
};

/**
 * The fields that make a distribution an output, for the "no output" rule. License configurations count:
 * they are associated with the AMI copied to the region, and a distribution with only them is accepted
 * (Terraform's acceptance tests have created one since the rule was introduced in 2021).
 */
const OUTPUT_FIELDS = [
    "amiDistributionConfiguration",
    "containerDistributionConfiguration",
    "s3ExportConfiguration",
    "fastLaunchConfigurations",
    "launchTemplateConfigurations",
    "ssmParameterConfigurations",
    "licenseConfigurationArns",
] as const;

/** The range of the model's `integer` type. */
const INT32 = { min: -2147483648, max: 2147483647, why: "the API's integers are 32-bit" };
/** The range of the model's `long` type that a JavaScript number holds exactly. */
const SAFE_LONG = {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    why: "larger whole numbers are not exact in JavaScript",
};

/** EC2's minimum for fast launch's parallel launches. */
export const MIN_PARALLEL_LAUNCHES = 6;

/** A UTF-16 high surrogate: where a code point may take two code units. */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** The number of Unicode code points, as the model counts string length. */
function lengthOf(s: string): number {
    if (!HIGH_SURROGATE.test(s)) {
        // No surrogate pair: one code unit per code point.
        return s.length;
    }
    let n = 0;
    for (const _ of s) {
        n++;
    }
    return n;
}

/** Java's `\s`: ASCII whitespace only (JavaScript's also matches U+00A0, U+2028, U+3000, ...). */
const JAVA_SPACE = " \\t\\n\\x0B\\f\\r";
/** Java's `.`: anything but a line terminator (JavaScript's also matches U+0085). */
const JAVA_DOT = "[^\\n\\r\\u0085\\u2028\\u2029]";

/**
 * The model's patterns are Java regular expressions, and the service matches the whole value
 * (`Matcher.matches`), anchored or not: `OrganizationalUnitArn` has no closing `$`, yet a value with
 * more after its last group is rejected. This translates a pattern to a JavaScript source that
 * accepts exactly the same values: wrapped in `^(?:...)$`, with Java's `\s` and `.`. The rest of the
 * syntax the model uses (classes, ranges, escapes, bounded repeats, lookahead) means the same in both.
 * Exported for tests.
 */
export function javaPatternSource(pattern: string): string {
    let out = "";
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\" && i + 1 < pattern.length) {
            const next = pattern[++i];
            out += next === "s" ? (inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`) : c + next;
        } else if (c === "[" && !inClass) {
            inClass = true;
            out += c;
        } else if (c === "]" && inClass) {
            inClass = false;
            out += c;
        } else if (c === "." && !inClass) {
            out += JAVA_DOT;
        } else {
            out += c;
        }
    }
    return `^(?:${out})$`;
}

const patternCache = new Map<string, RegExp>();
/** The model's `pattern`, compiled to match what the service matches (see {@link javaPatternSource}). */
function regex(pattern: string): RegExp {
    let r = patternCache.get(pattern);
    if (!r) {
        r = new RegExp(javaPatternSource(pattern));
        patternCache.set(pattern, r);
    }
    return r;
}

/**
 * Normalized objects of the validation under way: every region without an override shares the objects
 * of `defaults`, so each is normalized once per validation. Set only while {@link validateConfig} runs,
 * so that a caller mutating its objects between two validations never sees a stale result.
 */
let normalizedCache: Map<object, unknown> | undefined;

/** What {@link checkMerged} found in an object, at paths relative to it; kept like {@link normalizedCache}. */
interface MergedFinding {
    path: string;
    value: unknown;
    hasValue: boolean;
    rule: string;
    fix: string;
}
let mergedCache: Map<object, Map<string, MergedFinding[]>> | undefined;

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

/**
 * Receives one problem. `secretFix`, when given, replaces `fix` if the value turns out to be secret (a
 * "did you mean" hint would otherwise repeat part of the secret).
 */
type Reporter = (
    path: string,
    value: unknown,
    hasValue: boolean,
    rule: string,
    fix: string,
    secretFix?: string,
) => void;

/** How {@link checkShape} checks. */
export interface CheckOptions {
    /**
     * Whether required members must be present (default true). False for `defaults` and an override on
     * their own: each may hold part of a setting, and the merged entry is checked for required members.
     */
    required?: boolean;
}

/** Checks `value` against the model's shape `shapeName`, reporting at paths relative to the entry. */
export function checkShape(
    value: unknown,
    shapeName: string,
    path: string,
    report: Reporter,
    options: CheckOptions = {},
): void {
    if (value === UNKNOWN || value === undefined || value === null) {
        return;
    }
    const shape = SHAPES[shapeName];
    if (!shape) {
        return;
    }
    switch (shape.type) {
        case "structure": {
            if (!isPlainObject(value)) {
                report(
                    path,
                    value,
                    true,
                    `must be an object (${shapeName})`,
                    "give an object with the API's field names",
                );
                return;
            }
            const members = shape.members ?? {};
            if (options.required !== false) {
                for (const req of shape.required ?? []) {
                    if (value[req] === undefined || value[req] === null) {
                        report(joinMember(path, req), undefined, false, `is required by ${shapeName}`, `give ${req}`);
                    }
                }
            }
            // Members in the model's order, then fields the model does not know: the same problems in the
            // same order, however the value's keys were ordered (resolved Outputs arrive in any order).
            const memberNames = memberNamesOf(shapeName, members);
            for (let i = 0; i < memberNames.length; i++) {
                const k = memberNames[i];
                // A valid leaf (most members) needs no path: it is made only for a value to look into.
                if (Object.prototype.hasOwnProperty.call(value, k) && !leafIsValid(value[k], members[k])) {
                    checkShape(value[k], members[k], joinMember(path, k), report, options);
                }
            }
            for (const k of Object.keys(value)) {
                // Own members only: `constructor` or `toString` is no field of any shape.
                if (Object.prototype.hasOwnProperty.call(members, k) || value[k] === undefined) {
                    continue;
                }
                const hint = closest(k, memberNames);
                report(
                    joinMember(path, k),
                    value[k],
                    true,
                    `is not a field of ${shapeName} (fields: ${memberNames.join(", ")})`,
                    hint ? `did you mean ${hint}?` : "remove it",
                );
            }
            return;
        }
        case "list": {
            if (!Array.isArray(value)) {
                report(path, value, true, "must be a list", "give an array");
                return;
            }
            sizeCheck(value.length, shape.min, shape.max, path, value, "items", report);
            for (let i = 0; i < value.length; i++) {
                if (!(i in value)) {
                    continue;
                }
                const e: unknown = value[i];
                if (e === null || e === undefined) {
                    // Only a structure's member may be left out; a hole in a list is sent as null.
                    missingElement(joinIndex(path, i), shape.member!, "list item", report);
                } else if (!leafIsValid(e, shape.member!)) {
                    checkShape(e, shape.member!, joinIndex(path, i), report, options);
                }
            }
            return;
        }
        case "map": {
            if (!isPlainObject(value)) {
                report(path, value, true, "must be a map of strings", "give an object of string values");
                return;
            }
            const keys = Object.keys(value);
            sizeCheck(keys.length, shape.min, shape.max, path, value, "entries", report);
            for (let i = 0; i < keys.length; i++) {
                const k = keys[i];
                if (
                    value[k] !== null &&
                    keyFault(k, SHAPES[shape.key!]) === undefined &&
                    leafIsValid(value[k], shape.value!)
                ) {
                    continue;
                }
                const p = joinKey(path, k);
                checkKey(k, shape.key!, p, report);
                if (value[k] === null) {
                    missingElement(p, shape.value!, "map value", report);
                } else {
                    checkShape(value[k], shape.value!, p, report, options);
                }
            }
            return;
        }
        case "string":
        case "integer":
        case "long":
        case "boolean":
            reportLeafFault(value, shapeName, path, report);
            return;
        default:
            return;
    }
}

/** The member names of structure shapes, in the model's order: read once per shape. */
const memberNameCache = new Map<string, readonly string[]>();
function memberNamesOf(shapeName: string, members: Readonly<Record<string, string>>): readonly string[] {
    let names = memberNameCache.get(shapeName);
    if (names === undefined) {
        names = Object.keys(members);
        memberNameCache.set(shapeName, names);
    }
    return names;
}

/** What is wrong with a string, number or boolean for its shape, first rule first; undefined when nothing. */
type LeafFault = "type" | "enum" | "length" | "pattern" | "range" | "bound";

/** The first rule of a leaf shape (string, integer, long, boolean) that `value` breaks. */
function leafFault(value: unknown, shape: (typeof SHAPES)[string]): LeafFault | undefined {
    switch (shape.type) {
        case "string":
            if (typeof value !== "string") {
                return "type";
            }
            if (shape.enum && !shape.enum.includes(value)) {
                return "enum";
            }
            if (!lengthIn(value, shape.min, shape.max)) {
                return "length";
            }
            return shape.pattern !== undefined && !regex(shape.pattern).test(value) ? "pattern" : undefined;
        case "integer":
        case "long": {
            if (typeof value !== "number" || !Number.isInteger(value)) {
                return "type";
            }
            if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
                return "range";
            }
            // The model's integers are 32-bit and its longs 64-bit; JavaScript is exact up to 2^53 only.
            const bound = shape.type === "integer" ? INT32 : SAFE_LONG;
            return value < bound.min || value > bound.max ? "bound" : undefined;
        }
        case "boolean":
            return typeof value !== "boolean" ? "type" : undefined;
        default:
            return undefined;
    }
}

/** Reports the first rule of a leaf shape that `value` breaks, if any (unknown and absent values break none). */
function reportLeafFault(value: unknown, shapeName: string, path: string, report: Reporter): void {
    const shape = SHAPES[shapeName];
    const fault = leafFault(value, shape);
    if (fault === undefined) {
        return;
    }
    const desc = SHAPE_RULES[shapeName];
    switch (fault) {
        case "type":
            if (shape.type === "string") {
                report(path, value, true, "must be a string", "give a string");
            } else if (shape.type === "boolean") {
                report(path, value, true, "must be true or false", "give a boolean");
            } else {
                report(path, value, true, "must be a whole number", "give an integer");
            }
            return;
        case "enum": {
            const hint = closest(value as string, shape.enum!);
            report(
                path,
                value,
                true,
                `must be one of ${shape.enum!.map((e) => JSON.stringify(e)).join(", ")}`,
                hint ? `did you mean ${JSON.stringify(hint)}?` : "use one of the listed values",
                "use one of the listed values",
            );
            return;
        }
        case "length": {
            const len = lengthOf(value as string);
            report(
                path,
                value,
                true,
                `must be ${rangeText(shape.min, shape.max, "characters")} long (has ${len})${desc ? `: ${desc.rule}` : ""}`,
                len === 0 ? "give a value or leave the field out" : (desc?.fix ?? "shorten it"),
            );
            return;
        }
        case "pattern":
            report(
                path,
                value,
                true,
                `must be ${desc ? desc.rule : "a string"} (pattern ${shape.pattern})`,
                desc?.fix ?? "change the value to match the pattern",
            );
            return;
        case "range":
            report(path, value, true, `must be ${rangeText(shape.min, shape.max, "")}`.trimEnd(), "change the number");
            return;
        case "bound": {
            const bound = shape.type === "integer" ? INT32 : SAFE_LONG;
            report(
                path,
                value,
                true,
                `must be ${rangeText(shape.min ?? bound.min, shape.max ?? bound.max, "")}: ${bound.why}`,
                "change the number",
            );
            return;
        }
    }
}

/**
 * True when {@link checkShape} would report nothing for `value` as a `shapeName`, as far as a leaf tells:
 * a valid string, number or boolean, or nothing to check (unknown, absent, null). False for anything
 * else: then checkShape decides, with the path, which valid leaves (most values) never need.
 */
function leafIsValid(value: unknown, shapeName: string): boolean {
    if (value === UNKNOWN || value === undefined || value === null) {
        return true;
    }
    const shape = SHAPES[shapeName];
    if (shape === undefined) {
        return true;
    }
    const leaf =
        shape.type === "string" || shape.type === "integer" || shape.type === "long" || shape.type === "boolean";
    return leaf && leafFault(value, shape) === undefined;
}

/** What is wrong with a map key for its shape, first rule first. */
type KeyFault = "proto" | "length" | "pattern";

function keyFault(key: string, shape: (typeof SHAPES)[string]): KeyFault | undefined {
    if (key === "__proto__") {
        return "proto";
    }
    if (!lengthIn(key, shape.min, shape.max)) {
        return "length";
    }
    return shape.pattern !== undefined && !regex(shape.pattern).test(key) ? "pattern" : undefined;
}

/** True when the length of `s` in code points is within the model's bounds. */
function lengthIn(s: string, min: number | undefined, max: number | undefined): boolean {
    const len = lengthOf(s);
    return (min === undefined || len >= min) && (max === undefined || len <= max);
}

/** A `null` (or hole) where a list item or a map value must be. */
function missingElement(path: string, shapeName: string, what: string, report: Reporter): void {
    const type = SHAPES[shapeName]?.type;
    const expected =
        type === "structure"
            ? "an object"
            : type === "boolean"
              ? "true or false"
              : type === "integer" || type === "long"
                ? "a number"
                : "a string";
    report(path, null, true, `a ${what} must be ${expected}, not null`, `give a value or remove the ${what}`);
}

function checkKey(key: string, shapeName: string, path: string, report: Reporter): void {
    const shape = SHAPES[shapeName];
    switch (keyFault(key, shape)) {
        case "proto":
            report(
                path,
                key,
                true,
                "is a key Pulumi cannot send: its SDK drops an object key named __proto__",
                "rename the key",
            );
            return;
        case "length": {
            const len = lengthOf(key);
            report(
                path,
                key,
                true,
                `key must be ${rangeText(shape.min, shape.max, "characters")} long (has ${len})`,
                len === 0 ? "give the key a name" : "shorten the key",
            );
            return;
        }
        case "pattern": {
            const desc = SHAPE_RULES[shapeName];
            report(
                path,
                key,
                true,
                `key must be ${desc ? desc.rule : "valid"} (pattern ${shape.pattern})`,
                shapeName === "TagKey" ? tagKeyFix(key) : (desc?.fix ?? "rename the key"),
                desc?.fix ?? "rename the key",
            );
            return;
        }
        default:
            return;
    }
}

/** Characters a tag key may hold: the character class of the model's TagKey pattern, read as Java reads it. */
const TAG_KEY_CHAR = new RegExp(javaPatternSource(/\[[^\]]*\]/.exec(SHAPES.TagKey.pattern!)![0]));

/** What to change in a tag key that the pattern rejects: its reserved prefix, or the characters it may not hold. */
function tagKeyFix(key: string): string {
    if (key.startsWith("aws:")) {
        return "rename the key: the prefix 'aws:' is reserved for AWS";
    }
    const bad = [...new Set(Array.from(key).filter((c) => !TAG_KEY_CHAR.test(c)))];
    // Printable ASCII as it is; anything else (a no-break space, a line separator) by its code point.
    const shown = bad
        .slice(0, 5)
        .map((c) =>
            /^[\x21-\x7e]$/.test(c)
                ? JSON.stringify(c)
                : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
        );
    return `remove or replace ${shown.join(", ")}${bad.length > 5 ? ", ..." : ""} in the key`;
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

/** Lists at most a few values of a list in a rule. */
function someOf(list: readonly string[]): string {
    const shown = list.slice(0, 5).join(", ");
    return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}

/** The arguments that hold lists or objects of settings, and what each must be. */
const CONTAINER_ARGS = [
    ["regions", "list"],
    ["distributions", "list"],
    ["defaults", "object"],
    ["overrides", "object"],
] as const;

/** The `region` of an entry's value: UNKNOWN for an unknown entry, undefined when it has none. */
function regionIn(value: unknown): unknown {
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    return isPlainObject(value) ? value.region : undefined;
}

/** Tells that nothing is secret: the answer of every entry when no value is secret. */
const NOTHING_SECRET = (): boolean => false;

/** Validates a whole configuration. Returns every problem, in the order of the arguments. */
export function validateConfig(view: ConfigView): ValidationResult {
    const outer = normalizedCache;
    const outerMerged = mergedCache;
    normalizedCache = new Map();
    mergedCache = new Map();
    try {
        return validateConfigNow(view);
    } finally {
        normalizedCache = outer;
        mergedCache = outerMerged;
    }
}

function validateConfigNow(view: ConfigView): ValidationResult {
    const problems: PendingProblem[] = [];
    const warnings: PendingWarning[] = [];
    const topSecrets = view.secrets ?? [];
    const topReport: Reporter = (path, value, hasValue, rule, fix, secretFix) => {
        const secret = holdsSecret(topSecrets, path);
        problems.push({
            path,
            value,
            hasValue,
            secret,
            rule,
            fix: secret && secretFix !== undefined ? secretFix : fix,
        });
    };
    const args = view.args;

    // Arguments the component does not know: a typo must not be ignored.
    for (const k of Object.keys(args)) {
        if (!(ARG_NAMES as readonly string[]).includes(k) && args[k] !== undefined) {
            const hint = closest(k, ARG_NAMES);
            topReport(
                k,
                args[k],
                true,
                `is not an argument of MultiRegionDistribution`,
                hint ? `did you mean ${hint}?` : "remove it",
            );
        }
    }

    // The configuration itself: name, description, tags (an empty map is sent as no tags).
    checkShape(args.name, "ResourceName", "name", topReport);
    checkShape(args.description, "NonEmptyString", "description", topReport);
    const tags = normalizeView(args.tags);
    checkShape(isPlainObject(tags) && Object.keys(tags).length === 0 ? undefined : tags, "TagMap", "tags", topReport);

    // Arguments the component reads while the program runs: they cannot wait for an Output.
    const backend = args.backend;
    if (backend === UNKNOWN) {
        topReport(
            "backend",
            backend,
            true,
            "must be a plain string: the backend decides which resource is registered, so it cannot wait for an Output",
            'give "aws" or "aws-native" directly',
        );
    } else if (backend !== undefined && !Object.values(Backend).includes(backend as Backend)) {
        topReport(
            "backend",
            backend,
            true,
            `must be one of ${Object.values(Backend)
                .map((b) => JSON.stringify(b))
                .join(", ")}`,
            'use "aws" for @pulumi/aws or "aws-native" for @pulumi/aws-native',
        );
    }
    const allowPublic = args.allowPublicAmis;
    if (allowPublic !== undefined && typeof allowPublic !== "boolean") {
        topReport(
            "allowPublicAmis",
            allowPublic,
            true,
            allowPublic === UNKNOWN ? "must be a plain true or false, not an Output" : "must be true or false",
            "give a boolean",
        );
    }
    const homeRegion = args.homeRegion;
    if (homeRegion !== undefined && homeRegion !== UNKNOWN) {
        if (typeof homeRegion !== "string" || !isRegionCode(homeRegion)) {
            topReport(
                "homeRegion",
                homeRegion,
                true,
                "must be a region code such as us-east-1",
                "give the region the configuration lives in",
            );
        }
    }
    for (const [arg, kind] of CONTAINER_ARGS) {
        const v = args[arg];
        if (v === undefined || (v === UNKNOWN && kind === "list")) {
            continue;
        }
        if (v === UNKNOWN) {
            // The fan-out merges defaults and overrides while the program runs: they must be plain objects.
            topReport(
                arg,
                v,
                true,
                "must be a plain object, not an Output",
                `put Outputs in the values inside ${arg}, not around it`,
            );
        } else if (kind === "list" ? !Array.isArray(v) : !isPlainObject(v)) {
            topReport(
                arg,
                v,
                true,
                `must be ${kind === "list" ? "a list" : "an object"}`,
                `give ${arg} as ${kind === "list" ? "an array" : "an object"}`,
            );
        }
    }
    // Defaults and overrides on their own, so that a value is checked even where no region uses it (a
    // default that every region overrides, an override of a region not known yet in preview). Required
    // members are checked on the merged entries; the same problem found again there is reported once.
    const settingsOnly = (v: Record<string, unknown>) => normalizeView({ ...v, region: undefined });
    if (isPlainObject(args.defaults)) {
        checkShape(settingsOnly(args.defaults), "Distribution", "defaults", topReport, { required: false });
    }
    if (isPlainObject(args.overrides)) {
        for (const [key, over] of Object.entries(args.overrides)) {
            if (isPlainObject(over)) {
                checkShape(settingsOnly(over), "Distribution", joinKey("overrides", key), topReport, {
                    required: false,
                });
            }
        }
    }
    if (isPlainObject(args.defaults) && args.defaults.region !== undefined) {
        topReport(
            "defaults.region",
            args.defaults.region,
            true,
            "is not a setting: defaults apply to every region of regions",
            "remove it, and list the regions in regions",
        );
    }

    // Overrides must name a region of `regions`.
    const regions = Array.isArray(args.regions) ? (args.regions as unknown[]) : [];
    const knownRegions = regions.filter((r): r is string => typeof r === "string");
    const allRegionsKnown =
        (args.regions === undefined || Array.isArray(args.regions)) && knownRegions.length === regions.length;
    if (isPlainObject(args.overrides)) {
        for (const [key, over] of Object.entries(args.overrides)) {
            const p = joinKey("overrides", key);
            if (allRegionsKnown && !knownRegions.includes(key)) {
                const hint = closest(key, knownRegions);
                topReport(
                    p,
                    key,
                    true,
                    `overrides a region that is not in regions (${knownRegions.length ? someOf(knownRegions) : "none"}), so it would be ignored`,
                    hint
                        ? `did you mean "${hint}"? Otherwise add "${key}" to regions`
                        : `add "${key}" to regions or remove the override`,
                );
            } else if (!allRegionsKnown && !isRegionCode(key)) {
                // Some regions are not known yet, but a key that is no region code can match none of them.
                topReport(
                    p,
                    key,
                    true,
                    "is not a region code (such as us-east-1), so it overrides no region and would be ignored",
                    "use the region's code as the key",
                );
            }
            if (over === UNKNOWN) {
                topReport(
                    p,
                    over,
                    true,
                    "must be a plain object, not an Output",
                    "put Outputs in the values inside the override, not around it",
                );
            } else if (over !== undefined && !isPlainObject(over)) {
                topReport(
                    p,
                    over,
                    true,
                    "must be an object of distribution settings",
                    "give the settings for this region",
                );
            } else if (isPlainObject(over) && over.region !== undefined) {
                topReport(
                    joinMember(p, "region"),
                    over.region,
                    true,
                    "is not a setting: the key of the override names its region",
                    "remove it",
                );
            }
        }
    }

    // One entry per region, at least one entry.
    if (
        view.entries.length === 0 &&
        (args.regions === undefined || Array.isArray(args.regions)) &&
        (args.distributions === undefined || Array.isArray(args.distributions))
    ) {
        topReport(
            "regions",
            args.regions,
            args.regions !== undefined,
            "no region to distribute to: a distribution configuration needs at least one distribution",
            "list regions (with defaults or overrides) or give distributions",
        );
    }
    const caller: CallerAccount = { account: view.deployingAccount, needed: false };
    checkRegionsOnce(view.entries, topSecrets, problems);
    checkEntries(view.entries, args, topSecrets, problems, warnings, caller);
    const result: ValidationResult = { problems: finish(problems, topSecrets), warnings: finishWarnings(warnings) };
    if (caller.needed) {
        result.needsDeployingAccount = true;
    }
    return result;
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

/** Whether the value at a path inside entry `e` is secret (in the entry, or at the top level). */
function secretIn(e: EntryView, topSecrets: readonly string[]): (inner: string) => boolean {
    return e.secrets.length === 0 && topSecrets.length === 0
        ? NOTHING_SECRET
        : (inner) => holdsSecret(e.secrets, inner) || holdsSecret(topSecrets, userPath(e.entry, inner));
}

/** One distribution per region: a region given twice is reported where it is given again. */
function checkRegionsOnce(
    entries: readonly EntryView[],
    topSecrets: readonly string[],
    problems: PendingProblem[],
): void {
    const seen = new Map<string, string>();
    for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        const region = regionIn(e.value);
        if (typeof region !== "string") {
            continue;
        }
        const first = seen.get(region);
        if (first !== undefined) {
            const secret = secretIn(e, topSecrets)("region") || holdsSecret(topSecrets, first);
            problems.push({
                path: e.entry.regionPath,
                value: region,
                hasValue: true,
                secret,
                rule: `${secret ? "the region" : `region "${region}"`} appears more than once (first at ${first}); a configuration has one distribution per region`,
                fix: "merge the two entries into one, or use overrides for the region's differences",
            });
        } else {
            seen.set(region, e.entry.regionPath);
        }
    }
}

/** The rules of every entry (see {@link checkEntry}), with what regions that share defaults found shared. */
function checkEntries(
    entries: readonly EntryView[],
    args: Readonly<Record<string, unknown>>,
    topSecrets: readonly string[],
    problems: PendingProblem[],
    warnings: PendingWarning[],
    caller: CallerAccount,
): void {
    const hasOverrides = isPlainObject(args.overrides) && Object.keys(args.overrides).length > 0;
    // A region without an override takes its settings whole from defaults, like every other such region.
    const fromDefaults = new Map<string, SettingsFindings>();
    for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        const fanned = e.entry.kind === "fanout";
        const region = fanned ? regionIn(e.value) : undefined;
        if (fanned && region === UNKNOWN && hasOverrides) {
            // A region not known yet (an Output) may have an override: its merged settings are unknown
            // until it resolves. Defaults and overrides were checked on their own above; the entry's
            // rules run when the region resolves.
            continue;
        }
        if (fanned && !settingsArePlain(args, region)) {
            // Defaults or the region's override are not an object (reported above): the merged entry
            // would only repeat that problem in other words.
            continue;
        }
        const takesDefaults =
            fanned &&
            typeof region === "string" &&
            (!hasOverrides || (args.overrides as Record<string, unknown>)[region] === undefined);
        if (takesDefaults && e.secrets.length === 0 && topSecrets.length === 0) {
            // Shared settings in which the rules found nothing, in a region given by its code: the entry's
            // rules would find nothing either (what checkEntry does for it, in short).
            const found = fromDefaults.get("named");
            if (found !== undefined && findsNothing(found) && isPlainRegionCode(region as string)) {
                continue;
            }
        }
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
 * True when shared settings hold nothing to report in any region: no finding, and no KMS key ARN (whose
 * region is checked against each entry's).
 */
function findsNothing(found: SettingsFindings): boolean {
    return (
        found.merged.length === 0 &&
        !found.noOutput &&
        found.groups.length === 0 &&
        found.rest.length === 0 &&
        found.warnings.length === 0 &&
        !(typeof found.kms === "string" && found.kms.startsWith("arn:"))
    );
}

/** A region code the model accepts as it is: a valid NonEmptyString of the form of a region code. */
function isPlainRegionCode(region: string): boolean {
    return region.length <= 1024 && isRegionCode(region);
}

/** True for a plain object or nothing. */
function plainOrAbsent(v: unknown): boolean {
    return v === undefined || isPlainObject(v);
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
            (p) => `${p.path}\u0000${p.rule}\u0000${p.fix}`,
            (p, where) => ({ ...p, rule: p.rule.split(WHERE).join(where), fix: p.fix.split(WHERE).join(where) }),
        ).map((p) => (!p.secret && holdsSecret(secrets, p.path) ? { ...p, secret: true } : p)),
    );
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

function finishWarnings(warnings: PendingWarning[]): Warning[] {
    if (warnings.length === 0) {
        return [];
    }
    return mergeByRegion(
        warnings,
        (w) => `${w.path}\u0000${w.message}`,
        (w, where) => ({ ...w, message: w.message.split(WHERE).join(where) }),
    );
}

/**
 * What merging `defaults` with an override can break that neither breaks alone: a required member that
 * neither side gives, and a map (such as `amiTags`) that grows past its limit. Values themselves are
 * checked on each side.
 */
function checkMerged(value: unknown, shapeName: string, path: string, report: Reporter): void {
    const shape = SHAPES[shapeName];
    if (value === UNKNOWN || value === undefined || value === null || !shape) {
        return;
    }
    if (typeof value === "object" && mergedCache !== undefined) {
        // Regions without an override share the (normalized) objects of defaults: each such object is
        // walked once per validation, and what it holds is reported again at every path it appears.
        let byShape = mergedCache.get(value);
        let found = byShape?.get(shapeName);
        if (found === undefined) {
            const collected: MergedFinding[] = [];
            checkMergedNow(value, shape, shapeName, "", (p, v, hasValue, rule, fix) =>
                collected.push({ path: p, value: v, hasValue, rule, fix }),
            );
            found = collected;
            if (byShape === undefined) {
                byShape = new Map();
                mergedCache.set(value, byShape);
            }
            byShape.set(shapeName, found);
        }
        for (const f of found) {
            const at =
                f.path === "" ? path : path === "" || f.path.startsWith("[") ? path + f.path : `${path}.${f.path}`;
            report(at, f.value, f.hasValue, f.rule, f.fix);
        }
        return;
    }
    checkMergedNow(value, shape, shapeName, path, report);
}

function checkMergedNow(
    value: unknown,
    shape: (typeof SHAPES)[string],
    shapeName: string,
    path: string,
    report: Reporter,
): void {
    if (shape.type === "structure" && isPlainObject(value)) {
        for (const req of shape.required ?? []) {
            if (value[req] === undefined || value[req] === null) {
                report(joinMember(path, req), undefined, false, `is required by ${shapeName}`, `give ${req}`);
            }
        }
        const members = shape.members ?? {};
        const names = memberNamesOf(shapeName, members);
        for (let i = 0; i < names.length; i++) {
            const k = names[i];
            const v = Object.prototype.hasOwnProperty.call(value, k) ? value[k] : undefined;
            // Only objects and lists hold what a merge can break.
            if (typeof v === "object" && v !== null) {
                checkMerged(v, members[k], joinMember(path, k), report);
            }
        }
    } else if (shape.type === "list" && Array.isArray(value)) {
        value.forEach((e, i) => checkMerged(e, shape.member!, joinIndex(path, i), report));
    } else if (shape.type === "map" && isPlainObject(value)) {
        sizeCheck(Object.keys(value).length, shape.min, shape.max, path, value, "entries", report);
    }
}

/** The deploying account as the rules see it, and whether one of them needed it and did not have it. */
interface CallerAccount {
    account: string | Unknown | undefined;
    needed: boolean;
}

/**
 * What the rules that do not depend on the region found in one entry's settings. Regions without an
 * override share one settings object (`defaults`): the rules run for the first of them, and what they
 * found is repeated, with its own region, for each of the others.
 */
interface SettingsFindings {
    /** What the merge left incomplete. */
    merged: PendingProblem[];
    /** Whether the settings give no output at all. */
    noOutput: boolean;
    /** The launch permission groups. */
    groups: PendingProblem[];
    /** The KMS key (checked against each region). */
    kms: unknown;
    /** Fast launch, SSM parameters and backend support. */
    rest: PendingProblem[];
    warnings: PendingWarning[];
}

/**
 * The rules of one entry; `secretAt` tells whether the value at a path inside the entry is secret.
 * {@link validateConfig} has checked `defaults` and the overrides on their own before. `shared`, given
 * for a fanned-out region without an override, holds what earlier such regions' settings gave.
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
    // The region named in region-specific rules (not when it is unknown or secret).
    const rawRegion = isPlainObject(e.value) ? e.value.region : undefined;
    const regionSecret = secretAt("region");
    const regionOf = typeof rawRegion === "string" && !regionSecret ? rawRegion : undefined;
    const reportTo =
        (list: PendingProblem[]): Reporter =>
        (path, value, hasValue, rule, fix, secretFix) => {
            const secret = secretAt(path);
            list.push({
                path: userPath(e.entry, path),
                value,
                hasValue,
                secret,
                rule,
                fix: secret && secretFix !== undefined ? secretFix : fix,
                region: rule.includes(WHERE) || fix.includes(WHERE) ? regionOf : undefined,
            });
        };
    const report = reportTo(problems);
    if (e.value === undefined) {
        // A hole in `distributions` (`[undefined]`) would be sent as null.
        report(
            "",
            undefined,
            false,
            "is missing: each item of distributions is a distribution with a region",
            "give the distribution or remove the item",
        );
        return;
    }
    const where = regionOf !== undefined ? WHERE : "";
    // Whether the region is named changes the messages: findings are shared among regions named alike.
    const sharedKey = regionOf !== undefined ? "named" : "unnamed";
    let found = shared?.get(sharedKey);
    if (found === undefined) {
        const v = normalizeView(e.value);
        if (!isPlainObject(v)) {
            report(
                "",
                v,
                true,
                "must be an object with region and distribution settings",
                "give an object in the API's shape",
            );
            return;
        }
        found = { merged: [], noOutput: false, groups: [], kms: undefined, rest: [], warnings: [] };
        if (e.entry.kind === "fanout") {
            // Every value of a fanned-out entry comes from defaults or the region's override, both checked
            // on their own already: only what the merge itself can break is left.
            checkMerged(v, "Distribution", "", reportTo(found.merged));
        } else {
            checkShape(v, "Distribution", "", reportTo(found.merged));
        }
        // A null output (an override that turns a default off) is sent as nothing.
        found.noOutput = OUTPUT_FIELDS.every((f) => v[f] === undefined || v[f] === null);
        const reportGroups = reportTo(found.groups);
        // Launch permissions: only the "all" group, and only when public AMIs are allowed.
        const groups = get(v, "amiDistributionConfiguration", "launchPermission", "userGroups");
        if (Array.isArray(groups)) {
            groups.forEach((g, i) => {
                const p = `amiDistributionConfiguration.launchPermission.userGroups[${i}]`;
                if (g === UNKNOWN || typeof g !== "string" || g.length === 0) {
                    return;
                }
                if (g !== "all") {
                    reportGroups(
                        p,
                        g,
                        true,
                        `is not a launch permission group: the only group is "all"`,
                        'use "all" for a public AMI, or userIds / organizationArns to share with accounts',
                    );
                } else if (args.allowPublicAmis !== true) {
                    reportGroups(
                        p,
                        g,
                        true,
                        `"all" makes the AMI public to every AWS account${where}, and allowPublicAmis is not true`,
                        "set allowPublicAmis: true on the component if the AMI really must be public; otherwise share with userIds or organizationArns",
                    );
                }
            });
        }
        found.kms = get(v, "amiDistributionConfiguration", "kmsKeyId");
        const reportRest = reportTo(found.rest);
        checkEncryptedSharing(v, found.kms, where, reportRest);
        // Fast launch: EC2's minimum of parallel launches; a launch template by id or by name.
        const fl = get(v, "fastLaunchConfigurations");
        if (Array.isArray(fl)) {
            fl.forEach((c, i) => {
                const base = `fastLaunchConfigurations[${i}]`;
                const mpl = get(c, "maxParallelLaunches");
                // EC2 reads the number when it enables fast launch; a disabled configuration never sends it there,
                // and while `enabled` is unknown the rule waits for it.
                const enabledValue = get(c, "enabled");
                const enabled = enabledValue !== false && enabledValue !== UNKNOWN;
                if (
                    enabled &&
                    typeof mpl === "number" &&
                    Number.isInteger(mpl) &&
                    mpl >= 1 &&
                    mpl < MIN_PARALLEL_LAUNCHES
                ) {
                    reportRest(
                        `${base}.maxParallelLaunches`,
                        mpl,
                        true,
                        `must be at least ${MIN_PARALLEL_LAUNCHES} (EC2 fast launch rejects fewer parallel launches)`,
                        `use ${MIN_PARALLEL_LAUNCHES} or more, or leave it out`,
                    );
                }
                const id = get(c, "launchTemplate", "launchTemplateId");
                const name = get(c, "launchTemplate", "launchTemplateName");
                if (id !== undefined && id !== null && name !== undefined && name !== null) {
                    reportRest(
                        `${base}.launchTemplate`,
                        get(c, "launchTemplate"),
                        true,
                        "names the launch template by both launchTemplateId and launchTemplateName; EC2 takes one",
                        "keep launchTemplateId or launchTemplateName, not both",
                    );
                }
            });
        }

        // An SSM parameter's account must own the AMI in the region: a target account, or the account that
        // builds the image (known once it is looked up).
        const ssm = get(v, "ssmParameterConfigurations");
        if (Array.isArray(ssm)) {
            const targetsPath = "amiDistributionConfiguration.targetAccountIds";
            const targets = get(v, "amiDistributionConfiguration", "targetAccountIds");
            const targetsKnown =
                targets === undefined || targets === null || (Array.isArray(targets) && !targets.includes(UNKNOWN));
            const targetsSecret = secretAt(targetsPath);
            ssm.forEach((c, i) => {
                const acct = get(c, "amiAccountId");
                // An account id that is not one by the model's pattern is reported once, by the model.
                if (typeof acct !== "string" || !targetsKnown || !regex(SHAPES.AccountId.pattern!).test(acct)) {
                    return;
                }
                const list = ((targets as unknown[] | undefined) ?? []).filter(
                    (t): t is string => typeof t === "string",
                );
                if (list.includes(acct) || caller.account === UNKNOWN || acct === caller.account) {
                    return;
                }
                if (caller.account === undefined) {
                    caller.needed = true;
                    return;
                }
                const listed = list.length === 0 ? " (there are none)" : targetsSecret ? "" : ` (${someOf(list)})`;
                reportRest(
                    `ssmParameterConfigurations[${i}].amiAccountId`,
                    acct,
                    true,
                    `must be the account that builds the image (${caller.account}) or one of the distribution's amiDistributionConfiguration.targetAccountIds${listed}${where}`,
                    "add the account to targetAccountIds, or leave amiAccountId out to write the parameter in the building account",
                );
            });
        }

        // Backend support: CloudFormation has no S3 export.
        if (args.backend === Backend.AwsNative && v.s3ExportConfiguration !== undefined) {
            reportRest(
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
            const namePath = "amiDistributionConfiguration.name";
            found.warnings.push({
                path: userPath(e.entry, namePath),
                message: `AMI name ${secretAt(namePath) ? "[secret]" : JSON.stringify(amiName)} has no {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}: the second build${where} fails because AMI names must be unique`,
                region: where ? regionOf : undefined,
            });
        }
        shared?.set(sharedKey, found);
    }
    // Findings of shared settings name the region they were found for: this one.
    const own = <T extends { region?: string }>(list: readonly T[], into: T[]) => {
        for (const f of list) {
            into.push(f.region === undefined || f.region === regionOf ? f : { ...f, region: regionOf });
        }
    };

    if (found.merged.length > 0) {
        own(found.merged, problems);
    }
    const region = normalizeView(rawRegion);
    const regionKnown = typeof region === "string";
    // A region code (the usual case) is a valid NonEmptyString: both rules below pass.
    const regionCode = regionKnown && isPlainRegionCode(region);
    if (e.entry.kind === "fanout" && !regionCode) {
        checkShape(region, "NonEmptyString", "region", report);
    }
    // Only a region the model accepts (1 to 1024 characters) is checked for its form: one problem a value.
    if (
        !regionCode &&
        typeof region === "string" &&
        region.length > 0 &&
        lengthOf(region) <= 1024 &&
        !isRegionCode(region)
    ) {
        report(
            "region",
            region,
            true,
            "must be a region code such as us-east-1, eu-central-2, us-gov-west-1 or cn-north-1 (lowercase, no availability-zone letter)",
            "use the region's code, not its display name or an availability zone",
        );
    }

    // At least one output.
    if (found.noOutput) {
        problems.push({
            path: e.entry.regionPath,
            value: region,
            hasValue: region !== UNKNOWN && region !== undefined,
            secret: regionSecret,
            rule: `the distribution${where} has no output; AWS rejects it ("One or more outputs should be provided for each region")`,
            fix: `give at least one of ${OUTPUT_FIELDS.join(", ")}${e.entry.kind === "fanout" ? " in defaults or overrides" : ""}`,
            region: regionOf,
        });
    }
    if (found.groups.length > 0) {
        own(found.groups, problems);
    }

    // A KMS key ARN must be in the entry's region and partition.
    const kms = found.kms;
    if (typeof kms === "string" && kms.startsWith("arn:")) {
        const p = "amiDistributionConfiguration.kmsKeyId";
        const kmsSecret = secretAt(p);
        const arn = parseArn(kms);
        if (!arn || arn.service !== "kms" || !/^(key|alias)\/.+/.test(arn.resource)) {
            report(
                p,
                kms,
                true,
                "is not a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)",
                "give the key's ARN, id or alias",
            );
        } else if (regionKnown) {
            const r = region as string;
            if (arn.region !== r) {
                report(
                    p,
                    kms,
                    true,
                    `is a KMS key ${kmsSecret ? "of another region" : `in ${arn.region || "no region"}`}, but it encrypts the AMI of another region${where}; an AMI is encrypted with a key of its own region`,
                    `use a key (or a multi-Region replica key) of the distribution's own region${e.entry.kind === "fanout" ? ", set per region in overrides" : ""}`,
                );
            } else if (arn.partition !== partitionOf(r)) {
                report(
                    p,
                    kms,
                    true,
                    `is a KMS key ${kmsSecret ? "of another partition" : `in partition ${arn.partition}`}, but the distribution${where} is in partition ${partitionOf(r)}`,
                    `use a key of partition ${partitionOf(r)}`,
                );
            }
        }
    }

    if (found.rest.length > 0) {
        own(found.rest, problems);
    }
    if (found.warnings.length > 0) {
        own(found.warnings, warnings);
    }
}

/** The launch permission members that share an AMI with other accounts (not the public group). */
const SHARING_MEMBERS = ["userIds", "organizationArns", "organizationalUnitArns"] as const;

/** The AWS managed key of EBS, by alias name or alias ARN: each account has its own, and it cannot be shared. */
function isAwsManagedEbsKey(kms: string): boolean {
    return kms === "alias/aws/ebs" || (kms.startsWith("arn:") && kms.endsWith(":alias/aws/ebs"));
}

/**
 * What EBS shares of an encrypted AMI (its snapshots): nothing publicly, and privately only what a customer
 * managed key encrypts. An AMI distributed with a `kmsKeyId` is encrypted with that key, so sharing fails
 * when the configuration is used, after the AMI has been built.
 */
function checkEncryptedSharing(v: Record<string, unknown>, kms: unknown, where: string, report: Reporter): void {
    if (typeof kms !== "string" || kms.length === 0) {
        return;
    }
    const p = "amiDistributionConfiguration.kmsKeyId";
    const lp = get(v, "amiDistributionConfiguration", "launchPermission");
    const groups = get(lp, "userGroups");
    if (Array.isArray(groups) && groups.includes("all")) {
        report(
            p,
            kms,
            true,
            `encrypts the AMI${where}, and launchPermission.userGroups "all" makes it public; EBS shares only unencrypted snapshots publicly`,
            "leave kmsKeyId out of a public AMI, or share the AMI with userIds, organizationArns or organizationalUnitArns instead of making it public",
        );
        return;
    }
    if (!isAwsManagedEbsKey(kms)) {
        return;
    }
    const sharedBy = SHARING_MEMBERS.filter((m) => {
        const list = get(lp, m);
        return Array.isArray(list) && list.length > 0;
    });
    if (sharedBy.length > 0) {
        report(
            p,
            kms,
            true,
            `is the AWS managed key aws/ebs, and launchPermission.${sharedBy.join(" and ")} shares the AMI${where} with other accounts; EBS shares only snapshots encrypted with a customer managed key`,
            "encrypt with a customer managed key whose policy lets those accounts use it",
        );
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
    if (text.length <= MAX_VALUE_TEXT) {
        return text;
    }
    // Cut at a code point, never inside a surrogate pair.
    const points = Array.from(text);
    return points.length > MAX_VALUE_TEXT ? `${points.slice(0, MAX_VALUE_TEXT - 3).join("")}...` : text;
}

/** One line of the error message for a problem. */
export function formatProblem(p: Problem): string {
    const fix = /[.?!]$/.test(p.fix) ? p.fix : `${p.fix}.`;
    return `${p.path}: got ${describeValue(p)}; ${p.rule}. Fix: ${fix}`;
}
