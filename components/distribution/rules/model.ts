/**
 * AWS's model constraints: the lengths, patterns, enums, ranges, list bounds and required members of the
 * request's shapes, read from the generated constraint table (`../constraints.generated.ts`). One walker
 * checks every value against its shape; the registry names the few generic codes it reports.
 */
import { SHAPES } from "../constraints.generated";
import { closest } from "../regions";
import { UNKNOWN, isPlainObject, joinIndex, joinKey, joinMember } from "../values";
import { Finding, ModelRule, Report } from "./types";

const MODEL = "https://github.com/boto/botocore/blob/develop/botocore/data/imagebuilder/2019-12-02/service-2.json";

/** A constraint of the model, by the generic code the walker reports. */
const modelRule = (
    code: string,
    description: string,
    source: ModelRule["source"] = "model",
    url = MODEL,
): ModelRule => ({
    code,
    description,
    source,
    url,
    regional: false,
    severity: "error",
    scope: "model",
});

/** The codes of the model's constraints. */
export const MODEL_RULES: readonly ModelRule[] = [
    modelRule(
        "model-type",
        "a value of the wrong type: a string, number, boolean, list or object where the model wants another",
    ),
    modelRule(
        "model-required",
        "a member that the model requires and that is missing (after defaults and overrides are merged)",
    ),
    modelRule("model-unknown-member", "a field that is not a member of its shape (a typo, or a name of another API)"),
    modelRule(
        "model-enum",
        "a value outside the shape's enum (DiskImageFormat, ContainerRepositoryService, SsmParameterDataType)",
    ),
    modelRule("model-length", "a string (or map key) shorter or longer than the shape allows, counted in code points"),
    modelRule(
        "model-pattern",
        "a string (or map key) that does not match the shape's pattern, matched whole as Java does",
    ),
    modelRule(
        "model-range",
        "a number outside the shape's range, or outside what the API's 32-bit integers or a JavaScript number hold exactly",
    ),
    modelRule(
        "model-size",
        "a list or map with fewer or more items than the shape allows (for example more than 1,536 target accounts or 50 tags)",
    ),
    modelRule("model-null-item", "a null (or a hole) where a list item or a map value must be: it is sent as null"),
    {
        ...modelRule(
            "map-key-proto",
            "a map key named __proto__, which Pulumi's SDK drops when it sends the map",
            "component",
            "",
        ),
        url: undefined,
    },
];

/** What {@link checkMerged} found in each object of the validation under way, by shape. */
let mergedCache: Map<object, Map<string, Finding[]>> | undefined;

/**
 * Runs `f` with a cache of what {@link checkMerged} found in each object: regions without an override
 * share the objects of `defaults`, so each is walked once. The cache lives only while `f` runs, so a
 * caller that mutates its objects between two validations never sees a stale result.
 */
export function withModelCache<T>(f: () => T): T {
    const outer = mergedCache;
    mergedCache = new Map();
    try {
        return f();
    } finally {
        mergedCache = outer;
    }
}

/** Human descriptions of the model's patterns, by shape. */
const SHAPE_RULES: Record<string, { rule: string; fix: string }> = {
    ResourceName: {
        rule: "a name of 3 to 128 letters, digits, '-', '_' and spaces, with no space at either end",
        fix: "give 3 to 128 characters: replace others (such as '.', '/' or ':') with '-' and trim the spaces at the ends",
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
/** The range of the model's `integer` type. */
const INT32 = { min: -2147483648, max: 2147483647, why: "the API's integers are 32-bit" };
/** The range of the model's `long` type that a JavaScript number holds exactly. */
const SAFE_LONG = {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    why: "larger whole numbers are not exact in JavaScript",
};

/** A UTF-16 high surrogate: where a code point may take two code units. */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** The number of Unicode code points, as the model counts string length. */
export function lengthOf(s: string): number {
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
export function regex(pattern: string): RegExp {
    let r = patternCache.get(pattern);
    if (!r) {
        r = new RegExp(javaPatternSource(pattern));
        patternCache.set(pattern, r);
    }
    return r;
}

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
    report: Report,
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
                report({
                    code: "model-type",
                    path,
                    value,
                    rule: `must be an object (${shapeName})`,
                    fix: "give an object with the API's field names",
                });
                return;
            }
            const members = shape.members ?? {};
            if (options.required !== false) {
                missingMembers(value, shapeName, path, report);
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
                report({
                    code: "model-unknown-member",
                    path: joinMember(path, k),
                    value: value[k],
                    rule: `is not a field of ${shapeName} (fields: ${memberNames.join(", ")})`,
                    fix: hint ? `did you mean ${hint}?` : "remove it",
                });
            }
            return;
        }
        case "list": {
            if (!Array.isArray(value)) {
                report({ code: "model-type", path, value, rule: "must be a list", fix: "give an array" });
                return;
            }
            sizeCheck(value.length, shape.min, shape.max, path, value, "items", report);
            for (let i = 0; i < value.length; i++) {
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
                report({
                    code: "model-type",
                    path,
                    value,
                    rule: "must be a map of strings",
                    fix: "give an object of string values",
                });
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
function reportLeafFault(value: unknown, shapeName: string, path: string, report: Report): void {
    const shape = SHAPES[shapeName];
    const fault = leafFault(value, shape);
    if (fault === undefined) {
        return;
    }
    const desc = SHAPE_RULES[shapeName];
    switch (fault) {
        case "type":
            if (shape.type === "string") {
                report({ code: "model-type", path, value, rule: "must be a string", fix: "give a string" });
            } else if (shape.type === "boolean") {
                report({ code: "model-type", path, value, rule: "must be true or false", fix: "give a boolean" });
            } else {
                report({
                    code: "model-type",
                    path,
                    value,
                    rule: "must be a whole number",
                    fix: "give an integer as a number (not a string or a BigInt)",
                });
            }
            return;
        case "enum": {
            const hint = closest(value as string, shape.enum!);
            report({
                code: "model-enum",
                path,
                value,
                rule: `must be one of ${shape.enum!.map((e) => JSON.stringify(e)).join(", ")}`,
                fix: hint ? `did you mean ${JSON.stringify(hint)}?` : "use one of the listed values",
                secretFix: "use one of the listed values",
            });
            return;
        }
        case "length": {
            const len = lengthOf(value as string);
            report({
                code: "model-length",
                path,
                value,
                rule: `must be ${rangeText(shape.min, shape.max, "characters")} long (has ${len})${desc ? `: ${desc.rule}` : ""}`,
                secretRule: `must be ${rangeText(shape.min, shape.max, "characters")} long${desc ? `: ${desc.rule}` : ""}`,
                fix: len === 0 ? "give a value or leave the field out" : (desc?.fix ?? "shorten it"),
            });
            return;
        }
        case "pattern":
            report({
                code: "model-pattern",
                path,
                value,
                rule: `must be ${desc ? desc.rule : "a string"} (pattern ${shape.pattern})`,
                fix: desc?.fix ?? "change the value to match the pattern",
            });
            return;
        case "range":
            report({
                code: "model-range",
                path,
                value,
                rule: `must be ${rangeText(shape.min, shape.max, "")}`.trimEnd(),
                fix: "change the number",
            });
            return;
        case "bound": {
            const bound = shape.type === "integer" ? INT32 : SAFE_LONG;
            report({
                code: "model-range",
                path,
                value,
                rule: `must be ${rangeText(shape.min ?? bound.min, shape.max ?? bound.max, "")}: ${bound.why}`,
                fix: "change the number",
            });
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
function missingElement(path: string, shapeName: string, what: string, report: Report): void {
    const type = SHAPES[shapeName]?.type;
    const expected =
        type === "structure"
            ? "an object"
            : type === "boolean"
              ? "true or false"
              : type === "integer" || type === "long"
                ? "a number"
                : "a string";
    report({
        code: "model-null-item",
        path,
        value: null,
        rule: `a ${what} must be ${expected}, not null`,
        fix: `give a value or remove the ${what}`,
    });
}

function checkKey(key: string, shapeName: string, path: string, report: Report): void {
    const shape = SHAPES[shapeName];
    switch (keyFault(key, shape)) {
        case "proto":
            report({
                code: "map-key-proto",
                path,
                value: key,
                rule: "is a key Pulumi cannot send: its SDK drops an object key named __proto__",
                fix: "rename the key",
            });
            return;
        case "length": {
            const len = lengthOf(key);
            report({
                code: "model-length",
                path,
                value: key,
                rule: `key must be ${rangeText(shape.min, shape.max, "characters")} long (has ${len})`,
                secretRule: `key must be ${rangeText(shape.min, shape.max, "characters")} long`,
                fix: len === 0 ? "give the key a name" : "shorten the key",
            });
            return;
        }
        case "pattern": {
            const desc = SHAPE_RULES[shapeName];
            report({
                code: "model-pattern",
                path,
                value: key,
                rule: `key must be ${desc ? desc.rule : "valid"} (pattern ${shape.pattern})`,
                fix: shapeName === "TagKey" ? tagKeyFix(key) : (desc?.fix ?? "rename the key"),
                secretFix: desc?.fix ?? "rename the key",
            });
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
    report: Report,
): void {
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        report({
            code: "model-size",
            path,
            value,
            rule: `must have ${rangeText(min, max, unit)} (has ${n})`,
            fix: max !== undefined && n > max ? `split it or remove ${n - max}` : "add an item or leave the field out",
        });
    }
}
/**
 * What merging `defaults` with an override can break that neither breaks alone: a required member that
 * neither side gives, and a map (such as `amiTags`) that grows past its limit. Values themselves are
 * checked on each side.
 */
export function checkMerged(value: unknown, shapeName: string, path: string, report: Report): void {
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
            const collected: Finding[] = [];
            checkMergedNow(value, shape, shapeName, "", (f) => collected.push(f));
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
            report({ ...f, path: at });
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
    report: Report,
): void {
    if (shape.type === "structure" && isPlainObject(value)) {
        missingMembers(value, shapeName, path, report);
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

/** Reports each member that the structure `shapeName` requires and `value` lacks (or holds as null). */
function missingMembers(value: Record<string, unknown>, shapeName: string, path: string, report: Report): void {
    for (const req of SHAPES[shapeName].required ?? []) {
        if (value[req] === undefined || value[req] === null) {
            report({
                code: "model-required",
                path: joinMember(path, req),
                rule: `is required by ${shapeName}`,
                fix: `give ${req}`,
            });
        }
    }
}
