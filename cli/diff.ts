/**
 * Compares two plans (a base saved with `--json`, typically from the base branch, and the current
 * one): per distribution configuration and region what is added, removed or changed, and which
 * change replaces a configuration: its name (create-only in AWS), its home region (where it lives),
 * or its backend (the type of its resource).
 */
import * as path from "path";
import { PlanBackend, PlanDocument, PlanHomeRegion, PlanRequest, PlanResource, backendOf, parseUrn } from "./document";
import { Styles } from "./human";
import { Json, UNKNOWN, isObject, jsonEqual } from "./json";
import { code, escapeText, mdTable } from "./markdown";

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
    /** Stack outputs that changed (path: the output's name). */
    outputs: FieldChange[];
    /** Whether anything differs. */
    changed: boolean;
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
        outputs,
        changed:
            configurationDiffs.length > 0 ||
            resourcesAdded.length > 0 ||
            resourcesRemoved.length > 0 ||
            outputs.length > 0,
    };
}

/** A value of a change as text: JSON, or `(none)` when absent. */
export function showValue(v: Json | undefined, max = 0): string {
    if (v === undefined) {
        return "(none)";
    }
    const s = JSON.stringify(v);
    return max > 0 && s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The one-line summary of a diff ("1 configuration changed (1 replaced), 1 added"). */
export function diffSummary(d: PlanDiff, baseLabel: string = d.base): string {
    if (!d.changed) {
        return `No changes: the plan is the same as ${baseLabel}.`;
    }
    const count = (status: ConfigurationDiff["status"]) => d.configurations.filter((c) => c.status === status).length;
    const replaced = d.configurations.filter((c) => c.replaces).length;
    const mayBe = d.configurations.filter((c) => !c.replaces && c.replacements.length > 0).length;
    const parts: string[] = [];
    const changed = count("changed");
    if (changed > 0) {
        const notes = [
            ...(replaced > 0 ? [`${replaced} replaced`] : []),
            ...(mayBe > 0 ? [`${mayBe} may be replaced`] : []),
        ];
        parts.push(
            `${changed} configuration${changed === 1 ? "" : "s"} changed${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`,
        );
    }
    if (count("added") > 0) {
        parts.push(`${count("added")} added`);
    }
    if (count("removed") > 0) {
        parts.push(`${count("removed")} removed`);
    }
    if (parts.length === 0) {
        parts.push("no configuration changed");
    }
    const extra: string[] = [];
    if (d.resourcesAdded.length + d.resourcesRemoved.length > 0) {
        extra.push(
            `${d.resourcesAdded.length} resource${d.resourcesAdded.length === 1 ? "" : "s"} added, ${d.resourcesRemoved.length} removed`,
        );
    }
    if (d.outputs.length > 0) {
        extra.push(`${d.outputs.length} output${d.outputs.length === 1 ? "" : "s"} changed`);
    }
    return `${parts.join(", ")}${extra.length > 0 ? `; ${extra.join(", ")}` : ""}.`;
}

/** The text a replacement by a new name is announced with. */
export const REPLACES = "replaces the configuration (name is create-only)";
/** The text a replacement by a move to another home region is announced with. */
export const REPLACES_HOME = "replaces the configuration (it moves to another home region)";
/** The text a replacement by another backend is announced with. */
export const REPLACES_BACKEND = "replaces the configuration (another backend is another resource type)";
/** The text a home region change that one side does not know is announced with. */
export const MAY_REPLACE_HOME =
    "may replace the configuration (its home region changes, and one side's is not known offline)";
/** The text a name change that one side does not know is announced with. */
export const MAY_REPLACE_NAME =
    "may replace the configuration (name is create-only, and one side's is not known offline)";

/** A home region as a diff shows it: `"eu-west-1" (config aws:region)`. */
function homeText(h: PlanHomeRegion | undefined, region: string | null): string {
    const value = region === null ? "not known offline" : JSON.stringify(region);
    return h === undefined ? value : `${value} (${h.source})`;
}

/** How a replacement is announced: by its reason, and whether it is certain. */
function announcement(r: Replacement): string {
    switch (r.reason) {
        case "name":
            return r.certain ? REPLACES : MAY_REPLACE_NAME;
        case "home region":
            return r.certain ? REPLACES_HOME : MAY_REPLACE_HOME;
        default:
            return REPLACES_BACKEND;
    }
}

/** The announcement of a replacement, without its marker: what, why, before and after. */
export function replacementText(r: Replacement, c: Pick<ConfigurationDiff, "homeRegion">): string {
    const what = announcement(r);
    switch (r.reason) {
        case "home region": {
            const b = c.homeRegion?.before;
            const a = c.homeRegion?.after;
            if (b !== undefined && a !== undefined && b.source === a.source) {
                return `${what}: ${homeText(undefined, r.before)} -> ${homeText(a, r.after)}`;
            }
            return `${what}: ${homeText(b, r.before)} -> ${homeText(a, r.after)}`;
        }
        default:
            return `${what}: ${JSON.stringify(r.before)} -> ${JSON.stringify(r.after)}`;
    }
}

/**
 * Renders a diff for a terminal.
 * @returns the text, ending with a newline.
 */
export function renderDiffHuman(d: PlanDiff, s: Styles): string {
    const out: string[] = [s.bold(`Changes against ${d.base}`)];
    if (!d.changed) {
        out.push(`  ${diffSummary(d)}`);
        return `${out.join("\n")}\n`;
    }
    const change = (c: FieldChange, indent: string) =>
        `${indent}${c.path}: ${showValue(c.before)} -> ${showValue(c.after)}`;
    for (const c of d.configurations) {
        const title = `${c.name} (resource ${c.resourceName})`;
        if (c.status === "added") {
            out.push(
                s.green(
                    `  + ${title}: added, ${c.regions.length} region${c.regions.length === 1 ? "" : "s"}: ${c.regions.join(", ")}`,
                ),
            );
            continue;
        }
        if (c.status === "removed") {
            out.push(s.red(`  - ${title}: removed (it had ${c.regions.join(", ")})`));
            continue;
        }
        out.push(s.yellow(`  ~ ${title}`));
        for (const r of c.replacements) {
            out.push(s.red(`      ${r.certain ? "!" : "?"} ${replacementText(r, c)}`));
        }
        for (const f of c.fields) {
            out.push(change(f, "      ~ "));
        }
        for (const r of c.regionsAdded) {
            out.push(s.green(`      + region ${r}`));
        }
        for (const r of c.regionsRemoved) {
            out.push(s.red(`      - region ${r}`));
        }
        for (const r of c.regionsChanged) {
            out.push(s.yellow(`      ~ region ${r.region}`));
            for (const f of r.changes) {
                out.push(change(f, "          "));
            }
        }
    }
    if (d.resourcesAdded.length + d.resourcesRemoved.length > 0) {
        out.push("  Resources:");
        out.push(...d.resourcesAdded.map((r) => s.green(`      + ${r}`)));
        out.push(...d.resourcesRemoved.map((r) => s.red(`      - ${r}`)));
    }
    if (d.outputs.length > 0) {
        out.push("  Outputs:");
        out.push(...d.outputs.map((f) => change(f, "      ~ ")));
    }
    out.push(`  ${diffSummary(d)}`);
    return `${out.join("\n")}\n`;
}

/** A replacement in markdown: the announcement in bold, then before → after. */
function mdReplacement(r: Replacement, c: Pick<ConfigurationDiff, "homeRegion">): string {
    const what = announcement(r);
    const b = c.homeRegion?.before;
    const a = c.homeRegion?.after;
    const sameSource = b !== undefined && a !== undefined && b.source === a.source;
    const side = (v: string | null, h: PlanHomeRegion | undefined) => {
        const value = v === null ? "_not known offline_" : code(v);
        return r.reason === "home region" && h !== undefined ? `${value} (${escapeText(h.source)})` : value;
    };
    return (
        `**${escapeText(what[0].toUpperCase() + what.slice(1))}**: ` +
        `${side(r.before, sameSource ? undefined : b)} → ${side(r.after, a)}`
    );
}

/** At most this many changes of one region are listed in a markdown row. */
const MAX_CHANGES_PER_ROW = 10;

/** The changes of one region for a markdown cell: the first {@link MAX_CHANGES_PER_ROW}, then a count. */
function mdChanges(changes: readonly FieldChange[]): string {
    const shown = changes.slice(0, MAX_CHANGES_PER_ROW).map(mdChange);
    if (changes.length > MAX_CHANGES_PER_ROW) {
        shown.push(`_…and ${changes.length - MAX_CHANGES_PER_ROW} more changes_`);
    }
    return shown.join("<br>");
}

/** The leading rows of a table that fit in `room` characters, and a last row counting the others. */
function rowsWithin(rows: string[][], room: number): string[][] {
    // A row's markdown: "| a | b |" and its line break.
    const { kept, left } = itemsWithin(rows, room, (row) => row.reduce((n, cell) => n + cell.length + 3, 2) + 1);
    return left === 0
        ? kept
        : [...kept, ["…", "", `_${left} more row${left === 1 ? "" : "s"}; the full diff is in the job log_`]];
}

function mdChange(c: FieldChange): string {
    const v = (x: Json | undefined) => (x === undefined ? "_(none)_" : code(showValue(x, 200)));
    return `${code(c.path)}: ${v(c.before)} → ${v(c.after)}`;
}

/**
 * Renders a diff as a markdown section, under `budget` characters (the rest is summarized).
 * @returns the section, without a trailing newline.
 */
export function renderDiffMarkdown(d: PlanDiff, budget = 30_000): string {
    const label = path.basename(d.base);
    const parts: string[] = [`#### Changes against ${code(label)}`, "", `**${escapeText(diffSummary(d, label))}**`];
    if (!d.changed) {
        return parts.join("\n");
    }
    // The resources and outputs that changed come last, each in at most a tenth of the budget; the
    // configurations get the rest.
    const tail = diffTail(d, Math.floor(budget / 10));
    let used = parts.join("\n").length + tail.join("\n").length + 2 * tail.length;
    let shown = 0;
    for (const c of d.configurations) {
        const lines: string[] = [];
        if (c.status === "added") {
            lines.push(
                `- **Added** ${code(c.name)} (resource ${code(c.resourceName)}): ${c.regions.map(code).join(", ")}`,
            );
        } else if (c.status === "removed") {
            lines.push(
                `- **Removed** ${code(c.name)} (resource ${code(c.resourceName)}): it had ${c.regions.map(code).join(", ")}`,
            );
        } else {
            lines.push(`- **Changed** ${code(c.name)} (resource ${code(c.resourceName)})`);
            for (const r of c.replacements) {
                lines.push(`  - :warning: ${mdReplacement(r, c)}`);
            }
            const rows: string[][] = [];
            for (const f of c.fields) {
                rows.push(["_configuration_", "changed", mdChange(f)]);
            }
            for (const r of c.regionsAdded) {
                rows.push([code(r), "added", ""]);
            }
            for (const r of c.regionsRemoved) {
                rows.push([code(r), "removed", ""]);
            }
            for (const r of c.regionsChanged) {
                rows.push([code(r.region), "changed", mdChanges(r.changes)]);
            }
            if (rows.length > 0) {
                // Even one configuration must fit: rows beyond the budget are counted, not shown.
                const kept = rowsWithin(rows, budget - used - lines.join("\n").length - 300);
                const tableText = mdTable(["Region", "Status", "Change"], kept)
                    .split("\n")
                    .map((l) => `  ${l}`)
                    .join("\n");
                lines.push(
                    "",
                    rows.length > 15
                        ? `  <details><summary>${rows.length} changes</summary>\n\n${tableText}\n\n  </details>`
                        : tableText,
                );
            }
        }
        const section = lines.join("\n");
        if (used + section.length > budget && shown > 0) {
            break;
        }
        parts.push("", section);
        used += section.length + 1;
        shown++;
    }
    if (shown < d.configurations.length) {
        parts.push(
            "",
            `_…and ${d.configurations.length - shown} more changed configurations; the full diff is in the job log._`,
        );
    }
    for (const t of tail) {
        parts.push("", t);
    }
    return parts.join("\n");
}

/** The leading items whose sizes add up to at most `room`, and how many are left. */
function itemsWithin<T>(items: readonly T[], room: number, sizeOf: (item: T) => number): { kept: T[]; left: number } {
    const kept: T[] = [];
    let size = 0;
    for (const item of items) {
        if (size + sizeOf(item) > room) {
            break;
        }
        kept.push(item);
        size += sizeOf(item);
    }
    return { kept, left: items.length - kept.length };
}

/** The markdown of the resources added or removed and of the outputs changed, each within `room`. */
function diffTail(d: PlanDiff, room: number): string[] {
    const out: string[] = [];
    if (d.resourcesAdded.length + d.resourcesRemoved.length > 0) {
        const list = [...d.resourcesAdded.map((r) => `+ ${r}`), ...d.resourcesRemoved.map((r) => `- ${r}`)];
        const { kept, left } = itemsWithin(list, room - 200, (line) => line.length + 1);
        const more = left > 0 ? `\n… ${left} more` : "";
        out.push(
            `<details><summary>Resources added or removed (${list.length})</summary>\n\n\`\`\`diff\n${kept.join("\n")}${more}\n\`\`\`\n\n</details>`,
        );
    }
    if (d.outputs.length > 0) {
        const { kept, left } = itemsWithin(d.outputs.map(mdChange), room - 100, (item) => item.length + 2);
        out.push(`Outputs: ${kept.join("; ")}${left > 0 ? `${kept.length > 0 ? "; " : ""}…and ${left} more` : ""}`);
    }
    return out;
}
