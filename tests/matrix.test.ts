/**
 * The compatibility matrix (scripts/matrix.sh), the claims in package.json and the table in
 * docs/supported-versions.md name the same versions: the peer ranges start at the oldest cell, every
 * cell lies inside them, and the page lists exactly the cells the script runs. The matrix itself runs
 * from .ci/run (it installs SDKs and Node.js binaries, far beyond this layer's minute).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Cell {
    name: string;
    node: string;
    pulumi: string;
    aws: string;
    awsNative: string;
    policy: string;
    typesNode: string;
}

/** The CELLS array of scripts/matrix.sh. */
export function parseCells(script: string): Cell[] {
    const block = /^CELLS=\(\n([\s\S]*?)\n\)$/m.exec(script);
    assert.ok(block, "scripts/matrix.sh has no CELLS=( ... ) block");
    return block[1]
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => {
            const fields = /^\s*"(.*)"\s*$/
                .exec(line)?.[1]
                .split("|")
                .map((f) => f.trim());
            assert.ok(fields && fields.length === 7, `a CELLS line is not "name | node | 5 versions": ${line}`);
            const [name, node, pulumi, aws, awsNative, policy, typesNode] = fields;
            return { name, node, pulumi, aws, awsNative, policy, typesNode };
        });
}

/** [major, minor, patch] of an exact version. */
function parts(version: string): number[] {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    assert.ok(m, `${version} is not an exact version`);
    return m.slice(1).map(Number);
}

/** The floor of a caret range `^X.Y.Z`. */
function caretFloor(range: string): string {
    const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    assert.ok(m, `${range} is not a caret range ^X.Y.Z`);
    return m[1];
}

/** Whether `version` satisfies the caret range `^X.Y.Z` (X > 0). */
function inCaret(version: string, range: string): boolean {
    const [v, floor] = [parts(version), parts(caretFloor(range))];
    if (v[0] !== floor[0]) {
        return false;
    }
    return v[1] > floor[1] || (v[1] === floor[1] && v[2] >= floor[2]);
}

describe("compatibility matrix: script, package.json and docs agree", function () {
    const pkg = JSON.parse(read("package.json")) as {
        engines: { node: string };
        peerDependencies: Record<string, string>;
    };
    const cells = parseCells(read("scripts/matrix.sh"));
    const peers = {
        pulumi: pkg.peerDependencies["@pulumi/pulumi"],
        aws: pkg.peerDependencies["@pulumi/aws"],
        awsNative: pkg.peerDependencies["@pulumi/aws-native"],
    };

    it("runs Node 20 with the oldest SDKs, and Node 22 and 24 with one set of newest SDKs", function () {
        assert.deepEqual(
            cells.map((c) => [c.name, parts(c.node)[0]]),
            [
                ["node20-oldest", 20],
                ["node22-newest", 22],
                ["node24-newest", 24],
            ],
        );
        const [, ...newest] = cells;
        const sdks = (c: Cell) => [c.pulumi, c.aws, c.awsNative, c.policy];
        assert.deepEqual(sdks(newest[0]), sdks(newest[1]), "Node 22 and 24 test different SDKs");
        for (const c of cells) {
            assert.equal(parts(c.typesNode)[0], parts(c.node)[0], `${c.name}: @types/node of another Node major`);
        }
    });

    it("starts the peer ranges and engines at the oldest cell", function () {
        const oldest = cells[0];
        assert.equal(caretFloor(peers.pulumi), oldest.pulumi);
        assert.equal(caretFloor(peers.aws), oldest.aws);
        assert.equal(caretFloor(peers.awsNative), oldest.awsNative);
        assert.equal(pkg.engines.node, `>=${parts(oldest.node)[0]}`);
    });

    it("keeps every cell inside the peer ranges", function () {
        for (const c of cells) {
            assert.ok(inCaret(c.pulumi, peers.pulumi), `${c.name}: @pulumi/pulumi ${c.pulumi} not in ${peers.pulumi}`);
            assert.ok(inCaret(c.aws, peers.aws), `${c.name}: @pulumi/aws ${c.aws} not in ${peers.aws}`);
            assert.ok(
                inCaret(c.awsNative, peers.awsNative),
                `${c.name}: @pulumi/aws-native ${c.awsNative} not in ${peers.awsNative}`,
            );
        }
        // The caret check itself: the floor is in, the next major and anything below the floor are out.
        assert.ok(inCaret("7.2.0", "^7.2.0") && inCaret("7.48.0", "^7.2.0"));
        assert.ok(!inCaret("7.1.9", "^7.2.0") && !inCaret("8.0.0", "^7.2.0") && !inCaret("7.0.5", "^7.2.0"));
    });

    it("lists exactly the script's cells in docs/supported-versions.md", function () {
        const rows = read("docs/supported-versions.md")
            .split("\n")
            .filter((line) => /^\| `node\d+-/.test(line))
            .map((line) =>
                line
                    .split("|")
                    .slice(1, -1)
                    .map((f) => f.trim().replace(/`/g, "")),
            );
        assert.deepEqual(
            rows,
            cells.map((c) => [c.name, c.node, c.pulumi, c.aws, c.awsNative, c.policy]),
        );
    });

    it("runs the policy pack and the plugin in every cell, as the page says", function () {
        const script = read("scripts/matrix.sh");
        const page = read("docs/supported-versions.md");
        for (const dir of ["policy", "provider"]) {
            const hook = (JSON.parse(read(`${dir}/package.json`)) as { scripts?: Record<string, string> }).scripts?.[
                "test:matrix"
            ];
            const m = /^node \.\.\/(tests\/fixtures\/matrix\/[a-z]+\.js)$/.exec(hook ?? "");
            assert.ok(m, `${dir}/package.json: "test:matrix" runs a hook under tests/fixtures/matrix/: ${hook}`);
            assert.ok(fs.existsSync(path.join(ROOT, m[1])), `${m[1]} exists`);
            assert.ok(script.includes(m[1]), `the header of scripts/matrix.sh names ${m[1]}`);
            assert.ok(page.includes(m[1]), `docs/supported-versions.md names ${m[1]}`);
        }
    });

    it("is run by CI", function () {
        assert.match(read(".ci/run"), /^bash scripts\/matrix\.sh$/m);
    });
});
