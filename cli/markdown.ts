/**
 * The plan as GitHub-flavoured markdown, for a pull-request comment or a job summary: a table per
 * distribution configuration, a Mermaid diagram of the fan-out, the outputs. No terminal colours.
 * Large plans are folded into `<details>` and cut to stay within GitHub's 65,536-character limit
 * for comments.
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
    projectOf,
    resourceTree,
    usedColumns,
} from "./summary";

/** GitHub's limit for the body of a comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The size the markdown output aims to stay under, leaving room for text around it. */
export const MARKDOWN_BUDGET = 60_000;

/** Options of the markdown output. */
export interface MarkdownOptions {
    /** A section to put first (the changes against a base plan), already rendered. */
    diffSection?: string;
    /** The verification against AWS (`--verify`), already rendered: it goes first, and the header says so. */
    verifySection?: string;
    /** Fold every configuration table, not only those of large plans. */
    foldAll?: boolean;
    /** The size to stay under. @default MARKDOWN_BUDGET */
    budget?: number;
}

/** Escapes text for markdown outside code spans (and for HTML in `<summary>`). */
export function escapeText(s: string): string {
    return s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/([\\`*_[\]|#])/g, "\\$1")
        .replace(/\r?\n/g, " ");
}

/** A value as an inline code span that is safe in a table cell. */
export function code(s: string): string {
    if (s === "") {
        return "";
    }
    const one = s.replace(/\r?\n/g, " ");
    if (one.includes("`")) {
        return escapeText(one);
    }
    return `\`${one.replace(/\|/g, "\\|")}\``;
}

/** Cuts a string to `max` characters with an ellipsis. */
function cut(s: string, max: number): string {
    return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A markdown table. */
export function mdTable(header: string[], rows: string[][]): string {
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The region table of a configuration. */
export function regionTable(c: ConfigurationSummary): string {
    const { used } = usedColumns(c);
    const header = ["Region", ...used.map((col) => col.title)];
    const rows = c.regions.map((r) => [
        code(r.region),
        ...used.map((col) => (r[col.key].length > 0 ? r[col.key].map((v) => code(cut(v, 200))).join("<br>") : "–")),
    ]);
    return mdTable(header, rows);
}

function configurationSection(c: ConfigurationSummary, fold: boolean): string {
    const facts = [
        `resource ${code(c.resourceName)} (${c.backend === "aws" ? "`@pulumi/aws`" : "`@pulumi/aws-native`"})`,
        c.regionsKnown
            ? `${c.regions.length} region${c.regions.length === 1 ? "" : "s"}`
            : `regions ${escapeText(REGIONS_NOT_KNOWN)}`,
    ];
    if (c.homeRegion !== undefined) {
        facts.push(
            c.homeRegion.region === null
                ? `home region not known offline (${escapeText(c.homeRegion.source)})`
                : `home region ${code(c.homeRegion.region)} (${escapeText(c.homeRegion.source)})`,
        );
    }
    if (c.arn !== undefined) {
        facts.push(`ARN ${code(c.arn)}`);
    }
    if (c.tags.length > 0) {
        facts.push(`tags ${c.tags.map((t) => code(t)).join(", ")}`);
    }
    const { unused } = usedColumns(c);
    const lines = [`#### ${code(c.name)}`, "", facts.join(" · ")];
    if (c.description !== undefined) {
        lines.push("", `> ${escapeText(c.description)}`);
    }
    if (!c.regionsKnown) {
        return lines.join("\n");
    }
    const tableText = regionTable(c);
    lines.push("");
    if (fold) {
        lines.push(
            `<details><summary>${c.regions.length} region${c.regions.length === 1 ? "" : "s"}: ${escapeText(
                cut(c.regions.map((r) => r.region).join(", "), 300),
            )}</summary>`,
            "",
            tableText,
            "",
            "</details>",
        );
    } else {
        lines.push(tableText);
    }
    if (unused.length > 0) {
        lines.push("", `_In no region: ${unused.map((col) => lowerTitle(col.title)).join(", ")}._`);
    }
    return lines.join("\n");
}

/** A Mermaid label: quoted, with quotes escaped. */
function label(s: string): string {
    return `"${cut(s, 80).replace(/"/g, "#quot;")}"`;
}

/**
 * A Mermaid flowchart of the fan-out: each configuration to its regions, each region to the accounts
 * it copies the AMI to (solid) and shares it with (dotted). Capped so that GitHub renders it.
 */
export function fanOutDiagram(configs: ConfigurationSummary[], maxEdges = 250, maxConfigs = 50): string {
    const lines = ["```mermaid", "flowchart LR"];
    const accountIds = new Map<string, string>();
    const accountNode = (account: string) => {
        let id = accountIds.get(account);
        if (id === undefined) {
            id = `a${accountIds.size}`;
            accountIds.set(account, id);
            lines.push(`    ${id}[${label(account)}]`);
        }
        return id;
    };
    let edges = 0;
    let shownConfigs = 0;
    for (const [i, c] of configs.entries()) {
        const need = c.regions.length;
        if (shownConfigs >= maxConfigs || (edges > 0 && edges + need > maxEdges)) {
            break;
        }
        shownConfigs++;
        lines.push(`    c${i}[${label(c.name)}]`);
        for (const [j, r] of c.regions.entries()) {
            const rid = `c${i}r${j}`;
            lines.push(`    c${i} --> ${rid}([${label(r.region)}])`);
            edges++;
            const targets: [string, string][] = [
                ...r.copiedTo.map((a): [string, string] => [a, "-->"]),
                ...r.sharedWith.map((a): [string, string] => [a, "-.->"]),
            ];
            for (const [k, [account, arrow]] of targets.entries()) {
                if (edges >= maxEdges || k >= 12) {
                    lines.push(`    ${rid} --- ${rid}m[${label(`+${targets.length - k} more`)}]`);
                    edges++;
                    break;
                }
                lines.push(`    ${rid} ${arrow} ${accountNode(account)}`);
                edges++;
            }
        }
    }
    lines.push("```");
    const note =
        shownConfigs < configs.length
            ? `\n\n_The diagram shows ${shownConfigs} of ${configs.length} configurations._`
            : "";
    return `${lines.join("\n")}\n\nSolid arrows: the AMI is copied to the account. Dotted: it is shared with it (launch permission).${note}`;
}

/** One row per configuration: its name, resource, regions and accounts, within `budget` characters. */
export function overviewTable(configs: ConfigurationSummary[], budget: number): string {
    const rows: string[][] = [];
    let size = 0;
    for (const c of configs) {
        const accounts = [...new Set(c.regions.flatMap((r) => r.copiedTo))];
        const shared = [...new Set(c.regions.flatMap((r) => r.sharedWith))];
        const row = [
            code(c.name),
            code(c.resourceName),
            `${c.regions.length}: ${escapeText(cut(c.regions.map((r) => r.region).join(", "), 120))}`,
            escapeText(cut(accounts.join(", "), 120)) || "–",
            escapeText(cut(shared.join(", "), 120)) || "–",
        ];
        size += row.join(" | ").length + 6;
        if (size > budget && rows.length > 0) {
            break;
        }
        rows.push(row);
    }
    const more = rows.length < configs.length ? `\n\n_…and ${configs.length - rows.length} more configurations._` : "";
    return mdTable(["Configuration", "Resource", "Regions", "Copied to", "Shared with"], rows) + more;
}

function outputsSection(outputs: { [key: string]: Json }, budget: number): string {
    const keys = Object.keys(outputs).sort();
    if (keys.length === 0) {
        return "_No outputs._";
    }
    const rows: string[][] = [];
    let size = 0;
    let shown = 0;
    for (const k of keys) {
        const v = outputs[k];
        const value = typeof v === "string" ? v : JSON.stringify(v);
        const row = [code(k), code(cut(value, 500))];
        size += row.join(" | ").length + 6;
        if (size > budget && shown > 0) {
            break;
        }
        rows.push(row);
        shown++;
    }
    const more = shown < keys.length ? `\n\n_…and ${keys.length - shown} more outputs (see \`--json\`)._` : "";
    return mdTable(["Output", "Value"], rows) + more;
}

function treeText(nodes: TreeNode[], prefix: string, out: string[]): void {
    nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        out.push(`${prefix}${last ? "└─ " : "├─ "}${node.resource.type}  ${node.resource.name}`);
        treeText(node.children, `${prefix}${last ? "   " : "│  "}`, out);
    });
}

/**
 * Renders a plan as GitHub-flavoured markdown, under `options.budget` characters.
 * @returns the markdown, ending with a newline.
 */
export function renderMarkdown(plan: PlanDocument, options: MarkdownOptions = {}): string {
    const budget = options.budget ?? MARKDOWN_BUDGET;
    const configs = configurations(plan);
    const regionCount = configs.reduce((n, c) => n + c.regions.length, 0);
    const project = projectOf(plan);
    const large = configs.length > 3 || regionCount > 30;
    const fold = options.foldAll === true || large;

    const head: string[] = [];
    head.push(
        `### Image Builder distribution plan: ${project !== undefined ? `${code(project)} / ` : ""}${code(plan.stack)}`,
    );
    head.push(
        "",
        `**${configs.length} distribution configuration${configs.length === 1 ? "" : "s"}, ${regionCount} region${
            regionCount === 1 ? "" : "s"
        }, ${plan.resources.length} resource${plan.resources.length === 1 ? "" : "s"}.** ` +
            (options.verifySection !== undefined
                ? `Planned offline under Pulumi's mock runtime, then verified by AWS with dry runs; ${code(PLACEHOLDER_ACCOUNT)} stands for the deploying account.`
                : `Planned offline under Pulumi's mock runtime: nothing was sent to AWS; ${code(PLACEHOLDER_ACCOUNT)} stands for the deploying account.`),
    );
    const parts: string[] = [head.join("\n")];
    let used = parts[0].length;
    const reserve = 4_000; // outputs, notes
    const add = (s: string) => {
        parts.push(s);
        used += s.length + 2;
    };

    if (options.verifySection !== undefined) {
        add(options.verifySection);
    }
    if (options.diffSection !== undefined) {
        add(options.diffSection);
    }
    if (large) {
        // Within what the diff and the verification left, and room for the outputs and notes.
        const share = Math.max(2_000, Math.min(Math.floor(budget * 0.45), budget - used - reserve));
        add(`#### Configurations\n\n${overviewTable(configs, share)}`);
    }
    if (configs.length > 0) {
        const diagram = large ? fanOutDiagram(configs, 120, 6) : fanOutDiagram(configs);
        const section = fold
            ? `<details><summary>Fan-out diagram</summary>\n\n${diagram}\n\n</details>`
            : `#### Fan-out\n\n${diagram}`;
        if (used + section.length + reserve < budget) {
            add(section);
        }
    }
    let shown = 0;
    for (const c of configs) {
        const section = configurationSection(c, fold);
        if (used + section.length + reserve >= budget) {
            break;
        }
        add(section);
        shown++;
    }
    if (shown < configs.length) {
        const rest = configs.slice(shown);
        const restRegions = rest.reduce((n, c) => n + c.regions.length, 0);
        add(
            `_…and ${rest.length} more configuration${rest.length === 1 ? "" : "s"} (${restRegions} regions) not shown, ` +
                `to stay within GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character limit: ` +
                `${rest
                    .slice(0, 20)
                    .map((c) => code(c.name))
                    .join(", ")}${rest.length > 20 ? ", …" : ""}. The full plan is in the job log (\`--json\`)._`,
        );
    }
    add(`#### Outputs\n\n${outputsSection(plan.outputs, Math.max(1_000, budget - used - 1_500))}`);

    const tree: string[] = [];
    const project0 = project ?? "project";
    tree.push(`pulumi:pulumi:Stack  ${project0}-${plan.stack}`);
    treeText(resourceTree(plan), "", tree);
    const treeSection = `<details><summary>Resources (${plan.resources.length})</summary>\n\n\`\`\`\n${tree.join("\n")}\n\`\`\`\n\n</details>`;
    if (used + treeSection.length < budget) {
        add(treeSection);
    } else {
        add(`_${plan.resources.length} resources; the tree is in the job log._`);
    }
    return `${parts.join("\n\n")}\n`;
}
