/**
 * What importing the package costs: it must load neither provider SDK (`@pulumi/aws` alone is 84 MB),
 * nothing else beyond its own modules and `@pulumi/pulumi`, and each backend must load only its own
 * `imagebuilder` submodule, when a component first uses it.
 *
 * Every measurement runs in a fresh child process, so that nothing this test runner already loaded
 * counts. The module sets are asserted exactly; the time is printed for information, with a bound
 * so generous that only a real regression (an SDK loaded eagerly) can trip it.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const BUILT = path.join(ROOT, "lib", "components", "index.js");
const SOURCE = path.join(ROOT, "components", "index.ts");

/** Runs in the child: loads @pulumi/pulumi, then the package, then optionally uses one backend. */
const PROBE = `
"use strict";
const { entry, backend } = JSON.parse(process.argv[process.argv.length - 1]);
const cached = () => Object.keys(require.cache);
const t0 = process.hrtime.bigint();
const pulumi = require("@pulumi/pulumi");
const t1 = process.hrtime.bigint();
const beforeImport = new Set(cached());
const t2 = process.hrtime.bigint();
const m = require(entry);
const t3 = process.hrtime.bigint();
const onImport = cached().filter((f) => !beforeImport.has(f));
let onUse = [];
if (backend) {
    pulumi.runtime.setMocks(
        {
            newResource: (a) => ({ id: a.name + "-id", state: { ...a.inputs, arn: "arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/x" } }),
            call: (a) => { throw new Error("unexpected invoke " + a.token); },
        },
        "project",
        "stack",
        false,
    );
    const beforeUse = new Set(cached());
    new m.MultiRegionDistribution("probe", {
        backend,
        regions: ["us-east-1"],
        defaults: { amiDistributionConfiguration: { name: "probe-{{ imagebuilder:buildDate }}" } },
    });
    onUse = cached().filter((f) => !beforeUse.has(f));
}
process.stdout.write(JSON.stringify({ pulumiMs: Number(t1 - t0) / 1e6, importMs: Number(t3 - t2) / 1e6, onImport, onUse }));
`;

interface Probe {
    pulumiMs: number;
    importMs: number;
    onImport: string[];
    onUse: string[];
}

function probe(entry: string, options: { backend?: string; source?: boolean } = {}): Probe {
    const preload = options.source ? ["-r", "ts-node/register/transpile-only"] : [];
    const r = spawnSync(
        process.execPath,
        [...preload, "-e", PROBE, JSON.stringify({ entry, backend: options.backend })],
        { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(r.status, 0, `probe failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout) as Probe;
}

/** The SDK a module file belongs to, and its path inside that SDK, or undefined. */
function sdkFile(file: string): { sdk: string; inner: string } | undefined {
    const m = /[\\/]node_modules[\\/]@pulumi[\\/](aws|aws-native|pulumi)[\\/](.*)$/.exec(file);
    return m ? { sdk: `@pulumi/${m[1]}`, inner: m[2].split(path.sep).join("/") } : undefined;
}

/** True for the package's own modules (built or source). */
function ownModule(file: string): boolean {
    const rel = path.relative(ROOT, file);
    return !rel.startsWith("..") && !rel.includes("node_modules") && /^(lib|components)[\\/]/.test(rel);
}

describe("importing the package", function () {
    this.timeout(300000);

    before(function () {
        const r = spawnSync(NPM, ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
        assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}\n${r.stderr}`);
    });

    const entries = [
        { label: "the build (lib/components/index.js)", entry: BUILT, source: false },
        { label: "the source (components/index.ts)", entry: SOURCE, source: true },
    ];
    for (const { label, entry, source } of entries) {
        it(`${label} loads neither provider SDK, nor anything else beyond @pulumi/pulumi`, function () {
            const { onImport } = probe(entry, { source });
            assert.ok(onImport.includes(entry), `the probe did not load ${entry}`);
            const sdks = onImport.filter((f) => {
                const s = sdkFile(f);
                return s !== undefined && s.sdk !== "@pulumi/pulumi";
            });
            assert.deepEqual(sdks, [], "importing the package loaded provider SDK modules");
            const foreign = onImport.filter((f) => !ownModule(f) && sdkFile(f)?.sdk !== "@pulumi/pulumi");
            assert.deepEqual(foreign, [], "importing the package loaded modules other than its own and @pulumi/pulumi");
        });
    }

    const backends = [
        { backend: "aws", sdk: "@pulumi/aws", other: "@pulumi/aws-native" },
        { backend: "aws-native", sdk: "@pulumi/aws-native", other: "@pulumi/aws" },
    ];
    for (const { backend, sdk, other } of backends) {
        it(`loads only ${sdk}'s imagebuilder submodule when a component first uses backend "${backend}"`, function () {
            const { onImport, onUse } = probe(BUILT, { backend });
            const of = (files: string[], name: string) =>
                files.map(sdkFile).filter((s): s is { sdk: string; inner: string } => s?.sdk === name);
            assert.deepEqual(of(onImport, sdk), [], `${sdk} was loaded before it was used`);
            const used = of(onUse, sdk).map((s) => s.inner);
            assert.ok(
                used.some((f) => f.startsWith("imagebuilder/")),
                `${sdk}/imagebuilder was not loaded: ${used.join(", ")}`,
            );
            // Allowed: the submodule and its types (`types/enums/imagebuilder/...`), and the SDK's
            // top-level helpers (utilities.js, package.json). Not allowed: the SDK's index (which
            // reaches every service), the shared type indexes, or any other service.
            const topLevelHelper = (f: string) => !f.includes("/") && f !== "index.js";
            const beyond = used.filter((f) => !f.split("/").includes("imagebuilder") && !topLevelHelper(f));
            assert.deepEqual(beyond, [], `${sdk} modules beyond its imagebuilder submodule were loaded`);
            assert.deepEqual(of(onUse, other), [], `${other} was loaded for backend "${backend}"`);
        });
    }
});

describe("loading a backend's provider SDK", () => {
    const { once } =
        require("../../components/distribution/load") as typeof import("../../components/distribution/load");

    it("says which backend needs which package when it is not installed", () => {
        const load = once(() => require("@pulumi/not-installed/imagebuilder") as unknown, "@pulumi/not-installed", "x");
        assert.throws(load, (e: unknown) => {
            assert.ok(e instanceof Error);
            assert.strictEqual(
                e.message,
                'backend: "x" needs the peer dependency @pulumi/not-installed, which cannot be found from this program: npm install @pulumi/not-installed',
            );
            assert.strictEqual((e.cause as { code?: string }).code, "MODULE_NOT_FOUND");
            return true;
        });
    });

    it("passes any other error on as it is, and loads a module once", () => {
        const broken = new Error("a syntax error in the SDK");
        assert.throws(
            once(
                () => {
                    throw broken;
                },
                "@pulumi/aws",
                "aws",
            ),
            (e: unknown) => e === broken,
        );
        let loads = 0;
        const load = once(() => ({ n: ++loads }), "@pulumi/aws", "aws");
        assert.strictEqual(load(), load());
        assert.strictEqual(loads, 1);
    });
});
