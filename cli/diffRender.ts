/**
 * The diff of two plans as text: for a terminal ({@link renderDiffHuman}) and as GitHub-flavoured
 * markdown for a pull-request comment ({@link renderDiffMarkdown}). The model they render is
 * {@link PlanDiff}, computed by `diffPlans` in `./diff`.
 */
import * as path from "path";
import { ConfigurationDiff, FieldChange, PlanDiff, Replacement } from "./diff";
import { PlanHomeRegion } from "./document";
import { Styles } from "./human";
import { Json } from "./json";
import { code, escapeText, mdTable } from "./markdown";

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
    const changedResources = d.resourcesChanged.length;
    if (changedResources > 0) {
        extra.push(`${changedResources} resource${changedResources === 1 ? "" : "s"} changed`);
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

/** Why a launch template's `setDefaultVersion` turns true without a change in the program (0.2.0). */
export const SET_DEFAULT_VERSION_NOTE =
    "if the program omits setDefaultVersion: since 0.2.0 an omitted setDefaultVersion means true, as AWS treats it, " +
    "so each new AMI becomes the launch template's default version; write setDefaultVersion: false to keep the previous behaviour";

/** What a change means beyond its values, when the plan knows: the `setDefaultVersion` default of 0.2.0. */
export function changeNote(c: FieldChange): string | undefined {
    return /(^|\.)setDefaultVersion$/.test(c.path) && c.after === true && (c.before === undefined || c.before === false)
        ? SET_DEFAULT_VERSION_NOTE
        : undefined;
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
    const change = (c: FieldChange, indent: string) => {
        const note = changeNote(c);
        return `${indent}${c.path}: ${showValue(c.before)} -> ${showValue(c.after)}${note === undefined ? "" : ` (${note})`}`;
    };
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
    const resourcesChanged = d.resourcesChanged;
    if (d.resourcesAdded.length + d.resourcesRemoved.length + resourcesChanged.length > 0) {
        out.push("  Resources:");
        out.push(...d.resourcesAdded.map((r) => s.green(`      + ${r}`)));
        out.push(...d.resourcesRemoved.map((r) => s.red(`      - ${r}`)));
        for (const r of resourcesChanged) {
            out.push(s.yellow(`      ~ ${r.resource}`));
            out.push(...r.changes.map((f) => change(f, "          ")));
        }
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
    const note = changeNote(c);
    return `${code(c.path)}: ${v(c.before)} → ${v(c.after)}${note === undefined ? "" : ` (${escapeText(note)})`}`;
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
    const resourcesChanged = d.resourcesChanged;
    if (resourcesChanged.length > 0) {
        const rows = resourcesChanged.map((r) => [code(r.resource), mdChanges(r.changes)]);
        out.push(
            `<details><summary>Resources changed (${rows.length})</summary>\n\n${mdTable(["Resource", "Changes"], rowsWithin(rows, room - 200))}\n\n</details>`,
        );
    }
    if (d.outputs.length > 0) {
        const { kept, left } = itemsWithin(d.outputs.map(mdChange), room - 100, (item) => item.length + 2);
        out.push(`Outputs: ${kept.join("; ")}${left > 0 ? `${kept.length > 0 ? "; " : ""}…and ${left} more` : ""}`);
    }
    return out;
}
