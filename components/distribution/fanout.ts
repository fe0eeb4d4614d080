/**
 * Fan-out: `regions` x `defaults`, deep-merged with `overrides[region]`, joined with the explicit
 * `distributions`. Pure and synchronous: values stay as the user gave them (Outputs included), and every
 * entry remembers where each of its values came from, so that a problem is reported at the path the
 * user wrote (`overrides["eu-west-1"].amiDistributionConfiguration.kmsKeyId`), not at a merged one.
 */
import { isDeferred, isPlainObject, isUnder, joinIndex, joinKey, joinMember, outputOf, setOwn } from "./values";

/** Where the values of one part of an entry came from: a path inside the entry, and the user's path. */
export interface OriginRule {
    /** A path inside the entry, in API names (`amiDistributionConfiguration.amiTags["team"]`). */
    path: string;
    /** The user's path that holds the value at `path` (`overrides["eu-west-1"]`, `defaults`). */
    source: string;
}

/** One region's distribution before validation and rendering. */
export interface FannedEntry {
    /** How the entry was written: fanned out from `regions`, or given in `distributions`. */
    kind: "fanout" | "explicit";
    /** The index in `regions` or in `distributions`. */
    index: number;
    /** The user's path of the region value: `regions[2]` or `distributions[0].region`. */
    regionPath: string;
    /**
     * The entry with `region`, in API names; leaves (and, for explicit entries, the whole entry) may be
     * Outputs.
     */
    value: unknown;
    /** Where each part came from, most specific first; `""` covers the rest of the entry. */
    origins: OriginRule[];
    /**
     * True for a region given as a plain string without an override: its value is `{ region, ...defaults }`
     * (without a `region` of `defaults`), the same settings as every other such region's, so that work
     * on those settings can be shared.
     */
    takesDefaults: boolean;
}

/** The parts of the arguments that fan-out reads. */
export interface FanoutInput {
    regions?: readonly unknown[];
    defaults?: unknown;
    overrides?: Readonly<Record<string, unknown>>;
    distributions?: readonly unknown[];
}

/** The user's path for a path inside an entry. */
export function userPath(entry: Pick<FannedEntry, "origins" | "regionPath">, path: string): string {
    if (path === "region") {
        return entry.regionPath;
    }
    for (const o of entry.origins) {
        if (isUnder(path, o.path)) {
            const rest =
                o.path !== "" ? path.slice(o.path.length) : path === "" || path.startsWith("[") ? path : `.${path}`;
            return o.source + rest;
        }
    }
    return path;
}

/** Path of an override: `overrides["eu-west-1"]`. */
export function overridePath(region: string): string {
    return joinKey("overrides", region);
}

/**
 * Deep-merges `over` onto `base`: plain objects merge key by key, anything else (lists, scalars,
 * Outputs) in `over` replaces `base`. `undefined` in `over` keeps `base`. Returns the merged value and
 * origin rules for the parts taken whole from either side.
 */
export function deepMerge(
    base: unknown,
    over: unknown,
    baseSource: string,
    overSource: string,
    path = "",
    origins: OriginRule[] = [],
): { value: unknown; origins: OriginRule[] } {
    if (over === undefined) {
        if (base !== undefined) {
            origins.push({ path, source: sourceAt(baseSource, path) });
        }
        return { value: base, origins };
    }
    if (base === undefined || !isPlainObject(base) || !isPlainObject(over)) {
        origins.push({ path, source: sourceAt(overSource, path) });
        // An Output on either side of two objects (a map such as amiTags given as an Output) merges once
        // it resolves, as the plain objects would: what is sent is what the late validation checked.
        const later = base !== undefined && (isDeferred(over) || (isDeferred(base) && isPlainObject(over)));
        return { value: later ? mergeLater(base, over) : over, origins };
    }
    const out: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(base), ...Object.keys(over)]);
    for (const k of keys) {
        const childPath = isMapPath(path) ? joinKey(path, k) : joinMember(path, k);
        const merged = deepMerge(own(base, k), own(over, k), baseSource, overSource, childPath, origins);
        if (merged.value !== undefined) {
            setOwn(out, k, merged.value);
        }
    }
    return { value: out, origins };
}

/** {@link deepMerge} of two values of which one is an Output, as an Output of the merged value. */
function mergeLater(base: unknown, over: unknown): unknown {
    return outputOf<[unknown, unknown]>([base, over]).apply(([b, o]) => deepMerge(b, o, "", "").value);
}

/** A member of the object itself, never one inherited from its prototype (`toString` is a valid tag key). */
function own(o: Record<string, unknown>, k: string): unknown {
    return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

/** Maps (as opposed to structures) whose keys are data: `amiTags`. */
function isMapPath(path: string): boolean {
    return /(^|\.)amiTags$/.test(path);
}

function sourceAt(source: string, path: string): string {
    if (path === "") {
        return source;
    }
    return path.startsWith("[") ? `${source}${path}` : `${source}.${path}`;
}

/** The origin rules of a region that takes its settings whole from `defaults` (shared, never mutated). */
const FROM_DEFAULTS: readonly OriginRule[] = Object.freeze([Object.freeze({ path: "", source: "defaults" })]);

/** The settings of `defaults` that a region takes: every own member but `region`. */
function defaultSettings(defaults: unknown): [string, unknown][] {
    if (!isPlainObject(defaults)) {
        return [];
    }
    const out: [string, unknown][] = [];
    for (const k of Object.keys(defaults)) {
        if (k !== "region") {
            out.push([k, defaults[k]]);
        }
    }
    return out;
}

/**
 * The fanned-out entry of `regions[index]`. `settings` is {@link defaultSettings} of `defaults`, read once
 * per fan-out: a region without an override takes exactly those, and merging is only needed for the
 * others.
 */
function fanOutRegion(
    input: FanoutInput,
    overrides: Readonly<Record<string, unknown>>,
    settings: readonly [string, unknown][],
    region: unknown,
    index: number,
): FannedEntry {
    const regionPath = joinIndex("regions", index);
    const over =
        typeof region === "string" && Object.prototype.hasOwnProperty.call(overrides, region)
            ? overrides[region]
            : undefined;
    if (over === undefined) {
        // Merging with nothing keeps defaults as they are: the same members, from the same place.
        return {
            kind: "fanout",
            index,
            regionPath,
            value: withSettings(region, settings),
            origins: FROM_DEFAULTS as OriginRule[],
            takesDefaults: typeof region === "string",
        };
    }
    // Only a region given as a string can have an override.
    const source = overridePath(region as string);
    const { value, origins } = deepMerge(isPlainObject(input.defaults) ? input.defaults : {}, over, "defaults", source);
    // The most specific rule wins; the root falls back to the override.
    const rules = origins.filter((o) => o.path !== "").sort((x, y) => y.path.length - x.path.length);
    rules.push({ path: "", source });
    // The fanned-out region comes first and wins over a `region` that settings might carry.
    const entry: Record<string, unknown> = { region };
    if (isPlainObject(value)) {
        for (const k of Object.keys(value)) {
            if (k !== "region") {
                setOwn(entry, k, value[k]);
            }
        }
    }
    return { kind: "fanout", index, regionPath, value: entry, origins: rules, takesDefaults: false };
}

/** `{ region, ...settings }`: the region first, so that it wins over a `region` the settings might carry. */
function withSettings(region: unknown, settings: readonly [string, unknown][]): Record<string, unknown> {
    const entry: Record<string, unknown> = { region };
    for (let i = 0; i < settings.length; i++) {
        setOwn(entry, settings[i][0], settings[i][1]);
    }
    return entry;
}

/** The overrides fan-out applies: a plain object, or none. */
function overridesOf(input: FanoutInput): Readonly<Record<string, unknown>> {
    return isPlainObject(input.overrides) ? input.overrides : {};
}

/**
 * Fans `regions` out with `defaults` and `overrides`, then appends the explicit `distributions`.
 * Regions keep the order given; sorting is the renderer's job. Overrides whose key is not a region are
 * not applied here: validation reports them. Entries are fresh objects; the values in them are the
 * caller's (not copies), and the origin rules of regions without an override are one shared, frozen list.
 */
export function fanOut(input: FanoutInput): FannedEntry[] {
    const out: FannedEntry[] = [];
    // Anything but a list is reported by validation; fan-out only reads what it can.
    const regions = Array.isArray(input.regions) ? input.regions : [];
    const overrides = overridesOf(input);
    const settings = defaultSettings(input.defaults);
    // Holes in a list (`[, "us-east-1"]`) are skipped, as forEach skips them.
    for (let index = 0; index < regions.length; index++) {
        if (index in regions) {
            out.push(fanOutRegion(input, overrides, settings, regions[index], index));
        }
    }
    const distributions = Array.isArray(input.distributions) ? input.distributions : [];
    for (let index = 0; index < distributions.length; index++) {
        if (!(index in distributions)) {
            continue;
        }
        const source = joinIndex("distributions", index);
        out.push({
            kind: "explicit",
            index,
            regionPath: `${source}.region`,
            value: distributions[index],
            origins: [{ path: "", source }],
            takesDefaults: false,
        });
    }
    return out;
}
