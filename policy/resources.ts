/**
 * From a raw `DistributionConfiguration` of either provider to the component's arguments (through the
 * library's field map), validated by the library's engine, and from each problem's path back to the
 * resource's own spelling.
 *
 * `@pulumi/aws` calls `setDefaultVersion` `default` and has the configuration's home region as the
 * resource's `region`; `@pulumi/aws-native` calls the launch permission `launchPermissionConfiguration`
 * and has no S3 export. A raw resource becomes the component's arguments with explicit `distributions`,
 * so every rule of the engine applies, and a problem at
 * `distributions[0].amiDistributionConfiguration.launchPermission.userIds[1]` is reported, for
 * aws-native, at `distributions[0].amiDistributionConfiguration.launchPermissionConfiguration.userIds[1]`.
 */
import { runtime } from "@pulumi/pulumi";
import { UNKNOWN, awsNativeToApi, awsToApi, checkArgsView, describeValue } from "pulumi-imagebuilder-distribution";
import { memberPath, secretPathsOf } from "./internals";

/** The type token of `@pulumi/aws`'s `aws.imagebuilder.DistributionConfiguration`. */
export const AWS_TYPE = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
/** The type token of `@pulumi/aws-native`'s `awsnative.imagebuilder.DistributionConfiguration`. */
export const AWS_NATIVE_TYPE = "aws-native:imagebuilder:DistributionConfiguration";

/** The provider package of a resource the pack checks. */
export type Provider = "aws" | "aws-native";

/** The provider of a resource type, or undefined for a type the pack does not check. */
export function providerOf(type: string): Provider | undefined {
    return type === AWS_TYPE ? "aws" : type === AWS_NATIVE_TYPE ? "aws-native" : undefined;
}

/** How a resource is named in messages: `aws.imagebuilder.DistributionConfiguration "web"`. */
export function resourceLabel(provider: Provider, name: string): string {
    return `${provider}.imagebuilder.DistributionConfiguration ${JSON.stringify(name)}`;
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** `o[k]` read through the analyzer's proxy: {@link UNKNOWN} when the proxy says it is unknown. */
function read(o: Record<string | number, unknown>, k: string | number): unknown {
    let x: unknown;
    try {
        x = o[k];
    } catch {
        // @pulumi/policy's proxy throws when a value that is unknown in preview is read.
        return UNKNOWN;
    }
    return plainOf(x);
}

/**
 * Plain data from a policy's `props` (or any value in them): every value read through the analyzer's
 * proxy, {@link UNKNOWN} where the value is not known yet (in preview).
 */
export function plainOf(v: unknown): unknown {
    if (v === runtime.unknownValue) {
        return UNKNOWN;
    }
    if (typeof v !== "object" || v === null) {
        return v;
    }
    if (Array.isArray(v)) {
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
            out.push(read(v as unknown as Record<number, unknown>, i));
        }
        return out;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) {
        // Assets and archives: no field of a distribution configuration.
        return v;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
        setOwn(out, k, read(v as Record<string, unknown>, k));
    }
    return out;
}

/** One segment of a path: a member (`.name`), a map key (`["key"]`) or a list index (`[0]`). */
type Segment = { member: string } | { key: string } | { index: number };

const SEGMENT = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The segments of a path in the library's form; undefined when it is not in that form. */
export function parsePath(path: string): Segment[] | undefined {
    const out: Segment[] = [];
    let at = 0;
    while (at < path.length) {
        SEGMENT.lastIndex = at;
        const m = SEGMENT.exec(path);
        if (!m || (at === 0 && m[0].startsWith("."))) {
            return undefined;
        }
        out.push(
            m[1] !== undefined
                ? { member: m[1] }
                : m[2] !== undefined
                  ? { index: Number(m[2]) }
                  : { key: JSON.parse(m[3]) as string },
        );
        at = SEGMENT.lastIndex;
    }
    return out;
}

function formatPath(segments: readonly Segment[]): string {
    let out = "";
    for (const s of segments) {
        out =
            "member" in s
                ? memberPath(out, s.member)
                : "index" in s
                  ? `${out}[${s.index}]`
                  : `${out}[${JSON.stringify(s.key)}]`;
    }
    return out;
}

function isMember(s: Segment | undefined, name?: string): s is { member: string } {
    return s !== undefined && "member" in s && (name === undefined || s.member === name);
}

/**
 * The names in which a provider differs from the API: `[resource's name, API's name, where]`, where
 * `where` says whether a member at position `i` of `segments` is that field.
 */
const RENAMES: Record<Provider, [string, string, (segments: readonly Segment[], i: number) => boolean][]> = {
    aws: [
        // The configuration's home region: the resource's `region`, the component's `homeRegion`.
        ["region", "homeRegion", (_s, i) => i === 0],
        // distributions[i].launchTemplateConfigurations[j].default
        [
            "default",
            "setDefaultVersion",
            (s, i) => i >= 2 && "index" in s[i - 1] && isMember(s[i - 2], "launchTemplateConfigurations"),
        ],
    ],
    "aws-native": [
        // distributions[i].amiDistributionConfiguration.launchPermissionConfiguration
        [
            "launchPermissionConfiguration",
            "launchPermission",
            (s, i) => isMember(s[i - 1], "amiDistributionConfiguration"),
        ],
    ],
};

/**
 * A path between the resource's spelling and the component's (API) spelling. `toApi` true: from the
 * resource's to the API's. Paths in another form are returned as they are.
 */
export function translatePath(provider: Provider, path: string, toApi: boolean): string {
    const segments = parsePath(path);
    if (segments === undefined) {
        return path;
    }
    let changed = false;
    const out = segments.map((s, i) => {
        if (!isMember(s)) {
            return s;
        }
        for (const [resourceName, apiName, where] of RENAMES[provider]) {
            const from = toApi ? resourceName : apiName;
            if (s.member === from && where(segments, i)) {
                changed = true;
                return { member: toApi ? apiName : resourceName };
            }
        }
        return s;
    });
    return changed ? formatPath(out) : path;
}

/** A rule's or fix's text with the API's field names as the resource spells them. */
export function translateText(provider: Provider, text: string): string {
    // The component's own switch for public AMIs is the pack's config here.
    const t = text.replace(
        /allowPublicAmis: true on the component/g,
        "allowPublicAmis: true in the policy pack's config",
    );
    if (provider === "aws-native") {
        return t.replace(/\blaunchPermission\b(?!Configuration)/g, "launchPermissionConfiguration");
    }
    return t.replace(/\bsetDefaultVersion\b/g, "default").replace(/\bhomeRegion\b/g, "region");
}

/** The component's arguments for a raw resource, and the secret paths in their spelling. */
export interface ResourceArgs {
    /** `name`, `description`, `tags`, `distributions` (API names), `homeRegion` and `backend`. */
    args: Record<string, unknown>;
    /** Paths of secret values, as the arguments spell them. */
    secrets: string[];
}

/**
 * The member in which the Terraform bridge behind `@pulumi/aws` lists the fields of a block that it filled
 * with their defaults (`launchTemplateConfigurations[0].__defaults: ["default"]`). It is in the checked
 * inputs that the engine hands to analyzers (only top-level internal keys are left out), and is no input.
 */
const BRIDGE_DEFAULTS = "__defaults";

/** The fields of a distribution that are maps: their keys are the user's, never the bridge's. */
const MAP_FIELDS: ReadonlySet<string> = new Set(["amiTags"]);

/**
 * `v` without the bridge's `__defaults` members, at any depth but inside a map, and without the fields
 * they list. Those are Terraform's defaults, not the user's values, and not always what is sent: a fast
 * launch's `maxParallelLaunches` defaults to 0, which Terraform's model forbids and never sends (the API
 * then applies its own default), and a launch template's `default` to true, the API's own default.
 * Checked as values, the first would be a false `model-range` on every fast launch that leaves it out.
 */
function withoutBridgeDefaults(v: unknown, isMap = false): unknown {
    if (Array.isArray(v)) {
        return v.map((x) => withoutBridgeDefaults(x));
    }
    if (typeof v !== "object" || v === null || isMap || Object.getPrototypeOf(v) !== Object.prototype) {
        return v;
    }
    const filled = (v as Record<string, unknown>)[BRIDGE_DEFAULTS];
    const defaulted = new Set(Array.isArray(filled) ? filled.filter((f): f is string => typeof f === "string") : []);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
        if (k !== BRIDGE_DEFAULTS && !defaulted.has(k)) {
            setOwn(out, k, withoutBridgeDefaults(x, MAP_FIELDS.has(k)));
        }
    }
    return out;
}

/** The distributions of a resource in the API's names (entries that are not objects stay as they are). */
function distributionsToApi(provider: Provider, distributions: unknown): unknown {
    if (!Array.isArray(distributions)) {
        return distributions;
    }
    const toApi = provider === "aws" ? awsToApi : awsNativeToApi;
    const entries = provider === "aws" ? (withoutBridgeDefaults(distributions) as unknown[]) : distributions;
    return entries.map((d) =>
        typeof d === "object" && d !== null && !Array.isArray(d) ? toApi([d as Record<string, unknown>])[0] : d,
    );
}

/**
 * The component's arguments for a raw resource's plain inputs (or outputs): the inputs that reach the
 * API, with explicit `distributions` in the API's names. What the provider adds (`tagsAll`, `arn`, dates)
 * is left out.
 */
export function toArgs(provider: Provider, plain: unknown, secretPaths: readonly string[]): ResourceArgs {
    const props = typeof plain === "object" && plain !== null ? (plain as Record<string, unknown>) : {};
    const args: Record<string, unknown> = { backend: provider };
    const take = (from: string, to: string, value: unknown = props[from]) => {
        if (value !== undefined && value !== null) {
            args[to] = value;
        }
    };
    take("name", "name");
    take("description", "description");
    take("tags", "tags");
    take("distributions", "distributions", distributionsToApi(provider, props.distributions));
    if (provider === "aws") {
        take("region", "homeRegion");
    }
    return { args, secrets: secretPaths.map((p) => translatePath(provider, p, true)) };
}

/** One thing the engine found in a resource, in the resource's spelling. */
export interface Finding {
    /** The rule's code. */
    code: string;
    /** False for a problem (AWS would reject it), true for a warning (valid but risky). */
    warning: boolean;
    /** The path as the resource spells it. */
    path: string;
    /** The message: resource, path, value (secrets redacted), rule (with its code) and fix. */
    message: string;
}

/** The strings held at secret paths of `plain` (deeply), for a last check that no message shows one. */
function secretStrings(plain: unknown, secretPaths: readonly string[]): string[] {
    const out: string[] = [];
    const collect = (v: unknown) => {
        if (typeof v === "string" || typeof v === "number") {
            const s = String(v);
            if (s.length >= 3) {
                out.push(s);
            }
        } else if (Array.isArray(v)) {
            v.forEach(collect);
        } else if (typeof v === "object" && v !== null) {
            Object.values(v).forEach(collect);
        }
    };
    for (const p of secretPaths) {
        const segments = parsePath(p);
        if (segments === undefined) {
            continue;
        }
        let v: unknown = plain;
        for (const s of segments) {
            if (typeof v !== "object" || v === null) {
                v = undefined;
                break;
            }
            v =
                "member" in s
                    ? (v as Record<string, unknown>)[s.member]
                    : "key" in s
                      ? (v as Record<string, unknown>)[s.key]
                      : (v as unknown[])[s.index];
        }
        collect(v);
    }
    // Longest first, so that a secret that contains another is redacted whole.
    return out.sort((a, b) => b.length - a.length);
}

/** `text` with every secret string in it (not as part of a longer word) replaced by `[secret]`. */
function redact(text: string, secrets: readonly string[]): string {
    let out = text;
    for (const s of secrets) {
        const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g"), "[secret]");
    }
    return out;
}

/** What {@link checkResource} needs besides the resource. */
export interface CheckOptions {
    /** Allow `userGroups: ["all"]` (public AMIs). Default false. */
    allowPublicAmis?: boolean;
    /**
     * The region of the provider that deploys the resource: the home region when the resource names
     * none (an `@pulumi/aws` resource's `region`), for the partition check. Default: not known, and only
     * the resource's own `region` takes part.
     */
    providerRegion?: string;
}

/** A checked resource: its plain inputs, their secret paths, and the findings. */
export interface CheckedResource {
    /** The provider of the resource. */
    provider: Provider;
    /** The inputs as plain data ({@link UNKNOWN} where unknown). */
    plain: unknown;
    /** The secret paths of the inputs, as the resource spells them (`[""]`: all of it). */
    secretPaths: readonly string[];
    /** The findings, problems first, in the engine's order. */
    findings: Finding[];
}

/**
 * Checks a raw DistributionConfiguration with every rule of the library. `props` is a policy's
 * `args.props` (or plain data). Values unknown in preview are skipped; secret values never appear in a
 * message. The deploying account is not known to a policy: `ssm-account` is skipped, and `aws/ebs` or an
 * enabled fast launch with `targetAccountIds` is decided only when two different target accounts make
 * one of them another account.
 */
export function checkResource(type: string, name: string, props: unknown, options: CheckOptions = {}): CheckedResource {
    const provider = providerOf(type);
    if (provider === undefined) {
        throw new Error(`not a DistributionConfiguration: ${type}`);
    }
    // Secrets that cannot be told apart: the whole resource counts as secret.
    return checkPlain(provider, name, plainOf(props), secretPathsOf(props) ?? [""], options);
}

/** {@link checkResource} of inputs already read as plain data, with their secret paths. */
export function checkPlain(
    provider: Provider,
    name: string,
    plain: unknown,
    secretPaths: readonly string[],
    options: CheckOptions = {},
): CheckedResource {
    const { args, secrets } = toArgs(provider, plain, secretPaths);
    args.allowPublicAmis = options.allowPublicAmis === true;
    const result = checkArgsView(args, secrets, UNKNOWN, options.providerRegion);
    const hidden = secretStrings(plain, secretPaths);
    const label = resourceLabel(provider, name);
    const findings: Finding[] = [];
    for (const p of result.problems) {
        const code = p.code;
        const path = translatePath(provider, p.path, false);
        const fix = translateText(provider, p.fix);
        const message =
            `${label}: ${path}: got ${describeValue(p)}; ${translateText(provider, p.rule)} (rule ${code}). ` +
            `Fix: ${/[.?!]$/.test(fix) ? fix : `${fix}.`}`;
        findings.push({ code, warning: false, path, message: redact(message, hidden) });
    }
    for (const w of result.warnings) {
        const code = w.code;
        const path = translatePath(provider, w.path, false);
        const message = `${label}: ${path}: ${translateText(provider, w.message)} (rule ${code})`;
        findings.push({ code, warning: true, path, message: redact(message, hidden) });
    }
    return { provider, plain, secretPaths, findings };
}
