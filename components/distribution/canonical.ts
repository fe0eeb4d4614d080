/**
 * Canonical form: the entries in the API's shape, exactly as they are sent. Fields follow the model's
 * member order, map keys are sorted, empty lists and maps are left out, API defaults the providers
 * leave open are made explicit (`setDefaultVersion: true`), and entries are sorted by region, so the
 * same input in any order renders the same resource inputs.
 *
 * The functions work on trees whose leaves may be Outputs: they only look at structure (and at
 * regions, which must be plain strings when sorting).
 */
import type * as pulumi from "@pulumi/pulumi";
import { SHAPES } from "./constraints.generated";
import { FanoutInput, eachFannedValue, isSharedRegion, overridesOf, sharedValue } from "./fanout";
import { isDeferred, isPlainObject, mapInput } from "./values";

/** An API-shaped distribution whose leaves may still be Outputs. */
export type ApiEntry = Record<string, unknown> & { region: pulumi.Input<string> };

/** Copies `v` along the model's shape: known members only, model order, sorted map keys, no empties. */
export function shapeCopy(v: unknown, shapeName: string): unknown {
    if (v === undefined || v === null) {
        return undefined;
    }
    const shape = SHAPES[shapeName];
    if (isDeferred(v)) {
        if (shape && (shape.type === "list" || shape.type === "map" || shape.type === "structure")) {
            return mapInput(v as pulumi.Input<unknown>, (x) => shapeCopy(x, shapeName));
        }
        return v;
    }
    if (!shape) {
        return v;
    }
    switch (shape.type) {
        case "structure": {
            if (!isPlainObject(v)) {
                return v;
            }
            const out: Record<string, unknown> = {};
            const members = shape.members ?? {};
            for (const member in members) {
                const c = shapeCopy(v[member], members[member]);
                if (c !== undefined) {
                    out[member] = c;
                }
            }
            return out;
        }
        case "list": {
            if (!Array.isArray(v)) {
                return v;
            }
            return v.length === 0 ? undefined : v.map((e) => shapeCopy(e, shape.member!));
        }
        case "map": {
            if (!isPlainObject(v)) {
                return v;
            }
            const keys = Object.keys(v)
                .filter((k) => v[k] !== undefined)
                .sort();
            if (keys.length === 0) {
                return undefined;
            }
            const out: Record<string, unknown> = {};
            for (const k of keys) {
                out[k] = v[k];
            }
            return out;
        }
        default:
            return v;
    }
}

/** Makes the API's defaults explicit where a provider's default differs. */
function withApiDefaults(entry: Record<string, unknown>): Record<string, unknown> {
    const lts = entry.launchTemplateConfigurations;
    if (Array.isArray(lts)) {
        entry.launchTemplateConfigurations = lts.map(withDefaultVersion);
    } else if (isDeferred(lts)) {
        // A list given as an Output gets the same default once it resolves.
        entry.launchTemplateConfigurations = mapInput(lts as pulumi.Input<unknown>, (l) =>
            Array.isArray(l) ? l.map(withDefaultVersion) : l,
        );
    }
    return entry;
}

/**
 * A launch template configuration with `setDefaultVersion` explicit: the API's default, true ("If you
 * don't set a value, Image Builder treats it as true"), sent explicitly so that both backends mean it.
 */
function withDefaultVersion(lt: unknown): unknown {
    return isPlainObject(lt)
        ? {
              ...lt,
              setDefaultVersion:
                  lt.setDefaultVersion === undefined
                      ? true
                      : mapInput(lt.setDefaultVersion as pulumi.Input<boolean | undefined>, (b) => b ?? true),
          }
        : lt;
}

/** One entry in canonical API shape. */
export function toApiEntry(entry: unknown): ApiEntry {
    return withApiDefaults(shapeCopy(entry, "Distribution") as Record<string, unknown>) as ApiEntry;
}

/** Compares region codes for the canonical order. */
export function compareRegions(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** All entries in canonical API shape, sorted by region. Regions must be plain strings. */
export function canonicalize(entries: readonly unknown[]): ApiEntry[] {
    return entries.map(toApiEntry).sort((a, b) => compareRegions(a.region as string, b.region as string));
}

/**
 * The canonical entries of arguments whose regions are plain strings, sorted by region. A region without
 * an override takes its settings whole from `defaults`: those regions share one canonical copy of
 * `defaults`, made once, so that each costs one small object rather than a deep copy (and no merge).
 */
export function canonicalizeFanOut(input: FanoutInput): ApiEntry[] {
    if (allTakeDefaults(input)) {
        // The usual case: every region takes defaults whole. Region codes sort as the entries would.
        const regions = (input.regions as string[]).slice().sort();
        return regions.length === 0 ? [] : entriesFor(sharedOf(input, regions[0]), regions);
    }
    let shared: SharedEntry | undefined;
    const entries = eachFannedValue<ApiEntry>(input, {
        shared: (region) => entryFor((shared ??= sharedOf(input, region)), region),
        merged: toApiEntry,
        explicit: toApiEntry,
    });
    return entries.sort((a, b) => compareRegions(a.region as string, b.region as string));
}

/** The canonical members of `defaults` that regions without an override share, read once. */
interface SharedEntry {
    entry: Record<string, unknown>;
    keys: string[];
}

/** The canonical entry of a region that takes `defaults` whole, without its region. */
function sharedOf(input: FanoutInput, region: string): SharedEntry {
    const entry = toApiEntry(sharedValue(input.defaults, region));
    return { entry, keys: Object.keys(entry).filter((k) => k !== "region") };
}

/** The entries of `regions`, each its own small object with the shared members. */
function entriesFor(shared: SharedEntry, regions: readonly string[]): ApiEntry[] {
    const out: ApiEntry[] = [];
    for (let i = 0; i < regions.length; i++) {
        out.push(entryFor(shared, regions[i]));
    }
    return out;
}

/** A region's own small entry with the shared members. */
function entryFor(shared: SharedEntry, region: string): ApiEntry {
    const entry: ApiEntry = { region };
    for (let i = 0; i < shared.keys.length; i++) {
        entry[shared.keys[i]] = shared.entry[shared.keys[i]];
    }
    return entry;
}

/** True when every region is a plain string without an override, and no distribution is explicit. */
function allTakeDefaults(input: FanoutInput): boolean {
    if (!Array.isArray(input.regions) || (Array.isArray(input.distributions) && input.distributions.length > 0)) {
        return false;
    }
    const overrides = overridesOf(input);
    for (let i = 0; i < input.regions.length; i++) {
        if (!isSharedRegion(overrides, input.regions[i])) {
            return false;
        }
    }
    return true;
}

/** Tags of the configuration itself, keys sorted, empty as undefined. */
export function canonicalTags(
    tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): pulumi.Input<Record<string, pulumi.Input<string>>> | undefined {
    return shapeCopy(tags, "TagMap") as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
}
