/**
 * The plan in human form, for a terminal: the resources as a tree, a table per distribution
 * configuration with one row per region, and the stack outputs. Plain text; colours only when asked.
 */
import { PlanDocument } from "./document";
import { Json } from "./json";
import { PLACEHOLDER_ACCOUNT } from "./constants";
import {
    ConfigurationSummary,
    REGIONS_NOT_KNOWN,
    lowerTitle,
    TreeNode,
    configurations,
    homeRegionText,
    projectOf,
    resourceTree,
    usedColumns,
} from "./summary";

/** Options of the human output. */
export interface HumanOptions {
    /** Use ANSI colours (only when stdout is a terminal and NO_COLOR is unset). */
    color: boolean;
    /**
     * The width to fit region tables in: columns that do not fit go to a further table, which
     * repeats the region column. @default 160
     */
    width?: number;
    /** The requests were verified against AWS (`--verify`): the header says so. @default false */
    verified?: boolean;
}

/** ANSI styles that vanish when colour is off. */
export interface Styles {
    bold(s: string): string;
    dim(s: string): string;
    green(s: string): string;
    red(s: string): string;
    yellow(s: string): string;
}

/** The styles for a colour setting. */
export function styles(color: boolean): Styles {
    const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
    return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39) };
}

/** A value on one line: line breaks, tabs and other control characters as escapes (`\n`, `\t`, `\u001b`). */
export function oneLine(text: string): string {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
        c === "\n"
            ? "\\n"
            : c === "\r"
              ? "\\r"
              : c === "\t"
                ? "\\t"
                : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

/** Formats rows (cells on one line: see {@link oneLine}) as columns separated by two spaces; the last column is not padded. */
export function table(header: string[], rows: string[][], s: Styles): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [s.bold(line(header)), ...rows.map(line)];
}

function treeLines(nodes: TreeNode[], prefix: string, out: string[], s: Styles): void {
    nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        out.push(`${prefix}${last ? "└─ " : "├─ "}${node.resource.type}  ${s.bold(node.resource.name)}`);
        treeLines(node.children, `${prefix}${last ? "   " : "│  "}`, out, s);
    });
}

/** The resource tree under a stack line, as Pulumi shows it. */
export function resourceLines(plan: PlanDocument, s: Styles): string[] {
    const project = projectOf(plan) ?? "project";
    const out = [`pulumi:pulumi:Stack  ${s.bold(`${project}-${plan.stack}`)}`];
    treeLines(resourceTree(plan), "", out, s);
    return out;
}

/**
 * Splits the columns after the first into groups whose table fits `width` (each group repeats the
 * first column); a column wider than `width` on its own gets a group of its own.
 */
export function columnGroups(widths: readonly number[], width: number): number[][] {
    const groups: number[][] = [];
    let current: number[] = [];
    let used = widths[0];
    for (let i = 1; i < widths.length; i++) {
        if (current.length > 0 && used + 2 + widths[i] > width) {
            groups.push(current);
            current = [];
            used = widths[0];
        }
        current.push(i);
        used += 2 + widths[i];
    }
    if (current.length > 0) {
        groups.push(current);
    }
    return groups;
}

function configurationLines(c: ConfigurationSummary, s: Styles, width: number): string[] {
    const out: string[] = [];
    out.push(s.bold(`Distribution configuration ${c.name}`));
    const facts: [string, string][] = [
        ["resource", `${c.resourceName} (${c.backend === "aws" ? "@pulumi/aws" : "@pulumi/aws-native"})`],
    ];
    if (c.homeRegion !== undefined) {
        facts.push(["home region", homeRegionText(c.homeRegion)]);
    }
    if (c.arn !== undefined) {
        facts.push(["arn", c.arn]);
    }
    if (c.description !== undefined) {
        facts.push(["description", c.description]);
    }
    if (c.tags.length > 0) {
        facts.push(["tags", c.tags.join(", ")]);
    }
    facts.push(["regions", c.regionsKnown ? `${c.regions.length}` : REGIONS_NOT_KNOWN]);
    const keyWidth = Math.max(...facts.map(([k]) => k.length));
    for (const [k, v] of facts) {
        out.push(`  ${s.dim(k.padEnd(keyWidth))}  ${oneLine(v)}`);
    }
    if (!c.regionsKnown) {
        return out;
    }
    const { used, unused } = usedColumns(c);
    out.push("");
    const header = ["REGION", ...used.map((col) => col.title.toUpperCase())];
    const rows = c.regions.map((r) =>
        [r.region, ...used.map((col) => (r[col.key].length > 0 ? r[col.key].join(", ") : "-"))].map(oneLine),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const groups = columnGroups(widths, width - 2);
    groups.forEach((group, g) => {
        if (g > 0) {
            out.push("");
        }
        const pick = (cells: string[]) => [cells[0], ...group.map((i) => cells[i])];
        out.push(...table(pick(header), rows.map(pick), s).map((l) => `  ${l}`));
    });
    if (unused.length > 0) {
        out.push(s.dim(`  In no region: ${unused.map((col) => lowerTitle(col.title)).join(", ")}.`));
    }
    return out;
}

/** An output value on one line when short, else as indented JSON. */
function valueLines(v: Json): string[] {
    if (typeof v === "string") {
        return [oneLine(v)];
    }
    const one = JSON.stringify(v);
    return one.length <= 100 ? [one] : JSON.stringify(v, null, 2).split("\n");
}

/** The lines of the stack outputs. */
export function outputLines(outputs: { [key: string]: Json }, s: Styles): string[] {
    const keys = Object.keys(outputs).sort();
    if (keys.length === 0) {
        return [s.dim("  (none)")];
    }
    const width = Math.max(...keys.map((k) => k.length));
    const out: string[] = [];
    for (const k of keys) {
        const [first, ...rest] = valueLines(outputs[k]);
        out.push(`  ${k.padEnd(width)}  ${first}`);
        for (const l of rest) {
            out.push(`  ${" ".repeat(width)}  ${l}`);
        }
    }
    return out;
}

/**
 * Renders a plan for a terminal.
 * @returns the text, ending with a newline.
 */
export function renderHuman(plan: PlanDocument, options: HumanOptions): string {
    const s = styles(options.color);
    const configs = configurations(plan);
    const regionCount = configs.reduce((n, c) => n + c.regions.length, 0);
    const project = projectOf(plan);
    const out: string[] = [];
    out.push(
        s.bold(`Plan of stack ${plan.stack}${project !== undefined ? ` (project ${project})` : ""}`) +
            `: ${plan.resources.length} resource${plan.resources.length === 1 ? "" : "s"}, ` +
            `${configs.length} distribution configuration${configs.length === 1 ? "" : "s"}, ` +
            `${regionCount} region${regionCount === 1 ? "" : "s"}`,
    );
    out.push(
        s.dim(
            options.verified === true
                ? `Offline, under Pulumi's mock runtime, then verified by AWS with dry runs (see Verification); account ${PLACEHOLDER_ACCOUNT} stands for the deploying account.`
                : `Offline, under Pulumi's mock runtime: nothing was sent to AWS; account ${PLACEHOLDER_ACCOUNT} stands for the deploying account.`,
        ),
    );
    out.push("", s.bold("Resources"));
    out.push(...resourceLines(plan, s).map((l) => `  ${l}`));
    for (const c of configs) {
        out.push("", ...configurationLines(c, s, options.width ?? 160));
    }
    out.push("", s.bold("Outputs"), ...outputLines(plan.outputs, s));
    return `${out.join("\n")}\n`;
}
