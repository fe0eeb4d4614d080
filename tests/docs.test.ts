/**
 * The documentation's own links: every relative link in README.md, docs/*.md and bench/README.md
 * points to a file or folder of the repository, and every `#anchor` to a heading of its page (as
 * GitHub names headings). Links inside code are not links; links with a scheme (https:, mailto:) are
 * not checked (no network in tests).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** The pages whose links are checked, relative to the repository's root. */
function pages(): string[] {
    const docs = fs.existsSync(path.join(ROOT, "docs"))
        ? fs
              .readdirSync(path.join(ROOT, "docs"))
              .filter((f) => f.endsWith(".md"))
              .map((f) => `docs/${f}`)
        : [];
    return ["README.md", "bench/README.md", ...docs.sort()];
}

/** The lines of a markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: number; text: string }[] {
    const out: { line: number; text: string }[] = [];
    let fence: string | undefined;
    text.split("\n").forEach((l, i) => {
        const open = /^ {0,3}(`{3,}|~{3,})/.exec(l);
        if (fence !== undefined) {
            if (open && open[1][0] === fence[0] && open[1].length >= fence.length && l.trim() === open[1]) {
                fence = undefined;
            }
            return;
        }
        if (open) {
            fence = open[1];
            return;
        }
        out.push({ line: i + 1, text: l });
    });
    return out;
}

/** Every link target of a markdown text (inline `[x](target)`, images, and `[x]: target` definitions). */
export function markdownLinks(text: string): { line: number; target: string }[] {
    const links: { line: number; target: string }[] = [];
    for (const { line, text: l } of proseLines(text)) {
        const prose = l.replace(/(`+)[^`]*?\1/g, "");
        for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+("[^"]*"|'[^']*'))?\s*\)/g)) {
            links.push({ line, target: m[1].replace(/^<|>$/g, "") });
        }
        const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose);
        if (definition) {
            links.push({ line, target: definition[1] });
        }
    }
    return links;
}

/** The anchors GitHub gives the headings of a markdown text (`## Plan: \`x\`` -> `plan-x`). */
export function headingAnchors(text: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const { text: l } of proseLines(text)) {
        const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
        if (!h) {
            continue;
        }
        const words = h[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
        const slug = words
            .toLowerCase()
            .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
            .replace(/ /g, "-");
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    return anchors;
}

/** What is wrong with one link of `page` (a path relative to `root`), or undefined when it resolves. */
export function brokenLink(root: string, page: string, target: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        return undefined;
    }
    const hash = target.indexOf("#");
    const file = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = file === "" ? path.join(root, page) : path.join(path.dirname(path.join(root, page)), file);
    if (path.relative(root, resolved).startsWith("..")) {
        return "points outside the repository";
    }
    if (!fs.existsSync(resolved)) {
        return `${path.relative(root, resolved)} does not exist`;
    }
    if (anchor !== undefined && resolved.endsWith(".md")) {
        if (!headingAnchors(fs.readFileSync(resolved, "utf8")).has(anchor)) {
            return `${path.relative(root, resolved)} has no heading #${anchor}`;
        }
    }
    return undefined;
}

describe("documentation links", () => {
    it("finds links in prose, not in code, and names headings as GitHub does", () => {
        const text = [
            "See [the plan](docs/plan.md#exit-codes) and ![logo](img/logo.png 'x').",
            "Not a link: `[x](nowhere.md)`.",
            "```sh",
            "# [y](also-nowhere.md)",
            "```",
            "[ref]: docs/inputs.md",
            "## Plan offline: `imagebuilder-distribution`",
            "## Scaling, import cost",
            "## Scaling, import cost",
        ].join("\n");
        assert.deepStrictEqual(markdownLinks(text), [
            { line: 1, target: "docs/plan.md#exit-codes" },
            { line: 1, target: "img/logo.png" },
            { line: 6, target: "docs/inputs.md" },
        ]);
        assert.deepStrictEqual(
            [...headingAnchors(text)],
            ["plan-offline-imagebuilder-distribution", "scaling-import-cost", "scaling-import-cost-1"],
        );
    });

    it("reports a missing file, a missing heading and a path outside the repository", () => {
        assert.strictEqual(brokenLink(ROOT, "README.md", "package.json"), undefined);
        assert.strictEqual(brokenLink(ROOT, "README.md", "https://example.com/x.md"), undefined);
        assert.match(brokenLink(ROOT, "README.md", "docs/no-such-page.md") ?? "", /does not exist/);
        assert.match(brokenLink(ROOT, "README.md", "#no-such-heading") ?? "", /has no heading #no-such-heading/);
        assert.match(brokenLink(ROOT, "docs/plan.md", "../../elsewhere.md") ?? "", /outside the repository/);
    });

    it("every relative link of the README and docs resolves", () => {
        const broken: string[] = [];
        for (const page of pages()) {
            const file = path.join(ROOT, page);
            assert.ok(fs.existsSync(file), `${page} is missing`);
            for (const { line, target } of markdownLinks(fs.readFileSync(file, "utf8"))) {
                const problem = brokenLink(ROOT, page, target);
                if (problem) {
                    broken.push(`${page}:${line}: (${target}) ${problem}`);
                }
            }
        }
        assert.deepStrictEqual(broken, [], `broken links:\n${broken.join("\n")}`);
    });
});
