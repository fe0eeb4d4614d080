/**
 * The package as a user gets it: `npm run build`, `npm pack`, the tarball installed into a fresh
 * project next to the peer dependencies, a consumer stack compiled against the shipped declarations
 * (`strict`, under `moduleResolution` `node` and `node16`) and run under Pulumi's mock runtime.
 *
 * The install uses the npm cache only (`--offline`), falling back to `--prefer-offline` when some
 * package is not cached. Set KEEP_CONSUMER=1 to keep the temporary project for inspection.
 */
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(__dirname, "..", "fixtures", "consumer");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** The versions the consumer installs next to the tarball: the ones this repository is tested with. */
const CONSUMER_DEPENDENCIES: Record<string, string> = {
    "@pulumi/pulumi": "3.248.0",
    "@pulumi/aws": "7.48.0",
    "@pulumi/aws-native": "1.79.0",
    typescript: "5.9.3",
    "@types/node": "20.19.39",
};

const AWS_TYPE = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
const AWS_NATIVE_TYPE = "aws-native:imagebuilder:DistributionConfiguration";
const COMPONENT_TYPE = "imagebuilder-distribution:index:MultiRegionDistribution";
const VARIANTS = ["node", "node16"] as const;

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

function run(command: string, args: string[], cwd: string): Run {
    const r = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, npm_config_update_notifier: "false" },
    });
    if (r.error) {
        throw r.error;
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mustRun(command: string, args: string[], cwd: string): Run {
    const r = run(command, args, cwd);
    if (r.status !== 0) {
        assert.fail(`${command} ${args.join(" ")} (in ${cwd}) exited ${r.status}\n${r.stdout}\n${r.stderr}`);
    }
    return r;
}

/** Every installed copy of a package under `dir`'s node_modules, nested ones included. */
function installedCopies(dir: string, pkg: string): string[] {
    const found: string[] = [];
    const walk = (nodeModules: string) => {
        if (!fs.existsSync(nodeModules)) {
            return;
        }
        for (const entry of fs.readdirSync(nodeModules)) {
            if (entry.startsWith(".")) {
                continue;
            }
            const names = entry.startsWith("@")
                ? fs.readdirSync(path.join(nodeModules, entry)).map((n) => `${entry}/${n}`)
                : [entry];
            for (const name of names) {
                const pkgDir = path.join(nodeModules, name);
                if (name === pkg) {
                    found.push(pkgDir);
                }
                walk(path.join(pkgDir, "node_modules"));
            }
        }
    };
    walk(path.join(dir, "node_modules"));
    return found;
}

/** `file(line,col): error TSxxxx: message` lines of tsc's output. */
function diagnostics(output: string): { file: string; line: number; code: string; message: string }[] {
    const out: { file: string; line: number; code: string; message: string }[] = [];
    for (const m of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
        out.push({ file: m[1], line: Number(m[2]), code: m[3], message: m[4] });
    }
    return out;
}

describe("package: packed, installed and used as a consumer would", function () {
    this.timeout(600000);

    let work: string;
    let consumer: string;
    let tarball: string;
    let packedFiles: string[];
    const tsc = () => path.join(consumer, "node_modules", "typescript", "bin", "tsc");

    before(function () {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "imagebuilder-distribution-package-"));
        consumer = path.join(work, "consumer");
        fs.mkdirSync(consumer);

        mustRun(NPM, ["run", "--silent", "build"], ROOT);
        // The build just ran; `--ignore-scripts` skips `prepack`, which would run it again.
        const packed = mustRun(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
        const manifest = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
            filename: string;
            files: { path: string }[];
        }[];
        tarball = path.join(work, manifest[0].filename);
        packedFiles = manifest[0].files.map((f) => f.path);
        assert.ok(fs.existsSync(tarball), `npm pack wrote no ${tarball}`);

        for (const file of ["tsconfig.node.json", "tsconfig.node16.json", "mocks.js", "run.js", "behaviour.js"]) {
            fs.copyFileSync(path.join(FIXTURE, file), path.join(consumer, file));
        }
        fs.copyFileSync(path.join(FIXTURE, "index.ts"), path.join(consumer, "index.ts"));
        fs.writeFileSync(
            path.join(consumer, "package.json"),
            JSON.stringify(
                {
                    name: "consumer",
                    version: "1.0.0",
                    private: true,
                    main: "bin-node/index.js",
                    dependencies: {
                        "pulumi-imagebuilder-distribution": `file:${tarball}`,
                        ...CONSUMER_DEPENDENCIES,
                    },
                },
                null,
                2,
            ),
        );

        // Install scripts are skipped: @pulumi/aws-native's would call the Pulumi CLI to fetch its plugin.
        const base = ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"];
        let install = run(NPM, [...base, "--offline"], consumer);
        if (install.status !== 0) {
            install = run(NPM, [...base, "--prefer-offline"], consumer);
        }
        if (install.status !== 0) {
            assert.fail(`npm install of the tarball failed:\n${install.stdout}\n${install.stderr}`);
        }
    });

    after(function () {
        if (work && !process.env.KEEP_CONSUMER) {
            fs.rmSync(work, { recursive: true, force: true });
        } else if (work) {
            console.log(`    consumer project kept at ${consumer}`);
        }
    });

    it("packs the build, the README and the license, and no tests or examples", function () {
        for (const required of [
            "lib/components/index.js",
            "lib/components/index.d.ts",
            "README.md",
            "LICENSE",
            "package.json",
        ]) {
            assert.ok(packedFiles.includes(required), `${required} is not in the tarball`);
        }
        const unwanted = packedFiles.filter(
            (f) =>
                /^(tests|examples|scripts|bench|docs|\.ci|\.github)\//.test(f) ||
                /(^|\/)node_modules\//.test(f) ||
                /\.test\.(js|ts|d\.ts)$/.test(f) ||
                /^(tsconfig.*|eslint\.config\.mjs|typedoc\.json|Pulumi.*\.yaml|\.mocharc\.json)$/.test(f),
        );
        assert.deepEqual(unwanted, [], "files that users do not need are packed");
        const stray = packedFiles.filter(
            (f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f) && !f.startsWith("components/") && !f.startsWith("cli/"),
        );
        assert.deepEqual(stray, [], "TypeScript sources outside components/ and cli/ are packed");
        for (const js of packedFiles.filter((f) => f.startsWith("lib/") && f.endsWith(".js"))) {
            assert.ok(packedFiles.includes(js.replace(/\.js$/, ".d.ts")), `${js} ships without declarations`);
            assert.ok(packedFiles.includes(`${js}.map`), `${js} ships without a source map`);
        }
    });

    it("declares its entry points, peers and metadata in package.json", function () {
        const pkg = JSON.parse(
            fs.readFileSync(
                path.join(consumer, "node_modules", "pulumi-imagebuilder-distribution", "package.json"),
                "utf8",
            ),
        );
        assert.equal(pkg.main, "lib/components/index.js");
        assert.equal(pkg.types, "lib/components/index.d.ts");
        const dot = pkg.exports["."];
        assert.equal(Object.keys(dot)[0], "types", "the `types` condition must come first in exports");
        assert.equal(dot.types, "./lib/components/index.d.ts");
        assert.ok(Object.values(pkg.bin ?? {}).length > 0, "the plan CLI is not declared as bin");
        assert.equal(pkg.license, "Apache-2.0");
        assert.ok(pkg.repository?.url, "repository metadata is missing");
        assert.match(pkg.version, /^\d+\.\d+\.\d+/);
        assert.ok(pkg.engines?.node, "engines.node is missing");
        // The oldest versions the compatibility matrix (scripts/matrix.sh) installs and tests.
        assert.equal(pkg.engines.node, ">=20");
        assert.equal(pkg.peerDependencies["@pulumi/pulumi"], "^3.142.0");
        assert.equal(pkg.peerDependencies["@pulumi/aws"], "^7.2.0");
        assert.equal(pkg.peerDependencies["@pulumi/aws-native"], "^1.27.0");
        assert.equal(pkg.peerDependenciesMeta?.["@pulumi/aws-native"]?.optional, true);
        for (const sdk of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/aws-native"]) {
            assert.equal(pkg.dependencies?.[sdk], undefined, `${sdk} must be a peer dependency only`);
        }
    });

    it("installs with exactly one copy of @pulumi/pulumi", function () {
        const copies = installedCopies(consumer, "@pulumi/pulumi");
        assert.deepEqual(
            copies.map((c) => path.relative(consumer, c)),
            [path.join("node_modules", "@pulumi", "pulumi")],
        );
        assert.ok(
            !fs.existsSync(
                path.join(consumer, "node_modules", "pulumi-imagebuilder-distribution", "node_modules", "@pulumi"),
            ),
            "the package brought its own @pulumi SDKs",
        );
    });

    for (const variant of VARIANTS) {
        it(`compiles the consumer stack with strict and moduleResolution ${variant}`, function () {
            const r = run(process.execPath, [tsc(), "-p", `tsconfig.${variant}.json`], consumer);
            assert.equal(r.status, 0, `tsc -p tsconfig.${variant}.json failed:\n${r.stdout}\n${r.stderr}`);
            assert.ok(fs.existsSync(path.join(consumer, `bin-${variant}`, "index.js")));
        });
    }

    it("type-checks without the optional @pulumi/aws-native, declarations included (no skipLibCheck)", function () {
        // README's install for backend "aws" leaves the optional peer out: the package's declarations must
        // not need it. Hidden for this test only; the tests after it use it.
        const native = path.join(consumer, "node_modules", "@pulumi", "aws-native");
        const hidden = `${native}.hidden`;
        fs.renameSync(native, hidden);
        try {
            const r = run(
                process.execPath,
                [tsc(), "-p", "tsconfig.node.json", "--noEmit", "--pretty", "false"],
                consumer,
            );
            assert.equal(r.status, 0, `tsc without @pulumi/aws-native failed:\n${r.stdout}\n${r.stderr}`);
        } finally {
            fs.renameSync(hidden, native);
        }
    });

    /** Type-checks one file of the consumer with the compiler options of `variant`. */
    function typeCheck(file: string, variant: (typeof VARIANTS)[number]) {
        const config = `tsconfig.${path.basename(file, ".ts")}.${variant}.json`;
        fs.writeFileSync(
            path.join(consumer, config),
            JSON.stringify({ extends: `./tsconfig.${variant}.json`, compilerOptions: { noEmit: true }, files: [file] }),
        );
        return run(process.execPath, [tsc(), "-p", config, "--pretty", "false"], consumer);
    }

    it("rejects misspelt fields and values outside closed sets at compile time", function () {
        // Each `@ts-expect-error` must sit above a real error: compile a copy without the directives
        // and check that exactly the lines below them fail.
        const source = fs.readFileSync(path.join(consumer, "index.ts"), "utf8").split("\n");
        const expected: number[] = [];
        const stripped = source.map((line, i) => {
            if (/^\s*\/\/ @ts-expect-error/.test(line)) {
                expected.push(i + 2); // the next line, 1-based
                return line.replace("@ts-expect-error", "(expected error)");
            }
            return line;
        });
        assert.ok(expected.length >= 5, "the fixture has too few @ts-expect-error lines");
        fs.writeFileSync(path.join(consumer, "negatives.ts"), stripped.join("\n"));
        for (const variant of VARIANTS) {
            const r = typeCheck("negatives.ts", variant);
            const errors = diagnostics(r.stdout);
            assert.notEqual(r.status, 0, "the copy without @ts-expect-error compiled");
            assert.ok(
                errors.every((e) => e.file === "negatives.ts"),
                `errors outside the consumer stack:\n${r.stdout}`,
            );
            assert.deepEqual(
                [...new Set(errors.map((e) => e.line))].sort((a, b) => a - b),
                expected,
                r.stdout,
            );
            const at = (needle: string) => errors.find((e) => stripped[e.line - 1].includes(needle))?.message ?? "";
            assert.match(at('"QCOW2"'), /"QCOW2"/);
            assert.match(at('"terraform"'), /"terraform"/);
            assert.match(at("regoins"), /regoins/);
        }
    });

    it("resolves the types of the /provider entry point under every moduleResolution", function () {
        // `moduleResolution: node` ignores `exports`: `typesVersions` must lead it to the declarations.
        fs.writeFileSync(
            path.join(consumer, "providerEntry.ts"),
            [
                'import { DistributionProvider, serve } from "pulumi-imagebuilder-distribution/provider";',
                "export const version: (schema: string) => string = (schema) => new DistributionProvider(schema).version;",
                "export const start: typeof serve = serve;",
                "",
            ].join("\n"),
        );
        for (const variant of VARIANTS) {
            const r = typeCheck("providerEntry.ts", variant);
            assert.equal(r.status, 0, `tsc (${variant}) of an import of /provider failed:\n${r.stdout}\n${r.stderr}`);
        }
    });

    for (const variant of VARIANTS) {
        it(`runs the ${variant} build of the stack under the mock runtime`, function () {
            const r = run(process.execPath, ["run.js", `./bin-${variant}/index.js`], consumer);
            assert.equal(r.status, 0, `the consumer stack failed:\n${r.stdout}\n${r.stderr}`);
            const line = r.stdout.split("\n").find((l) => l.startsWith("CONSUMER-RESULT "));
            assert.ok(line, `no result from the consumer stack:\n${r.stdout}\n${r.stderr}`);
            const result = JSON.parse(line.slice("CONSUMER-RESULT ".length));

            // One SDK: the package uses the consumer's @pulumi/pulumi.
            assert.deepEqual(result.pulumiCopies, [result.pulumiOfConsumer]);
            assert.equal(result.pulumiOfComponent, result.pulumiOfConsumer);
            assert.ok(
                result.componentEntry.endsWith(
                    path.join("pulumi-imagebuilder-distribution", "lib", "components", "index.js"),
                ),
            );

            const byType = (type: string) =>
                (result.registered as { type: string; name: string; inputs: Record<string, unknown> }[]).filter(
                    (r) => r.type === type,
                );
            assert.deepEqual(
                byType(COMPONENT_TYPE).map((r) => r.name),
                ["golden", "native"],
            );
            const [classic] = byType(AWS_TYPE);
            assert.equal(classic.name, "golden");
            assert.deepEqual(classic.inputs, {
                name: "consumer-golden",
                description: "Golden AMI for every workload account",
                tags: { Team: "platform" },
                distributions: [
                    {
                        region: "eu-west-1",
                        amiDistributionConfiguration: {
                            name: "golden-{{ imagebuilder:buildDate }}",
                            targetAccountIds: ["111122223333"],
                            amiTags: { DataResidency: "eu", Team: "platform" },
                            kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd",
                        },
                        s3ExportConfiguration: {
                            roleName: "vmimport",
                            diskImageFormat: "VMDK",
                            s3Bucket: "golden-exports",
                        },
                    },
                    {
                        // The override's NONE turned off the default AMI tags in this region.
                        region: "us-east-1",
                        amiDistributionConfiguration: {
                            name: "golden-{{ imagebuilder:buildDate }}",
                            targetAccountIds: ["111122223333"],
                        },
                    },
                ],
            });
            const [native] = byType(AWS_NATIVE_TYPE);
            assert.equal(native.name, "native");
            assert.deepEqual(native.inputs, {
                name: "consumer-native",
                distributions: [
                    {
                        region: "us-west-2",
                        containerDistributionConfiguration: {
                            containerTags: ["latest"],
                            targetRepository: { service: "ECR", repositoryName: "golden" },
                        },
                    },
                ],
            });

            // Each child is parented by its component (the parent's type is part of the child's URN).
            assert.ok(
                result.urns.includes(`urn:pulumi:dev::consumer::${COMPONENT_TYPE}$${AWS_TYPE}::golden`),
                result.urns,
            );
            assert.ok(
                result.urns.includes(`urn:pulumi:dev::consumer::${COMPONENT_TYPE}$${AWS_NATIVE_TYPE}::native`),
                result.urns,
            );

            assert.equal(
                result.outputs.arn,
                "arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/consumer-golden",
            );
            assert.equal(result.outputs.configurationName, "consumer-golden");
            assert.deepEqual(result.outputs.regions, ["eu-west-1", "us-east-1"]);
            assert.deepEqual(
                result.outputs.distributions.map((d: { region: string }) => d.region),
                ["eu-west-1", "us-east-1"],
            );
            assert.deepEqual(result.backends, ["aws", "aws-native"]);
        });
    }

    it("passes the behaviour checks that every cell of the compatibility matrix runs (behaviour.js)", function () {
        const r = run(process.execPath, ["behaviour.js"], consumer);
        assert.equal(r.status, 0, `behaviour.js failed:\n${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /^behaviour: \d+ checks passed/m);
    });

    it("is importable with require() and with import from an ES module", function () {
        const expected = ["function", COMPONENT_TYPE, { VMDK: "VMDK", RAW: "RAW", VHD: "VHD" }];
        const summary =
            "JSON.stringify([typeof m.MultiRegionDistribution, m.MultiRegionDistribution.TYPE, m.DiskImageFormat])";
        const cjs = execFileSync(
            process.execPath,
            ["-e", `const m = require("pulumi-imagebuilder-distribution"); console.log(${summary})`],
            { cwd: consumer, encoding: "utf8" },
        );
        assert.deepEqual(JSON.parse(cjs), expected);
        // Named imports from ESM rely on Node detecting the CommonJS exports of lib/components/index.js.
        const esm = execFileSync(
            process.execPath,
            [
                "--input-type=module",
                "-e",
                `import { MultiRegionDistribution, DiskImageFormat } from "pulumi-imagebuilder-distribution"; const m = { MultiRegionDistribution, DiskImageFormat }; console.log(${summary})`,
            ],
            { cwd: consumer, encoding: "utf8" },
        );
        assert.deepEqual(JSON.parse(esm), expected);
    });

    it("ships the provider that the component package's plugin (provider/index.js) serves", function () {
        const schemaFile = path.join(ROOT, "provider", "schema.json");
        const out = execFileSync(
            process.execPath,
            [
                "-e",
                `const p = require("pulumi-imagebuilder-distribution/provider");
                 const prov = new p.DistributionProvider(require("fs").readFileSync(${JSON.stringify(schemaFile)}, "utf8"));
                 console.log(JSON.stringify([typeof p.serve, prov.version]))`,
            ],
            { cwd: consumer, encoding: "utf8" },
        );
        assert.deepEqual(JSON.parse(out), ["function", JSON.parse(fs.readFileSync(schemaFile, "utf8")).version]);
    });

    it("plans a TypeScript program as pulumi's template lays it out: no ts-node, its TypeScript, nodenext modules, type-checked", function () {
        // The consumer installs TypeScript but no ts-node, as `pulumi new typescript` does: the plan then
        // uses the ts-node that @pulumi/pulumi ships, with the project's compiler and its tsconfig.json.
        const program = path.join(consumer, "planned");
        fs.mkdirSync(program, { recursive: true });
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: planned\nruntime: nodejs\n");
        // Its own package.json: the consumer's names the consumer stack's build as its main.
        fs.writeFileSync(path.join(program, "package.json"), '{ "name": "planned", "private": true }\n');
        fs.writeFileSync(
            path.join(program, "tsconfig.json"),
            [
                "{",
                "  // Node.js's own module resolution, as newer projects set it",
                '  "compilerOptions": { "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext", "strict": true },',
                '  "files": ["index.ts"]',
                "}",
            ].join("\n"),
        );
        fs.writeFileSync(
            path.join(program, "index.ts"),
            [
                'import { MultiRegionDistribution } from "pulumi-imagebuilder-distribution";',
                'const golden = new MultiRegionDistribution("planned", {',
                '    name: "planned-golden",',
                '    regions: ["us-east-1", "eu-west-1"],',
                '    defaults: { amiDistributionConfiguration: { name: "planned-{{ imagebuilder:buildDate }}" } },',
                "});",
                "export const arn: unknown = golden.arn;",
                "",
            ].join("\n"),
        );
        assert.ok(!fs.existsSync(path.join(consumer, "node_modules", "ts-node")), "the consumer has its own ts-node");
        const bin = path.join(consumer, "node_modules", ".bin", "imagebuilder-distribution");
        const r = run(bin, [program, "--json"], consumer);
        assert.equal(r.status, 0, `the plan failed:\n${r.stdout}\n${r.stderr}`);
        const doc = JSON.parse(r.stdout) as {
            requests: { request: { name: string; distributions: { region: string }[] } }[];
            outputs: Record<string, unknown>;
        };
        assert.equal(doc.requests.length, 1);
        assert.equal(doc.requests[0].request.name, "planned-golden");
        assert.deepEqual(
            doc.requests[0].request.distributions.map((d) => d.region),
            ["eu-west-1", "us-east-1"],
        );
        assert.match(String(doc.outputs.arn), /:distribution-configuration\/planned-golden$/);

        // As with pulumi, a type error fails the program, unless PULUMI_NODEJS_TRANSPILE_ONLY=true.
        fs.appendFileSync(path.join(program, "index.ts"), 'export const count: number = "two";\n');
        const failed = run(bin, [program, "--json"], consumer);
        assert.equal(failed.status, 2, `a type error passed:\n${failed.stdout}\n${failed.stderr}`);
        assert.match(
            failed.stderr,
            /index\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
        );
        const transpiled = spawnSync(bin, [program, "--json"], {
            cwd: consumer,
            encoding: "utf8",
            env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        });
        assert.equal(transpiled.status, 0, transpiled.stderr);
    });

    it("ships the plan CLI that package.json names as bin", function () {
        const installed = path.join(consumer, "node_modules", "pulumi-imagebuilder-distribution");
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        const bins = Object.entries(pkg.bin as Record<string, string>);
        assert.ok(bins.length > 0, "package.json declares no bin");
        for (const [command, target] of bins) {
            const file = path.normalize(target);
            assert.ok(
                packedFiles.includes(file.split(path.sep).join("/")),
                `bin ${command} -> ${target} is not in the tarball`,
            );
            const head = fs.readFileSync(path.join(installed, file), "utf8").split("\n")[0];
            assert.equal(head, "#!/usr/bin/env node", `bin ${command} -> ${target} has no node shebang`);
            assert.ok(fs.existsSync(path.join(consumer, "node_modules", ".bin", command)), `npm linked no ${command}`);
        }
    });
});
