/**
 * Compares two plans (a base saved with `--json`, typically from the base branch, and the current
 * one): per distribution configuration and region what is added, removed or changed, and which
 * change replaces a configuration: its name (create-only in AWS), its home region (where it lives),
 * or its backend (the type of its resource).
 */
import { PlanBackend, PlanDocument, PlanHomeRegion, PlanRequest, PlanResource, backendOf, parseUrn } from "./document";
import { DISTRIBUTION_TYPES, UNKNOWN } from "./constants";
import { Json, isObject, jsonEqual } from "./json";

/** A value that changed; `before` or `after` is undefined when the value is absent on that side. */
export interface FieldChange {
    path: string;
    before?: Json;
    after?: Json;
}

/** The changes of one region of a configuration. */
export interface RegionChange {
    region: string;
    changes: FieldChange[];
}

/** A change that replaces a configuration, or may. */
export interface Replacement {
    /** What changes: the name (create-only), the home region (where it lives), the backend (resource type). */
    reason: "name" | "home region" | "backend";
    /** The value in the base plan; null when it is not known offline (the default provider's region). */
    before: string | null;
    /** The current value; null when it is not known offline. */
    after: string | null;
    /** False when one side is not known offline: the configuration is replaced unless they are the same. */
    certain: boolean;
}

/** How one distribution configuration changes. */
export interface ConfigurationDiff {
    /** The resource's key: its qualified type and name (stable across stacks and projects). */
    key: string;
    /** The resource's logical name. */
    resourceName: string;
    status: "added" | "removed" | "changed";
    /** The configuration's name (the new one when it changes). */
    name: string;
    /** The name in the base plan, when it changes. */
    previousName?: string;
    /** True when the change replaces the configuration: its name, home region or backend changed. */
    replaces: boolean;
    /** Every change that replaces the configuration, or may (name, home region, backend, in that order). */
    replacements: Replacement[];
    /** The home region before and after, when it changes. */
    homeRegion?: { before: PlanHomeRegion; after: PlanHomeRegion };
    /** Changes of the configuration itself (description, tags). */
    fields: FieldChange[];
    regionsAdded: string[];
    regionsRemoved: string[];
    regionsChanged: RegionChange[];
    /** The regions of the configuration (after the change; before it when removed). */
    regions: string[];
}

/** The differences between two plans. */
export interface PlanDiff {
    /** What the base plan was read from. */
    base: string;
    configurations: ConfigurationDiff[];
    /** Resources (`type name`) that only the current plan has. */
    resourcesAdded: string[];
    /** Resources (`type name`) that only the base plan has. */
    resourcesRemoved: string[];
    /**
     * Resources of both plans whose inputs differ, with what changed (distribution configurations are in
     * `configurations`).
     */
    resourcesChanged: ResourceChange[];
    /** Stack outputs that changed (path: the output's name). */
    outputs: FieldChange[];
    /** Whether anything differs. */
    changed: boolean;
}

/** The types of distribution configurations: their changes are the configurations' diffs. */
const DISTRIBUTION_TYPE_SET: ReadonlySet<string> = new Set(Object.values(DISTRIBUTION_TYPES));

/** A resource of both plans whose inputs differ. */
export interface ResourceChange {
    /** `type name`. */
    resource: string;
    /** What changed in its inputs, by path. */
    changes: FieldChange[];
}

/** `a.b`, `a[0]`, or `a["odd key"]`. */
function join(path: string, key: string | number): string {
    if (typeof key === "number") {
        return `${path}[${key}]`;
    }
    const member = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
    if (path === "") {
        return member.startsWith('"') ? `[${member}]` : member;
    }
    return member.startsWith('"') ? `${path}[${member}]` : `${path}.${member}`;
}

function isScalar(v: unknown): boolean {
    return v === null || typeof v !== "object";
}

/** The changes between two JSON values, by path. Lists of plain values are compared as a whole. */
export function diffValues(path: string, before: Json | undefined, after: Json | undefined, out: FieldChange[]): void {
    if (before === undefined && after === undefined) {
        return;
    }
    if (before !== undefined && after !== undefined && jsonEqual(before, after)) {
        return;
    }
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        for (const k of keys) {
            diffValues(join(path, k), before[k] as Json | undefined, after[k] as Json | undefined, out);
        }
        return;
    }
    if (
        Array.isArray(before) &&
        Array.isArray(after) &&
        !(before.every(isScalar) && after.every(isScalar)) &&
        before.length > 0 &&
        after.length > 0
    ) {
        for (let i = 0; i < Math.max(before.length, after.length); i++) {
            diffValues(join(path, i), before[i], after[i], out);
        }
        return;
    }
    const change: FieldChange = { path: path === "" ? "(value)" : path };
    if (before !== undefined) {
        change.before = before;
    }
    if (after !== undefined) {
        change.after = after;
    }
    out.push(change);
}

/** The key of a resource that survives a change of stack or project: qualified type and name. */
function urnKey(urn: string): string {
    const p = parseUrn(urn);
    return p ? `${p.qualifiedType}::${p.name}` : urn;
}

/**
 * The key of a configuration whatever its backend: its parents' types and its name (the component
 * names its child after itself, so this is the component's identity).
 */
function ownerKey(urn: string): string {
    const p = parseUrn(urn);
    return p ? `${p.qualifiedType.split("$").slice(0, -1).join("$")}::${p.name}` : urn;
}

function backendOfRequest(r: PlanRequest): PlanBackend {
    return r.backend ?? backendOf(parseUrn(r.resource)?.type ?? "");
}

/**
 * Pairs the requests of two plans: by resource, and a configuration whose backend changes (another
 * resource type under the same component) with itself.
 * @returns [key, base request, current request] in the current plan's order, then what was removed.
 */
function pairRequests(
    base: readonly PlanRequest[],
    head: readonly PlanRequest[],
): [string, PlanRequest | undefined, PlanRequest | undefined][] {
    const before = new Map(base.map((r) => [urnKey(r.resource), r]));
    const after = new Map(head.map((r) => [urnKey(r.resource), r]));
    const removed = [...before].filter(([k]) => !after.has(k));
    const added = [...after].filter(([k]) => !before.has(k));
    const byOwner = (list: [string, PlanRequest][]) => {
        const m = new Map<string, [string, PlanRequest][]>();
        for (const e of list) {
            const k = ownerKey(e[1].resource);
            m.set(k, [...(m.get(k) ?? []), e]);
        }
        return m;
    };
    const removedByOwner = byOwner(removed);
    const addedByOwner = byOwner(added);
    // A removed request that continues as an added one: key of the added -> the removed request.
    const continued = new Map<string, PlanRequest>();
    const continuedFrom = new Set<string>();
    for (const [owner, adds] of addedByOwner) {
        const rems = removedByOwner.get(owner) ?? [];
        if (adds.length === 1 && rems.length === 1 && backendOfRequest(adds[0][1]) !== backendOfRequest(rems[0][1])) {
            continued.set(adds[0][0], rems[0][1]);
            continuedFrom.add(rems[0][0]);
        }
    }
    const out: [string, PlanRequest | undefined, PlanRequest | undefined][] = [];
    for (const [k, a] of after) {
        out.push([k, before.get(k) ?? continued.get(k), a]);
    }
    for (const [k, b] of before) {
        if (!after.has(k) && !continuedFrom.has(k)) {
            out.push([k, b, undefined]);
        }
    }
    return out;
}

/** The changes that replace a configuration, or may, between two requests for it. */
function replacementsOf(b: PlanRequest, a: PlanRequest): Replacement[] {
    const out: Replacement[] = [];
    const oldName = nameOf(b.request);
    const newName = nameOf(a.request);
    if (oldName !== newName) {
        // A name that is not known offline may turn out the same.
        out.push({
            reason: "name",
            before: oldName,
            after: newName,
            certain: oldName !== UNKNOWN && newName !== UNKNOWN,
        });
    }
    const bh = b.homeRegion;
    const ah = a.homeRegion;
    if (bh !== undefined && ah !== undefined && bh.region !== ah.region) {
        out.push({
            reason: "home region",
            before: bh.region,
            after: ah.region,
            certain: bh.region !== null && ah.region !== null,
        });
    }
    const oldBackend = backendOfRequest(b);
    const newBackend = backendOfRequest(a);
    if (oldBackend !== newBackend) {
        out.push({ reason: "backend", before: oldBackend, after: newBackend, certain: true });
    }
    return out;
}

function resourceKey(r: PlanResource): string {
    const parent = r.parent === null ? "" : urnKey(r.parent);
    return `${parent}>${r.type}::${r.name}`;
}

function entriesByRegion(distributions: Json | undefined): Map<string, Json> {
    const map = new Map<string, Json>();
    const list = Array.isArray(distributions) ? distributions : [];
    list.forEach((d, i) => {
        const region = isObject(d) && typeof d.region === "string" ? d.region : `#${i}`;
        map.set(map.has(region) ? `${region}#${i}` : region, d);
    });
    return map;
}

function nameOf(request: { [key: string]: Json }): string {
    const n = request.name;
    return typeof n === "string" ? n : JSON.stringify(n ?? null);
}

/** Configuration-level fields that are compared (the distributions by region, the name on its own). */
function configFields(request: { [key: string]: Json }): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(request)) {
        if (k !== "distributions" && k !== "clientToken" && k !== "name") {
            out[k] = v;
        }
    }
    return out;
}

/**
 * Compares a base plan with the current one.
 * @param base the plan saved from the base branch.
 * @param head the current plan.
 * @param baseLabel what the base was read from, for the messages.
 */
export function diffPlans(base: PlanDocument, head: PlanDocument, baseLabel: string): PlanDiff {
    const configurationDiffs: ConfigurationDiff[] = [];
    for (const [key, b, a] of pairRequests(base.requests, head.requests)) {
        const resourceName = parseUrn((a ?? b)!.resource)?.name ?? key;
        const bDist = entriesByRegion(b?.request.distributions);
        const aDist = entriesByRegion(a?.request.distributions);
        if (b === undefined || a === undefined) {
            const only = (a ?? b)!;
            configurationDiffs.push({
                key,
                resourceName,
                status: a ? "added" : "removed",
                name: nameOf(only.request),
                replaces: false,
                replacements: [],
                fields: [],
                regionsAdded: a ? [...aDist.keys()] : [],
                regionsRemoved: b ? [...bDist.keys()] : [],
                regionsChanged: [],
                regions: [...(a ? aDist : bDist).keys()],
            });
            continue;
        }
        const fields: FieldChange[] = [];
        diffValues("", configFields(b.request), configFields(a.request), fields);
        // Distributions that are not known offline as a whole (a region is an Output) cannot be compared
        // region by region: the change is said once, with the regions of the side that knows them.
        const bUnknown = b.request.distributions === UNKNOWN;
        const aUnknown = a.request.distributions === UNKNOWN;
        if (bUnknown !== aUnknown) {
            fields.push({
                path: "distributions",
                before: bUnknown ? UNKNOWN : [...bDist.keys()],
                after: aUnknown ? UNKNOWN : [...aDist.keys()],
            });
            bDist.clear();
            aDist.clear();
        }
        const regionsChanged: RegionChange[] = [];
        for (const [region, entry] of aDist) {
            const old = bDist.get(region);
            if (old !== undefined) {
                const changes: FieldChange[] = [];
                diffValues("", old, entry, changes);
                if (changes.length > 0) {
                    regionsChanged.push({ region, changes });
                }
            }
        }
        const oldName = nameOf(b.request);
        const newName = nameOf(a.request);
        const replacements = replacementsOf(b, a);
        const d: ConfigurationDiff = {
            key,
            resourceName,
            status: "changed",
            name: newName,
            replaces: replacements.some((r) => r.certain),
            replacements,
            fields,
            regionsAdded: [...aDist.keys()].filter((r) => !bDist.has(r)),
            regionsRemoved: [...bDist.keys()].filter((r) => !aDist.has(r)),
            regionsChanged,
            regions: [...aDist.keys()],
        };
        if (oldName !== newName) {
            d.previousName = oldName;
        }
        if (replacements.some((r) => r.reason === "home region") && b.homeRegion && a.homeRegion) {
            d.homeRegion = { before: b.homeRegion, after: a.homeRegion };
        }
        if (
            replacements.length > 0 ||
            fields.length > 0 ||
            d.regionsAdded.length > 0 ||
            d.regionsRemoved.length > 0 ||
            regionsChanged.length > 0
        ) {
            configurationDiffs.push(d);
        }
    }

    const baseResources = new Map(base.resources.map((r) => [resourceKey(r), r]));
    const headResources = new Map(head.resources.map((r) => [resourceKey(r), r]));
    const label = (r: PlanResource) => `${r.type} ${r.name}`;
    const resourcesAdded = [...headResources].filter(([k]) => !baseResources.has(k)).map(([, r]) => label(r));
    const resourcesRemoved = [...baseResources].filter(([k]) => !headResources.has(k)).map(([, r]) => label(r));
    const resourcesChanged: ResourceChange[] = [];
    for (const [k, r] of headResources) {
        const old = baseResources.get(k);
        if (old === undefined || DISTRIBUTION_TYPE_SET.has(r.type)) {
            continue;
        }
        const changes: FieldChange[] = [];
        diffValues("", old.inputs, r.inputs, changes);
        if (changes.length > 0) {
            resourcesChanged.push({ resource: label(r), changes });
        }
    }

    const outputs: FieldChange[] = [];
    const outputKeys = [...new Set([...Object.keys(base.outputs), ...Object.keys(head.outputs)])].sort();
    for (const k of outputKeys) {
        const b = base.outputs[k];
        const a = head.outputs[k];
        if (b === undefined || a === undefined || !jsonEqual(a, b)) {
            const c: FieldChange = { path: k };
            if (b !== undefined) {
                c.before = b;
            }
            if (a !== undefined) {
                c.after = a;
            }
            outputs.push(c);
        }
    }
    return {
        base: baseLabel,
        configurations: configurationDiffs,
        resourcesAdded,
        resourcesRemoved,
        resourcesChanged,
        outputs,
        changed:
            configurationDiffs.length > 0 ||
            resourcesAdded.length > 0 ||
            resourcesRemoved.length > 0 ||
            resourcesChanged.length > 0 ||
            outputs.length > 0,
    };
}
