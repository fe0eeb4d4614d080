/**
 * What `--verify` found, as text: for a terminal ({@link renderVerificationHuman}) and as
 * GitHub-flavoured markdown for a pull-request comment ({@link renderVerificationMarkdown}). The
 * model is each request's `verification` (see `./verify`).
 */
import type { PlanDocument, PlanRequest } from "./document";
import { Styles, oneLine } from "./human";
import { code, escapeText, mdTable } from "./markdown";
import { configurations } from "./summary";
import { Verification, verificationSummary } from "./verify";

/** The sentence that says what verification did. */
export const VERIFY_NOTE =
    "Requests go with dryRun: true to Image Builder in their home region, where AWS checks them and creates nothing; values not known offline are never sent.";

/** The configuration's name and home region of a request, as the outputs show them. */
function where(plan: PlanDocument, index: number): { name: string; region: string } {
    const c = configurations(plan)[index];
    const req: PlanRequest = plan.requests[index];
    return { name: c.name, region: req.homeRegion?.region ?? "home region not known" };
}

/** The result of a verification in words: `accepted`, `rejected`, `not verified`. */
export function statusText(v: Verification | undefined): string {
    return v === undefined || v.status === "unverified" ? "not verified" : v.status;
}

/** AWS's answer, or why there is none, on one line. */
function detail(v: Verification | undefined): string {
    if (v === undefined) {
        return "";
    }
    if (v.status === "accepted") {
        return v.temporaryName === undefined
            ? ""
            : `verified under the temporary name ${v.temporaryName}: the configuration exists already (an update, which has no dry run)`;
    }
    const message = v.message ?? "";
    return v.status === "rejected" && v.code !== undefined ? `${v.code}: ${message}` : message;
}

/**
 * The verification section for a terminal: a summary line, then one line per configuration.
 * @returns the lines, without a final newline.
 */
export function renderVerificationHuman(plan: PlanDocument, s: Styles): string {
    const lines = [s.bold(`Verification against AWS: ${verificationSummary(plan)}`), s.dim(VERIFY_NOTE)];
    plan.requests.forEach((req, i) => {
        const v = req.verification;
        const { name, region } = where(plan, i);
        const status = statusText(v);
        const paint = v?.status === "accepted" ? s.green : v?.status === "rejected" ? s.red : s.yellow;
        const text = detail(v);
        lines.push(
            `  ${paint(status.padEnd(12))}  ${oneLine(name)} (${region})${text !== "" ? `: ${oneLine(text)}` : ""}`,
        );
    });
    return lines.join("\n");
}

/**
 * The verification section as markdown: a summary, then a table with a row per configuration, within
 * `budget` characters: when every row does not fit, the rejected come first, then those not verified,
 * then the accepted, and a line counts the rows left out (the job log has them all).
 */
export function renderVerificationMarkdown(plan: PlanDocument, budget = Number.POSITIVE_INFINITY): string {
    const icon = (v: Verification | undefined) =>
        v?.status === "accepted" ? "✅" : v?.status === "rejected" ? "❌" : "⚠️";
    const rows = plan.requests.map((req, i) => {
        const { name, region } = where(plan, i);
        const text = detail(req.verification);
        return {
            status: statusText(req.verification),
            cells: [
                code(name),
                code(region),
                `${icon(req.verification)} ${statusText(req.verification)}`,
                text === "" ? "" : escapeText(text.length > 500 ? `${text.slice(0, 499)}…` : text),
            ],
        };
    });
    const head = [
        "#### Verification against AWS",
        "",
        `**${escapeText(verificationSummary(plan))}.** ${escapeText(VERIFY_NOTE)}`,
        "",
    ];
    const header = ["Configuration", "Home region", "Result", "AWS's answer"];
    const whole = [
        ...head,
        mdTable(
            header,
            rows.map((r) => r.cells),
        ),
    ].join("\n");
    if (whole.length <= budget) {
        return whole;
    }
    const rank = (status: string) => (status === "rejected" ? 0 : status === "accepted" ? 2 : 1);
    const ordered = rows.map((r, i) => ({ ...r, i })).sort((a, b) => rank(a.status) - rank(b.status) || a.i - b.i);
    const kept: typeof ordered = [];
    let size = head.join("\n").length + 200;
    for (const r of ordered) {
        size += r.cells.join(" | ").length + 6;
        if (size > budget && kept.length > 0) {
            break;
        }
        kept.push(r);
    }
    const left = ordered.slice(kept.length);
    const counts = ["rejected", "not verified", "accepted"]
        .map((status) => [status, left.filter((r) => r.status === status).length] as const)
        .filter(([, n]) => n > 0)
        .map(([status, n]) => `${n} ${status}`);
    return [
        ...head,
        mdTable(
            header,
            kept.map((r) => r.cells),
        ),
        "",
        `_…and ${left.length} more not shown (${counts.join(", ")}), to stay within GitHub's comment limit; the job log has every answer._`,
    ].join("\n");
}
