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
import { FannedEntry, FanoutInput, fanOut } from "./fanout";
import { isDeferred, isPlainObject, mapInput } from "./values";

/** An API-shaped distribution whose leaves may still be Outputs. */
export type ApiEntry = Record<string, unknown> & { region: pulumi.Input<string> };

/**
 * Structures that mean nothing when they have no member, so that an empty one is left out like an empty
 * list: no launch permission, no launch template, no snapshot setting. (An empty AMI or container
 * configuration is kept: it asks for that output, with the service's defaults.) Terraform leaves such a
 * block out of the request, so sending `{}` would show a difference on every `pulumi up`.
 */
const EMPTY_MEANS_NONE: ReadonlySet<string> = new Set([
    "LaunchPermissionConfiguration",
    "FastLaunchLaunchTemplateSpecification",
    "FastLaunchSnapshotConfiguration",
]);

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
            return EMPTY_MEANS_NONE.has(shapeName) && Object.keys(out).length === 0 ? undefined : out;
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
    if (isDeferred(lt)) {
        // An entry given as an Output gets the same default once it resolves.
        return mapInput(lt as pulumi.Input<unknown>, withDefaultVersion);
    }
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
    return entries.map(toApiEntry).sort(byRegion);
}

/**
 * The canonical entries of arguments whose regions are plain strings, sorted by region. The regions that
 * take `defaults` whole share one canonical copy of their settings, made once: each costs one small
 * object rather than a deep copy.
 */
export function canonicalizeFanOut(input: FanoutInput): ApiEntry[] {
    return canonicalizeFanned(fanOut(input));
}

/** {@link canonicalizeFanOut} of entries fanned out already. */
export function canonicalizeFanned(fanned: readonly FannedEntry[]): ApiEntry[] {
    let shared: ApiEntry | undefined;
    return fanned
        .map((e) => (e.takesDefaults ? withRegion((shared ??= toApiEntry(e.value)), e.value) : toApiEntry(e.value)))
        .sort(byRegion);
}

/** The shared canonical settings with the region of `value` (`{ region, ...settings }`). */
function withRegion(shared: ApiEntry, value: unknown): ApiEntry {
    return { ...shared, region: (value as ApiEntry).region };
}

/** Orders canonical entries by region (their regions are plain strings). */
function byRegion(a: ApiEntry, b: ApiEntry): number {
    return compareRegions(a.region as string, b.region as string);
}

/** Tags of the configuration itself, keys sorted, empty as undefined. */
export function canonicalTags(
    tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): pulumi.Input<Record<string, pulumi.Input<string>>> | undefined {
    return shapeCopy(tags, "TagMap") as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
}
