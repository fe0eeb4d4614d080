/**
 * The plan command's pure parts, in-process: arguments, project loading, the request and its client
 * token, the diff of two known plans, the human and markdown outputs of a known plan, markdown size
 * limits, usage errors (which never start a program), and the model checker itself.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import * as url from "url";
import { USAGE, parseArgs } from "../cli/args";
import { distributionConfigurationArn } from "../cli/arn";
import { normalizedConfigurationName as normalizedName } from "../components";
import { EXIT, SECRET, WIRE } from "../cli/constants";
import { UsageError } from "../cli/errors";
import { diffPlans, diffValues, FieldChange } from "../cli/diff";
import { SET_DEFAULT_VERSION_NOTE, changeNote, renderDiffHuman, renderDiffMarkdown } from "../cli/diffRender";
import {
    PlanDocument,
    PlanRequest,
    formatJson,
    homeRegionOf,
    parsePlanDocument,
    parseUrn,
    requestOf,
} from "../cli/document";
import { oneLine, renderHuman, styles, columnGroups } from "../cli/human";
import { Json, canonicalJson, contentToken, fromWire, isObject } from "../cli/json";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../cli/markdown";
import { PlanMocks } from "../cli/mocks";
import { environmentNote, main, nodeArgsNote, placeholderNote, render, undecidedNotes } from "../cli/plan";
import { esmExport, esmHooksApply, loadNodeArgModules, nodeArgs, resolveFrom, typeScriptLoader } from "../cli/load";
import { chooseStack, loadProject, resolveMain, splitArgs } from "../cli/project";
import { checkRequest, loadModel } from "./modelCheck";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "plan");
const readPlan = (file: string): PlanDocument =>
    parsePlanDocument(fs.readFileSync(path.join(FIXTURES, file), "utf8"), file);
const ANSI = /\u001b\[/;

/** Runs main() for arguments that stop before any program runs. */
async function runMain(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        isTTY: false,
        env: {},
        cwd: ROOT,
    });
    return { code, stdout, stderr };
}

describe("plan: arguments", () => {
    it("defaults to the current directory, human output", () => {
        assert.deepStrictEqual(parseArgs([]), {
            dir: ".",
            format: "human",
            verify: false,
            verbose: false,
            help: false,
            version: false,
        });
    });

    it("reads every option, in both spellings", () => {
        assert.deepStrictEqual(parseArgs(["examples/golden-ami", "--stack", "prod", "--json", "--diff", "base.json"]), {
            dir: "examples/golden-ami",
            stack: "prod",
            format: "json",
            diff: "base.json",
            verify: false,
            verbose: false,
            help: false,
            version: false,
        });
        const a = parseArgs(["--stack=prod", "--markdown", "--diff=b.json", "--verbose", "."]);
        assert.strictEqual(a.stack, "prod");
        assert.strictEqual(a.format, "markdown");
        assert.strictEqual(a.diff, "b.json");
        assert.strictEqual(a.verbose, true);
    });

    const bad: [string[], RegExp][] = [
        [["--bogus"], /unknown option --bogus/],
        [["--json", "--markdown"], /cannot be combined/],
        [["--stack"], /--stack needs a value/],
        [["--stack", "--json"], /--stack needs a value/],
        [["--diff="], /--diff needs a value/],
        [["a", "b"], /one program directory at most/],
        [["--json=yes"], /takes no value/],
    ];
    for (const [argv, message] of bad) {
        it(`rejects ${argv.join(" ")}`, () => {
            assert.throws(
                () => parseArgs(argv),
                (e: unknown) => e instanceof UsageError && message.test(e.message),
            );
        });
    }

    it("documents every exit code in the usage text", () => {
        for (const code of Object.values(EXIT)) {
            assert.match(USAGE, new RegExp(`^  ${code} `, "m"));
        }
        assert.match(USAGE, /\[PROGRAM_DIR\] \[--stack NAME\] \[--json \| --markdown\] \[--diff BASE\.json\]/);
    });
});

describe("plan: usage errors exit 64 before any program runs", () => {
    it("an unknown option prints the usage", async () => {
        const r = await runMain(["--bogus"]);
        assert.strictEqual(r.code, 64);
        assert.match(r.stderr, /^error: unknown option --bogus\n\nUsage: imagebuilder-distribution/);
        assert.strictEqual(r.stdout, "");
    });

    it("a directory without Pulumi.yaml", async () => {
        const r = await runMain(["tests/fixtures/plan"]);
        assert.strictEqual(r.code, 64);
        assert.match(r.stderr, /no Pulumi\.yaml in .*tests\/fixtures\/plan/);
    });

    it("a base plan that cannot be read, or is not a plan", async () => {
        const missing = await runMain(["examples/golden-ami", "--diff", "tests/fixtures/plan/nope.json"]);
        assert.strictEqual(missing.code, 64);
        assert.match(missing.stderr, /cannot read the base plan tests\/fixtures\/plan\/nope\.json/);
        const notPlan = await runMain(["examples/golden-ami", "--diff", "package.json"]);
        assert.strictEqual(notPlan.code, 64);
        assert.match(notPlan.stderr, /package\.json is not a plan saved with --json/);
    });

    it("a runtime other than nodejs", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-python-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: py\nruntime: python\n");
        const r = await runMain([dir]);
        assert.strictEqual(r.code, 64);
        assert.match(r.stderr, /runtime "python" is not supported; only nodejs programs can be planned/);
    });

    it("a program whose own @pulumi/pulumi is not installed (this package's is not the program's)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-no-sdk-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: nosdk\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "index.js"), 'require("@pulumi/pulumi");\n');
        const r = await runMain([dir]);
        assert.strictEqual(r.code, 64, r.stderr);
        assert.match(r.stderr, /@pulumi\/pulumi cannot be found from .*plan-no-sdk-.*: run npm install there/);
    });

    it("--help prints the usage and exits 0", async () => {
        const r = await runMain(["--help"]);
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.stdout, USAGE);
    });

    it("docs/plan.md's human sample is what npm start prints", function () {
        this.timeout(60_000);
        // In a process of its own: this one may have loaded the root program's modules already.
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/plan.ts", "."], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, NO_COLOR: "1" },
        });
        assert.strictEqual(r.status, 0, r.stderr);
        const doc = fs.readFileSync(path.join(ROOT, "docs", "plan.md"), "utf8");
        assert.ok(doc.includes("```text\n" + r.stdout + "```"), `docs/plan.md's sample differs from:\n${r.stdout}`);
    });

    it("docs/plan.md shows the usage --help prints, word for word", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "plan.md"), "utf8");
        assert.ok(doc.includes("```text\n" + USAGE + "```"), "docs/plan.md's usage block differs from --help");
    });

    it("--version prints the package's version", async () => {
        const r = await runMain(["--version"]);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        assert.strictEqual(r.stdout, `${pkg.version}\n`);
    });
});

/** A temporary JavaScript project named `name` whose Pulumi.yaml declares `config` (one declaration a line). */
function declaringProject(name: string, config: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${name}-`));
    fs.writeFileSync(path.join(dir, "index.js"), "");
    const yaml = [`name: ${name}`, "runtime: nodejs", "config:", ...config.map((c) => `  ${c}`)];
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.join("\n"));
    return dir;
}

describe("plan: the project, as the Pulumi CLI loads it", () => {
    it("reads Pulumi.yaml, the stack's config, project defaults and secure values", () => {
        const info = loadProject(path.join(FIXTURES, "known"), "base");
        assert.strictEqual(info.project, "plan-known");
        assert.strictEqual(info.stack, "base");
        assert.strictEqual(info.main, path.join(FIXTURES, "known", "index.ts"));
        assert.strictEqual(info.typescript, true);
        assert.strictEqual(info.config["aws:region"], "eu-west-1");
        assert.strictEqual(info.config["plan-known:regions"], '["us-east-1","eu-west-1","sa-east-1"]');
        // The stack overrides the project's default; keys without a namespace get the project's.
        assert.strictEqual(info.config["plan-known:accounts"], '["111122223333","444455556666"]');
        assert.strictEqual(info.config["plan-known:windowsName"], "windows-2022");
        assert.strictEqual(info.config["plan-known:legacy"], "true");
        // A secure value cannot be decrypted offline: a placeholder, and the key is secret.
        assert.strictEqual(info.config["plan-known:costCenter"], SECRET);
        assert.deepStrictEqual(info.secretKeys, ["plan-known:costCenter"]);
        assert.deepStrictEqual(info.placeholderKeys, ["plan-known:costCenter"]);
    });

    it("a secure value is the placeholder as a whole; a list or object keeps its other members", () => {
        const info = loadProject(path.join(FIXTURES, "secure-config"), "dev");
        assert.strictEqual(info.config["plan-secure-config:sharedAccount"], SECRET);
        assert.strictEqual(info.config["plan-secure-config:launchAccounts"], SECRET);
        assert.strictEqual(
            info.config["plan-secure-config:encryption"],
            `{"kmsKeyId":"${SECRET}","region":"eu-west-1"}`,
        );
        assert.deepStrictEqual(info.placeholderKeys, [
            "plan-secure-config:encryption",
            "plan-secure-config:launchAccounts",
            "plan-secure-config:sharedAccount",
            "plan-secure-config:ssmParameterName",
        ]);
        assert.deepStrictEqual(info.secretKeys, info.placeholderKeys);
        assert.strictEqual(
            placeholderNote(info),
            'note: secure config values cannot be decrypted offline; plan-secure-config:launchAccounts, plan-secure-config:sharedAccount, plan-secure-config:ssmParameterName are "[secret]" in this plan; plan-secure-config:encryption has "[secret]" in place of its secure members',
        );
        assert.strictEqual(
            placeholderNote(loadProject(path.join(FIXTURES, "known"), "base")),
            'note: secure config values cannot be decrypted offline; plan-known:costCenter is "[secret]" in this plan',
        );
    });

    it("takes main from Pulumi.yaml relative to the project", () => {
        const info = loadProject(ROOT);
        assert.strictEqual(info.project, "imagebuilder-distribution-example");
        assert.strictEqual(info.main, path.join(ROOT, "examples", "golden-ami", "index.ts"));
        assert.strictEqual(info.stack, "dev");
        assert.strictEqual(info.config["imagebuilder-distribution-example:amiPrefix"], "golden-al2023");
    });

    it("chooses the stack: given, else the only stack file, else dev", () => {
        assert.strictEqual(chooseStack(ROOT), "dev");
        assert.strictEqual(chooseStack(path.join(FIXTURES, "known"), "my-org/plan-known/head"), "head");
        assert.strictEqual(chooseStack(path.join(FIXTURES, "secure-config")), "dev", "dev among several");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-stack-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x\nruntime: nodejs\n");
        assert.strictEqual(chooseStack(dir), "dev", "no stack file");
        assert.strictEqual(chooseStack(dir, "prod"), "prod", "no stack file at all: any stack");
        fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), "config: {}\n");
        assert.strictEqual(chooseStack(dir), "staging");
    });

    it("refuses a stack it cannot plan with the right config, naming the choices", () => {
        const known = path.join(FIXTURES, "known");
        assert.throws(
            () => chooseStack(known),
            (e: unknown) =>
                e instanceof UsageError &&
                e.message === `${known} has Pulumi.base.yaml, Pulumi.head.yaml: choose the stack to plan with --stack`,
        );
        assert.throws(
            () => chooseStack(known, "prod"),
            (e: unknown) =>
                e instanceof UsageError &&
                e.message.startsWith(
                    `there is no Pulumi.prod.yaml in ${known}, which has Pulumi.base.yaml, Pulumi.head.yaml`,
                ),
        );
        for (const bad of ["a b", "", "org/", "a/b/c/d", "prod!"]) {
            assert.throws(() => chooseStack(known, bad), /invalid stack name/, JSON.stringify(bad));
        }
    });

    it("reads the layout the CLI allows: main's directory, stackConfigDir, ESC imports, dates, the organization", () => {
        const dir = path.join(FIXTURES, "layout");
        const info = loadProject(dir);
        assert.strictEqual(info.programDir, path.join(dir, "app"), "the CLI runs the program in main's directory");
        assert.strictEqual(info.stackFile, path.join(dir, "stacks", "Pulumi.dev.yaml"));
        assert.deepStrictEqual(info.environments, ["acme/golden-images"]);
        assert.strictEqual(info.config["plan-layout:since"], "2024-01-01", "a date as written, not a timestamp");
        assert.strictEqual(info.organization, "organization", "a self-managed backend's name");
        assert.strictEqual(loadProject(dir, "acme/plan-layout/dev").organization, "acme");
        assert.throws(
            () => loadProject(dir, "acme/other-project/dev"),
            /^UsageError: provided project name "other-project" doesn't match Pulumi\.yaml$/,
        );
        assert.throws(() => loadProject(dir, "prod"), /there is no Pulumi\.prod\.yaml in .*stacks/);
        assert.match(
            environmentNote(info),
            /^note: Pulumi\.dev\.yaml imports the ESC environment acme\/golden-images,/,
        );
        assert.strictEqual(loadProject(ROOT).programDir, path.join(ROOT, "examples", "golden-ami"));
    });

    it("holds the stack to the project's config declarations, as the CLI does", () => {
        const dir = declaringProject("decl", [
            "regions: { type: array, items: { type: string } }",
            "owner: { type: string, default: b }",
            "token: { type: string, secret: true, default: x }",
            "aws:region: { value: us-west-2 }",
        ]);
        const stack = (config: string, extra = "") =>
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `${extra}config:\n${config}`);
        stack("  decl:token: plain\n");
        assert.throws(() => loadProject(dir), /^UsageError: Stack 'dev' is missing configuration value 'regions'/);
        stack('  decl:regions: ["us-east-1"]\n  decl:token: plain\n');
        assert.throws(() => loadProject(dir), /with configuration key 'token' must be encrypted as it's secret/);
        stack('  decl:regions: ["us-east-1"]\n  decl:token:\n    secure: v1:abc\n');
        const info = loadProject(dir);
        assert.strictEqual(info.config["decl:owner"], "b");
        assert.strictEqual(info.config["aws:region"], "us-west-2");
        // Config an ESC environment may set cannot be told missing offline.
        stack("  decl:token:\n    secure: v1:abc\n", "environment: [acme/env]\n");
        assert.deepStrictEqual(loadProject(dir).environments, ["acme/env"]);
    });

    it("applies YAML merge keys in a stack's config, as the CLI does", () => {
        const dir = declaringProject("merged", []);
        fs.writeFileSync(
            path.join(dir, "Pulumi.dev.yaml"),
            [
                "config:",
                "  merged:base: &base { region: us-east-1, count: 2 }",
                "  merged:merged: { <<: *base, name: x }",
                "",
            ].join("\n"),
        );
        const { config } = loadProject(dir);
        assert.deepStrictEqual(JSON.parse(config["merged:merged"]), { region: "us-east-1", count: 2, name: "x" });
    });

    it("refuses the config declarations the CLI refuses, with its words", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-declarations-"));
        fs.writeFileSync(path.join(dir, "index.js"), "");
        const refused: [string, RegExp][] = [
            [
                "owner: { value: a, default: b }",
                /project config 'owner' cannot have both a 'default' and 'value' attribute/,
            ],
            [
                "ids: { type: array }",
                /key 'ids' declares an array but does not specify the underlying type via the 'items'/,
            ],
            [
                "port: { type: integer, default: 80.5 }",
                /default value specified for configuration key 'port' is not of the expected type 'integer'/,
            ],
            [
                "ids: { type: array, items: { type: string }, default: [1] }",
                /key 'ids' is not of the expected type 'array<string>'/,
            ],
            [
                "size: { type: number }",
                /config 'size' has the type 'number': a type is string, integer, boolean, array or object/,
            ],
            [
                "aws:region: { type: string, value: us-east-1 }",
                /'aws:region' is not namespaced by the project and should not define a type/,
            ],
            [
                "aws:region: { default: us-east-1 }",
                /'aws:region' is not namespaced by the project and should not define a default value/,
            ],
            [
                "aws:region: { description: the region }",
                /'aws:region' is namespaced and must provide an attribute 'value'/,
            ],
            // The project schema: a string, an integer, a boolean, a list, or a declaration with its keys only.
            [
                "ratio: 1.5",
                /config 'ratio' is 1\.5: a config entry is a string, an integer, a boolean, a list, or a declaration/,
            ],
            ["empty:", /config 'empty' is empty/],
            [
                "aws:defaultTags: { tags: { Team: x } }",
                /config 'aws:defaultTags' has 'tags': a declaration has only type/,
            ],
            ["owner: { type: string, defualt: x }", /config 'owner' has 'defualt'/],
        ];
        for (const [declaration, message] of refused) {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: d\nruntime: nodejs\nconfig:\n  ${declaration}\n`);
            assert.throws(
                () => loadProject(dir),
                (e: Error) => e instanceof UsageError && message.test(e.message),
                declaration,
            );
        }
        // What the CLI accepts: a default of the type (a whole number, a string of one), the project's prefix.
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: d\nruntime: nodejs\nconfig:\n  port: { type: integer, default: '8080' }\n  d:flag: { type: boolean, default: true }\n",
        );
        assert.strictEqual(loadProject(dir).config["d:port"], "8080");
        // A structured value of another namespace is a declaration's value.
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: d\nruntime: nodejs\nconfig:\n  aws:defaultTags: { value: { tags: { Team: x } } }\n",
        );
        assert.strictEqual(loadProject(dir).config["aws:defaultTags"], '{"tags":{"Team":"x"}}');
    });

    it("reads the stack's keys and values as the CLI does: namespaced keys, null as set", () => {
        const dir = declaringProject("k", [
            "port: { type: integer, default: 80 }",
            "owner: { description: required }",
            "note: { secret: true, default: plain }",
            "token: { type: string, secret: true, default: x }",
        ]);
        const stack = (lines: string[]) =>
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n${lines.map((l) => `  ${l}\n`).join("")}`);
        const secure = "k:token:\n    secure: v1:abc";
        stack(["owner: a", secure]);
        assert.throws(
            () => loadProject(dir),
            /could not parse owner as a configuration key \(configuration keys should be of the form `<namespace>:<name>`\)/,
        );
        stack(["k:config:owner: a", secure]);
        assert.strictEqual(loadProject(dir).config["k:owner"], "a", "the older <namespace>:config:<name>");
        // A key written without a value is set, to null: the required key is not missing.
        stack(["k:owner:", secure]);
        assert.strictEqual(loadProject(dir).config["k:owner"], "null");
        stack(["k:owner: a", "k:port:", secure]);
        assert.throws(() => loadProject(dir), /with configuration key 'port' must be of type 'integer'/);
        // Secrecy is checked for typed declarations only, and on the default when the stack sets nothing.
        stack(["k:owner: a", "k:note: plain text"]);
        assert.throws(() => loadProject(dir), /with configuration key 'token' must be encrypted as it's secret/);
        stack(["k:owner: a", "k:note: plain text", secure]);
        assert.strictEqual(
            loadProject(dir).config["k:note"],
            "plain text",
            "an untyped secret declaration is not held",
        );
    });

    it("holds typed stack values to their declared type, as the CLI does", () => {
        const dir = declaringProject("t", [
            "port: { type: integer, default: 80 }",
            "debug: { type: boolean, default: false }",
            "name: { type: string, default: x }",
            "tags: { type: object, default: {} }",
            "grid: { type: array, items: { type: array, items: { type: integer } }, default: [] }",
            "regions: { type: array, items: { type: string }, default: [] }",
        ]);
        const stack = (line: string) => fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n  ${line}\n`);
        // Accepted: a scalar is checked as the string the CLI stores (so any scalar is a string).
        for (const line of [
            "t:port: 8080",
            "t:port: '-1'",
            "t:debug: true",
            "t:debug: 'false'",
            "t:name: 42",
            "t:tags: { a: b }",
            "t:grid: [[1, 2], [3]]",
            "t:regions: [us-east-1]",
            "t:regions:\n    secure: v1:abc",
        ]) {
            stack(line);
            assert.doesNotThrow(() => loadProject(dir), line);
        }
        const refused: [string, string][] = [
            ["t:port: 80.5", "port' must be of type 'integer'"],
            ["t:port: '9223372036854775808'", "port' must be of type 'integer'"],
            ["t:debug: yes", "debug' must be of type 'boolean'"],
            ["t:tags: [a]", "tags' must be of type 'object'"],
            ["t:grid: [[1, 'a']]", "grid' must be of type 'array<array<integer>>'"],
            ["t:regions: us-east-1", "regions' must be of type 'array<string>'"],
            ["t:regions: [1]", "regions' must be of type 'array<string>'"],
        ];
        for (const [line, message] of refused) {
            stack(line);
            assert.throws(
                () => loadProject(dir),
                (e: Error) => e instanceof UsageError && e.message === `Stack 'dev' with configuration key '${message}`,
                line,
            );
        }
    });

    it("finds a directory's entry point as the language host does: package.json exports, main, index.js, index.ts", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-entry-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x\nruntime: nodejs\n");
        for (const f of ["index.ts", "index.js", "exported.ts", "main.ts"]) {
            fs.writeFileSync(path.join(dir, f), "");
        }
        const write = (pkg: unknown) => fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg));
        assert.strictEqual(
            resolveMain(dir, undefined),
            path.join(dir, "index.js"),
            "require(dir/) loads index.js first",
        );
        write({ main: "main.ts" });
        assert.strictEqual(resolveMain(dir, undefined), path.join(dir, "main.ts"));
        write({ main: "main.ts", exports: "./exported.ts" });
        assert.strictEqual(resolveMain(dir, undefined), path.join(dir, "exported.ts"), "exports before main");
        write({ exports: { ".": { import: "./main.ts", default: "./exported.ts" } } });
        assert.strictEqual(resolveMain(dir, undefined), path.join(dir, "exported.ts"));
        write({ main: "missing.ts" });
        assert.strictEqual(resolveMain(dir, undefined), path.join(dir, "index.js"), "a missing entry falls back");
        // A file named in Pulumi.yaml is taken as it is.
        assert.strictEqual(resolveMain(dir, "main.ts"), path.join(dir, "main.ts"));
    });

    it("finds an ES module's entry point as the language host does: index.js, index.mjs, index.ts, index.mts", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-esm-entry-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x\nruntime: nodejs\n");
        for (const f of ["index.ts", "index.mjs", "index.mts"]) {
            fs.writeFileSync(path.join(dir, f), "");
        }
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x" }));
        assert.strictEqual(resolveMain(dir, undefined), path.join(dir, "index.ts"), "require(dir/) knows no .mjs");
        assert.strictEqual(loadProject(dir).esm, false);
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", type: "module" }));
        assert.strictEqual(resolveMain(dir, undefined), path.join(dir, "index.mjs"));
        assert.strictEqual(loadProject(dir).esm, true);
        fs.rmSync(path.join(dir, "index.mjs"));
        assert.strictEqual(loadProject(dir).main, path.join(dir, "index.ts"));
    });

    it("reads runtime.options as the language host does: typescript, tsconfig, nodeargs", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-options-"));
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "index.ts"), "");
        const project = (options: string) =>
            fs.writeFileSync(
                path.join(dir, "Pulumi.yaml"),
                `name: x\nmain: src/\nruntime:\n  name: nodejs\n  options:\n${options}`,
            );
        project(`    tsconfig: tsconfig.build.json\n    nodeargs: "-r ./setup.js --max-old-space-size=8192"\n`);
        // A tsconfig named in the options must exist (only tsconfig.json itself may be missing).
        assert.throws(
            () => loadProject(dir),
            /^UsageError: tsconfig path was set to tsconfig\.build\.json but the file was not found/,
        );
        fs.writeFileSync(path.join(dir, "src", "tsconfig.build.json"), "{}");
        const info = loadProject(dir);
        // Relative to main's directory, where the CLI runs the program.
        assert.strictEqual(info.tsconfig, path.join(dir, "src", "tsconfig.build.json"));
        assert.deepStrictEqual(info.nodeargs, ["-r", "./setup.js", "--max-old-space-size=8192"]);
        // ts-node is registered for any program, JavaScript too, unless the option says not to.
        assert.strictEqual(info.typescript, true);
        fs.renameSync(path.join(dir, "src", "index.ts"), path.join(dir, "src", "index.js"));
        assert.strictEqual(loadProject(dir).typescript, true);
        project("    typescript: false\n");
        assert.strictEqual(loadProject(dir).typescript, false, "something else loads the TypeScript");
        assert.strictEqual(loadProject(dir).tsconfig, undefined);
        assert.deepStrictEqual(loadProject(dir).nodeargs, []);
        for (const [option, type] of [
            ["typescript: 'no'", "boolean"],
            ["tsconfig: [a]", "string"],
            ["nodeargs: [--require, x]", "string"],
        ]) {
            project(`    ${option}\n`);
            assert.throws(
                () => loadProject(dir),
                (e: Error) =>
                    e instanceof UsageError &&
                    e.message.includes(`runtime.options.${option.split(":")[0]} must be a ${type}`),
                option,
            );
        }
    });

    it("splits nodeargs as a shell does", () => {
        assert.deepStrictEqual(splitArgs(` --require ./a.js  --title "two words" 'it''s' a\\ b "q\\"x" `), [
            "--require",
            "./a.js",
            "--title",
            "two words",
            "its",
            "a b",
            'q"x',
        ]);
        assert.deepStrictEqual(splitArgs(""), []);
        assert.throws(() => splitArgs(`--title "open`), /unclosed " quote/);
        assert.throws(() => splitArgs("--title end\\"), /ends with a backslash that escapes nothing/);
        // A # that starts a word starts a comment; inside a word it is a character.
        assert.deepStrictEqual(splitArgs("-r ./a#b.js # the setup\n--trace-warnings"), [
            "-r",
            "./a#b.js",
            "--trace-warnings",
        ]);
    });

    it("loads the --require and --import modules of nodeargs and leaves the rest to a note", () => {
        const sorted = nodeArgs(["-r", "a", "--require=b", "--import", "c", "--max-old-space-size=4096", "--import"]);
        assert.deepStrictEqual(sorted, {
            requires: ["a", "b"],
            imports: ["c"],
            ignored: ["--max-old-space-size=4096", "--import"],
        });
        assert.match(nodeArgsNote(sorted.ignored), /nodeargs --max-old-space-size=4096 --import are not applied/);
    });

    it("imports an ES module through ts-node's hooks only where the language host would", () => {
        const modern = { esmHooks: true, tsVersion: [5, 9, 3] };
        assert.strictEqual(esmHooksApply(modern, []), true);
        assert.strictEqual(esmHooksApply({ esmHooks: true, tsVersion: [4, 7, 0] }, []), false, "newer than 4.7.0");
        assert.strictEqual(esmHooksApply({ esmHooks: true, tsVersion: [4, 7, 1] }, []), true);
        assert.strictEqual(esmHooksApply({ esmHooks: false, tsVersion: [5, 9, 3] }, []), false, "ts-node 7");
        // A loader of the program's own in nodeargs, as whole arguments only.
        for (const flag of ["--require", "--import", "--loader"]) {
            assert.strictEqual(esmHooksApply(modern, [flag, "x"]), false, flag);
        }
        assert.strictEqual(esmHooksApply(modern, ["-r", "x", "--import=x"]), true);
    });

    it("loads the --require and --import modules from the program's directory, in Node.js's order", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-nodeargs-"));
        const seen = "planNodeArgsSeen";
        fs.writeFileSync(path.join(dir, "a.cjs"), `(globalThis.${seen} ??= []).push("require");\n`);
        fs.writeFileSync(path.join(dir, "b.mjs"), `(globalThis.${seen} ??= []).push("import");\n`);
        const g = globalThis as unknown as Record<string, string[] | undefined>;
        try {
            // An --import may be a file URL; the --requires load first.
            await loadNodeArgModules(
                { imports: [url.pathToFileURL(path.join(dir, "b.mjs")).href], requires: ["./a.cjs"], ignored: [] },
                dir,
            );
            assert.deepStrictEqual(g[seen], ["require", "import"]);
            await assert.rejects(
                loadNodeArgModules({ requires: [], imports: ["./missing.mjs"], ignored: [] }, dir),
                (e: Error) =>
                    e instanceof UsageError && /nodeargs names \.\/missing\.mjs, which cannot be found/.test(e.message),
            );
        } finally {
            delete g[seen];
        }
    });

    it("takes an ES module's default export, else its named exports, never both", () => {
        const fn = () => undefined;
        assert.strictEqual(esmExport({ default: fn }), fn);
        const named = { arn: "a", count: 1 };
        assert.strictEqual(esmExport(named), named);
        assert.throws(
            () => esmExport({ default: fn, arn: "a" }),
            /expected entrypoint module to have either a default export or named exports but not both/,
        );
    });

    it("resolves a directory main to its index file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-main-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x\nruntime:\n  name: nodejs\nmain: src/\n");
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "index.js"), "");
        const info = loadProject(dir);
        assert.strictEqual(info.main, path.join(dir, "src", "index.js"));
    });
});

describe("plan: running a program", () => {
    /** A JavaScript program in a temporary project that finds this repository's packages. */
    function program(name: string, source: string[]): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${name}-`));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
        fs.writeFileSync(path.join(dir, "index.js"), source.join("\n"));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
        return dir;
    }
    const raw = (name: string) =>
        `new aws.imagebuilder.DistributionConfiguration("raw", { name: "${name}", distributions: [{ region: "us-east-1", launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }] }] });`;
    const imports = ['const pulumi = require("@pulumi/pulumi");', 'const aws = require("@pulumi/aws");'];

    it("keeps what the program prints off stdout, which is the plan's (one JSON document)", async () => {
        const dir = program("prints", [
            ...imports,
            'console.log("hello from the program");',
            'pulumi.log.info("info from the program");',
            raw("printed"),
        ]);
        const written: string[] = [];
        const original = process.stdout.write;
        process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
            written.push(String(chunk));
            return (original as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
        }) as typeof process.stdout.write;
        let r: Awaited<ReturnType<typeof runMain>>;
        try {
            r = await runMain([dir, "--json"]);
        } finally {
            process.stdout.write = original;
        }
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual((JSON.parse(r.stdout) as { requests: unknown[] }).requests.length, 1);
        assert.ok(!written.some((w) => /from the program/.test(w)), `on stdout: ${written.join("")}`);
    });

    it("waits, as the language host does, for what the program does later: a timer, a file read", async () => {
        const dir = program("later", [
            ...imports,
            'const fs = require("fs");',
            "async function main() {",
            '    await fs.promises.readFile(__filename, "utf8");',
            "    await new Promise((resolve) => setTimeout(resolve, 300));",
            `    ${raw("later")}`,
            "}",
            "main();",
        ]);
        const r = await runMain([dir, "--json"]);
        assert.strictEqual(r.code, 0, r.stderr);
        const plan = JSON.parse(r.stdout) as { requests: { request: { name: string } }[] };
        assert.deepStrictEqual(
            plan.requests.map((q) => q.request.name),
            ["later"],
        );
    });

    it("fails, as the engine does, on two resources with one URN", async () => {
        const dir = program("duplicate", [...imports, raw("first"), raw("second")]);
        const r = await runMain([dir, "--json"]);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(
            r.stderr,
            /Duplicate resource URN 'urn:pulumi:dev::duplicate::.*::raw'; try giving it a unique name/,
        );
    });
});

describe("plan: values and requests", () => {
    it("redacts secrets where they are, also inside lists", () => {
        const sig = "4dabf18193072939515e22adb298388d";
        const secret = (value: unknown) => ({ [sig]: "1b47061264138c4ac30d75fd1eb44270", value });
        assert.deepStrictEqual(fromWire({ ids: ["111122223333", secret("444455556666")], key: secret("k") }), {
            ids: ["111122223333", SECRET],
            key: SECRET,
        });
    });

    it("maps @pulumi/aws inputs back to the API's request and keeps only its fields", () => {
        const request = requestOf({
            type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
            inputs: {
                name: "n-1",
                region: "eu-west-1",
                tags: { B: "2", A: "1" },
                distributions: [
                    {
                        region: "us-east-1",
                        launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0", default: true }],
                    },
                    { region: "us-west-2", launchTemplateConfigurations: SECRET },
                ],
            },
        });
        assert.deepStrictEqual(request.distributions, [
            {
                launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0", setDefaultVersion: true }],
                region: "us-east-1",
            },
            { launchTemplateConfigurations: SECRET, region: "us-west-2" },
        ]);
        assert.deepStrictEqual(Object.keys(request), ["clientToken", "distributions", "name", "tags"]);
        assert.deepStrictEqual(Object.keys(request.tags as object), ["A", "B"]);
        assert.match(request.clientToken, /^[0-9a-f]{32}$/);
    });

    it("maps @pulumi/aws-native inputs back (launchPermissionConfiguration -> launchPermission)", () => {
        const request = requestOf({
            type: "aws-native:imagebuilder:DistributionConfiguration",
            inputs: {
                name: "n-1",
                distributions: [
                    {
                        region: "us-east-1",
                        amiDistributionConfiguration: { launchPermissionConfiguration: { userIds: ["111122223333"] } },
                    },
                ],
            },
        });
        assert.deepStrictEqual(request.distributions, [
            { amiDistributionConfiguration: { launchPermission: { userIds: ["111122223333"] } }, region: "us-east-1" },
        ]);
    });

    it("derives the client token from the content, in any key order", () => {
        const a = contentToken({ name: "x", distributions: [{ region: "us-east-1" }], clientToken: "ignored" });
        const b = contentToken({ distributions: [{ region: "us-east-1" }], name: "x" });
        const c = contentToken({ distributions: [{ region: "us-east-2" }], name: "x" });
        assert.strictEqual(a, b);
        assert.notStrictEqual(a, c);
        assert.strictEqual(canonicalJson({ b: 1, a: { d: 1, c: 2 } }), '{"a":{"c":2,"d":1},"b":1}');
    });

    it("parses URNs of children", () => {
        assert.deepStrictEqual(
            parseUrn(
                "urn:pulumi:dev::proj::imagebuilder-distribution:index:MultiRegionDistribution$aws:imagebuilder/distributionConfiguration:DistributionConfiguration::golden",
            ),
            {
                stack: "dev",
                project: "proj",
                qualifiedType:
                    "imagebuilder-distribution:index:MultiRegionDistribution$aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
                type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
                name: "golden",
            },
        );
    });

    it("prints the document's fields in the documented order", () => {
        const text = formatJson(readPlan("known-base.json"));
        const doc = JSON.parse(text) as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(doc), ["stack", "resources", "requests", "outputs"]);
        assert.deepStrictEqual(Object.keys((doc.resources as object[])[0]), ["type", "name", "parent", "inputs"]);
        assert.deepStrictEqual(Object.keys((doc.requests as object[])[0]), [
            "resource",
            "operation",
            "backend",
            "homeRegion",
            "request",
        ]);
        // Saved with the CLI (then formatted by prettier): the same content in the same order.
        const saved = JSON.parse(fs.readFileSync(path.join(FIXTURES, "known-base.json"), "utf8")) as unknown;
        assert.strictEqual(text, `${JSON.stringify(saved, null, 2)}\n`);
    });
});

describe("plan: the home region of a configuration", () => {
    const AWS = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
    const NATIVE = "aws-native:imagebuilder:DistributionConfiguration";
    const providerUrn =
        "urn:pulumi:dev::proj::imagebuilder-distribution:index:MultiRegionDistribution$pulumi:providers:aws-native::n-provider";
    const providers = new Map([[providerUrn, { name: "n-provider", inputs: { region: "eu-north-1" } }]]);
    const config = { aws: "us-east-1", "aws-native": "eu-west-1" };

    it("@pulumi/aws: the resource's region input, else the aws:region config", () => {
        assert.deepStrictEqual(homeRegionOf({ type: AWS, inputs: { region: "ap-south-1" } }, providers, config), {
            region: "ap-south-1",
            source: "region input",
        });
        assert.deepStrictEqual(homeRegionOf({ type: AWS, inputs: {} }, providers, config), {
            region: "us-east-1",
            source: "config aws:region",
        });
    });

    it("aws-native: its provider's region, else the aws-native:region config (not aws:region)", () => {
        assert.deepStrictEqual(
            homeRegionOf({ type: NATIVE, inputs: {}, provider: `${providerUrn}::n-provider-id` }, providers, config),
            { region: "eu-north-1", source: "provider n-provider" },
        );
        // aws-native has no region input: a stray one does not count.
        assert.deepStrictEqual(homeRegionOf({ type: NATIVE, inputs: { region: "x" } }, providers, config), {
            region: "eu-west-1",
            source: "config aws-native:region",
        });
        assert.deepStrictEqual(homeRegionOf({ type: NATIVE, inputs: {} }, providers, { aws: "us-east-1" }), {
            region: null,
            source: "provider default",
        });
        // The ARN the plan makes up agrees: aws:region is not aws-native's region.
        assert.strictEqual(
            new PlanMocks({ "aws:region": "eu-west-1" }).knownRegionFor("aws-native", undefined, undefined),
            new PlanMocks({}).knownRegionFor("aws-native", undefined, undefined),
        );
        assert.strictEqual(
            new PlanMocks({ "aws:region": "eu-west-1" }).knownRegionFor("aws", undefined, undefined),
            "eu-west-1",
        );
    });

    it("an explicit provider without a region: not known offline", () => {
        assert.deepStrictEqual(
            homeRegionOf(
                { type: AWS, inputs: {}, provider: "urn:pulumi:dev::proj::pulumi:providers:aws::p::p-id" },
                new Map([["urn:pulumi:dev::proj::pulumi:providers:aws::p", { name: "p", inputs: {} }]]),
                config,
            ),
            { region: null, source: "provider p" },
        );
    });
});

describe("plan: loading a TypeScript program", () => {
    const sdk = resolveFrom("@pulumi/pulumi", ROOT)!;
    const vendor = path.join(path.dirname(sdk), "vendor");

    it("uses the project's ts-node and TypeScript when it has them, with the tsconfig.json of main's directory", () => {
        const loader = typeScriptLoader(ROOT);
        assert.strictEqual(loader?.tsNode, resolveFrom("ts-node", ROOT));
        // The compiler options the tsconfig file sets win over the language host's defaults.
        const own = (
            ts.parseConfigFileTextToJson("tsconfig.json", fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"))
                .config as { compilerOptions: Record<string, unknown> }
        ).compilerOptions;
        assert.deepStrictEqual(loader?.options, {
            compiler: resolveFrom("typescript", ROOT),
            project: path.join(ROOT, "tsconfig.json"),
            skipProject: false,
            compilerOptions: {
                target: "ES2020",
                module: "nodenext",
                moduleResolution: "nodenext",
                sourceMap: true,
                ...own,
            },
        });
        // runtime.options.tsconfig names the file instead.
        const named = typeScriptLoader(ROOT, resolveFrom, path.join(ROOT, "tsconfig.build.json"));
        assert.strictEqual(named?.options.project, path.join(ROOT, "tsconfig.build.json"));
    });

    it("takes the language host's module defaults and lets the program's tsconfig.json override them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-tsconfig-"));
        const resolveHere = (m: string) => resolveFrom(m, ROOT);
        const options = (esm = false) =>
            typeScriptLoader(dir, resolveHere, undefined, esm)?.options as {
                skipProject: boolean;
                compilerOptions: Record<string, unknown>;
            };
        // No tsconfig.json: the defaults, nodenext with a TypeScript of 4.7 or later.
        assert.strictEqual(options().skipProject, true);
        assert.deepStrictEqual(options().compilerOptions, {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: true,
        });
        assert.strictEqual(options(true).compilerOptions.target, "ES2022");
        // A tsconfig.json (JSON with comments) with nodenext modules: they stay consistent (pulumi runs it).
        fs.writeFileSync(
            path.join(dir, "tsconfig.json"),
            '{\n  // modern Node.js modules\n  "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true }\n}\n',
        );
        assert.strictEqual(options().skipProject, false);
        assert.deepStrictEqual(options().compilerOptions, {
            target: "ES2020",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            sourceMap: true,
            strict: true,
        });
        // TypeScript before 4.7 (the SDK's 3.8, for a project without its own) knows no nodenext.
        const sdkOnly = (m: string) => (m === "@pulumi/pulumi" ? resolveFrom(m, ROOT) : undefined);
        fs.rmSync(path.join(dir, "tsconfig.json"));
        const old = typeScriptLoader(dir, sdkOnly)?.options.compilerOptions as Record<string, unknown>;
        assert.strictEqual(old.module, "commonjs");
        assert.strictEqual(old.moduleResolution, "node");
    });

    it("type-checks as pulumi does, unless PULUMI_NODEJS_TRANSPILE_ONLY or the tsconfig's noCheck says not to", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-typecheck-"));
        const transpileOnly = (env: NodeJS.ProcessEnv) =>
            typeScriptLoader(dir, (m) => resolveFrom(m, ROOT), undefined, false, env)?.options.transpileOnly;
        // Absent: ts-node's default, which type-checks (and TS_NODE_TRANSPILE_ONLY, its own switch, turns off).
        assert.strictEqual(transpileOnly({}), undefined);
        assert.strictEqual(transpileOnly({ PULUMI_NODEJS_TRANSPILE_ONLY: "true" }), true);
        assert.strictEqual(transpileOnly({ PULUMI_NODEJS_TRANSPILE_ONLY: "1" }), false, "only true is true");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), '{ "compilerOptions": { "noCheck": true } }');
        assert.strictEqual(transpileOnly({}), true);
        assert.strictEqual(transpileOnly({ PULUMI_NODEJS_TRANSPILE_ONLY: "false" }), false, "the variable wins");
    });

    it("falls back to the ts-node that @pulumi/pulumi ships, as pulumi itself does", () => {
        // A project with @pulumi/pulumi and nothing else.
        const only = (name: string) => (m: string) => (m === name ? sdk : undefined);
        // A program directory without a tsconfig.json: this repository's asks for more than TypeScript 3.8 knows.
        const bare = fs.mkdtempSync(path.join(os.tmpdir(), "plan-vendored-"));
        const loader = typeScriptLoader(bare, only("@pulumi/pulumi"));
        assert.ok(loader !== undefined);
        assert.match(loader.tsNode, /vendor[\\/]ts-node@[\d.]+$/);
        assert.ok(fs.existsSync(path.join(loader.tsNode, "index.js")), loader.tsNode);
        const compiler = loader.options.compiler as string;
        assert.ok(compiler.startsWith(vendor) && fs.existsSync(compiler), compiler);
        // The project's TypeScript, when it has one, compiles for the SDK's ts-node.
        const withTs = typeScriptLoader(ROOT, (m) => (m === "ts-node" ? undefined : resolveFrom(m, ROOT)));
        assert.strictEqual(withTs?.options.compiler, resolveFrom("typescript", ROOT));
        // The SDK's ts-node really compiles TypeScript with the SDK's compiler. Its require hooks are put
        // back afterwards: this process goes on loading TypeScript with its own ts-node.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        const hooks = require.extensions;
        const saved = { ".ts": hooks[".ts"], ".tsx": hooks[".tsx"], ".js": hooks[".js"], ".jsx": hooks[".jsx"] };
        try {
            const { register } = require(loader.tsNode) as {
                register(o: Record<string, unknown>): { compile(code: string, file: string): string };
            };
            // Transpile only, to keep this layer quick: tests/e2e/package.test.ts plans a type-checked program.
            const service = register({ ...loader.options, transpileOnly: true });
            assert.match(
                service.compile("const x: number = 1; export = x;", path.join(ROOT, "probe.ts")),
                /module\.exports = x/,
            );
        } finally {
            for (const [ext, hook] of Object.entries(saved)) {
                if (hook === undefined) {
                    delete hooks[ext];
                } else {
                    hooks[ext] = hook;
                }
            }
        }
    });

    it("says what to install when there is no ts-node at all", () => {
        assert.strictEqual(
            typeScriptLoader(ROOT, () => undefined),
            undefined,
        );
    });
});

describe("plan: mocks", () => {
    const mocks = new PlanMocks({ "aws:region": "eu-west-1" });

    it("gives distribution configurations a deterministic ARN in their region", () => {
        const r = mocks.newResource({
            type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
            name: "golden",
            inputs: { name: "Golden-AMI" },
            custom: true,
        });
        assert.strictEqual(r.id, "arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration/golden-ami");
        assert.strictEqual(r.state.arn, r.id);
        const native = mocks.newResource({
            type: "aws-native:imagebuilder:DistributionConfiguration",
            name: "n",
            inputs: { name: "x", region: "cn-north-1" },
            custom: true,
        });
        assert.strictEqual(
            native.state.arn,
            "arn:aws-cn:imagebuilder:cn-north-1:123456789012:distribution-configuration/x",
        );
    });

    it("takes the region of the resource's provider", () => {
        const m = new PlanMocks({});
        m.newResource({
            type: "pulumi:providers:aws-native",
            name: "p",
            inputs: { region: "eu-north-1" },
            custom: true,
        });
        const r = m.newResource({
            type: "aws-native:imagebuilder:DistributionConfiguration",
            name: "n",
            inputs: { name: "x" },
            custom: true,
            provider:
                "urn:pulumi:dev::proj::imagebuilder-distribution:index:MultiRegionDistribution$pulumi:providers:aws-native::p::p-id",
        });
        assert.strictEqual(r.id, "arn:aws:imagebuilder:eu-north-1:123456789012:distribution-configuration/x");
    });

    it("keeps an ARN secret that shows a secret name or a secret region (its own, or its provider's)", () => {
        const m = new PlanMocks({});
        const secret = (value: unknown) => ({ [WIRE.SIG_KEY]: WIRE.SECRET_SIG, value });
        const isSecretArn = (v: unknown, text: RegExp) =>
            assert.ok(isObject(v) && v[WIRE.SIG_KEY] === WIRE.SECRET_SIG && text.test(String(v.value)), String(v));
        const named = m.newResource({
            type: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
            name: "n",
            inputs: { name: secret("TopSecret_Name") },
            custom: true,
        });
        isSecretArn(named.state.arn, /distribution-configuration\/topsecret-name$/);
        assert.strictEqual(named.id, "", "an id cannot be secret: it is left unknown");
        const own = m.newResource({
            type: "aws-native:imagebuilder:DistributionConfiguration",
            name: "o",
            inputs: { name: "x", region: secret("eu-north-1") },
            custom: true,
        });
        isSecretArn(own.state.arn, /:eu-north-1:/);
        m.newResource({
            type: "pulumi:providers:aws",
            name: "p",
            inputs: { region: secret("eu-north-1") },
            custom: true,
        });
        const provider = "urn:pulumi:dev::proj::pulumi:providers:aws::p::p-id";
        const key = m.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true, provider });
        isSecretArn(key.state.arn, /^arn:aws:kms:eu-north-1:/);
        const plain = m.newResource({ type: "aws:kms/key:Key", name: "k2", inputs: {}, custom: true });
        assert.strictEqual(plain.state.arn, "arn:aws:kms:us-east-1:123456789012:key/k2-id");
    });

    it("leaves unknown what only AWS knows of other resources, and gives KMS keys an ARN in their region", () => {
        const m = new PlanMocks({ "aws:region": "eu-west-1" });
        const lt = m.newResource({
            type: "aws:ec2/launchTemplate:LaunchTemplate",
            name: "web",
            inputs: { imageId: "ami-12345678" },
            custom: true,
        });
        // The SDK reads an empty id as unknown; outputs not in the state are unknown in a preview.
        assert.deepStrictEqual(lt, { id: "", state: { imageId: "ami-12345678" } });
        const key = m.newResource({ type: "aws:kms/key:Key", name: "ami", inputs: {}, custom: true });
        assert.deepStrictEqual(key, {
            id: "",
            state: { arn: "arn:aws:kms:eu-west-1:123456789012:key/ami-id" },
        });
        const alias = m.newResource({
            type: "aws-native:kms:Alias",
            name: "golden",
            inputs: { aliasName: "alias/golden", region: "cn-north-1" },
            custom: true,
        });
        assert.strictEqual(alias.state.arn, "arn:aws-cn:kms:cn-north-1:123456789012:alias/golden-id");
        const other = m.newResource({ type: "random:index/randomId:RandomId", name: "r", inputs: {}, custom: true });
        assert.deepStrictEqual(other, { id: "", state: {} });
    });

    it("answers the caller identity and fails clearly on other invokes", () => {
        assert.strictEqual(
            mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }).accountId,
            "123456789012",
        );
        assert.strictEqual(mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {} }).name, "eu-west-1");
        assert.throws(
            () => mocks.call({ token: "aws:ec2/getAmi:getAmi", inputs: {} }),
            (e: unknown) => {
                assert.match((e as Error).message, /cannot answer the invoke aws:ec2\/getAmi:getAmi/);
                // What the SDK shows of a failed invoke.
                assert.strictEqual((e as { details?: string }).details, (e as Error).message);
                return true;
            },
        );
    });
});

describe("plan: the diff of two known plans", () => {
    const base = readPlan("known-base.json");
    const head = readPlan("known-head.json");
    const diff = diffPlans(base, head, "base.json");

    it("finds what each configuration and region adds, removes and changes", () => {
        assert.strictEqual(diff.changed, true);
        const byName = new Map(diff.configurations.map((c) => [c.resourceName, c]));
        assert.deepStrictEqual([...byName.keys()].sort(), ["containers", "legacy", "web", "windows"]);

        const web = byName.get("web")!;
        assert.strictEqual(web.status, "changed");
        assert.strictEqual(web.replaces, false);
        assert.deepStrictEqual(web.regionsAdded, ["ap-southeast-2"]);
        assert.deepStrictEqual(web.regionsRemoved, ["sa-east-1"]);
        assert.deepStrictEqual(web.fields, [
            { path: "description", before: "Web tier AMI", after: "Web tier AMI, hardened" },
        ]);
        assert.deepStrictEqual(
            web.regionsChanged.map((r) => r.region),
            ["eu-west-1", "us-east-1"],
        );
        assert.deepStrictEqual(web.regionsChanged[0].changes, [
            {
                path: "amiDistributionConfiguration.targetAccountIds",
                before: ["111122223333", "444455556666"],
                after: ["111122223333", "777788889999"],
            },
        ]);

        const windows = byName.get("windows")!;
        assert.strictEqual(windows.replaces, true);
        assert.strictEqual(windows.previousName, "windows-2022");
        assert.strictEqual(windows.name, "windows-2025");
        assert.deepStrictEqual(windows.regionsChanged, []);

        assert.strictEqual(byName.get("containers")!.status, "added");
        assert.deepStrictEqual(byName.get("containers")!.regions, ["eu-west-1", "us-east-1"]);
        assert.strictEqual(byName.get("legacy")!.status, "removed");

        assert.deepStrictEqual(diff.resourcesAdded, [
            "imagebuilder-distribution:index:MultiRegionDistribution containers",
            "aws:imagebuilder/distributionConfiguration:DistributionConfiguration containers",
        ]);
        assert.deepStrictEqual(
            diff.outputs.map((o) => o.path),
            ["webRegions", "windowsArn"],
        );
    });

    it("renders the changes for a terminal", () => {
        const text = renderDiffHuman(diff, styles(false));
        const expected = [
            "Changes against base.json",
            "  + app-images (resource containers): added, 2 regions: eu-west-1, us-east-1",
            "  ~ web-golden (resource web)",
            '      ~ description: "Web tier AMI" -> "Web tier AMI, hardened"',
            "      + region ap-southeast-2",
            "      - region sa-east-1",
            "      ~ region eu-west-1",
            '          amiDistributionConfiguration.targetAccountIds: ["111122223333","444455556666"] -> ["111122223333","777788889999"]',
            "      ~ region us-east-1",
            '          amiDistributionConfiguration.targetAccountIds: ["111122223333","444455556666"] -> ["111122223333","777788889999"]',
            "  ~ windows-2025 (resource windows)",
            '      ! replaces the configuration (name is create-only): "windows-2022" -> "windows-2025"',
            "  - legacy-ami (resource legacy): removed (it had us-east-1)",
        ];
        assert.deepStrictEqual(text.split("\n").slice(0, expected.length), expected);
        assert.match(
            text,
            / {2}2 configurations changed \(1 replaced\), 1 added, 1 removed; 2 resources added, 2 removed, 2 outputs changed\.\n$/,
        );
        assert.doesNotMatch(text, ANSI);
        assert.match(renderDiffHuman(diff, styles(true)), ANSI);
    });

    it("renders the changes as markdown", () => {
        const md = renderDiffMarkdown(diff);
        assert.match(
            md,
            /^#### Changes against `base\.json`\n\n\*\*2 configurations changed \(1 replaced\), 1 added, 1 removed;/,
        );
        assert.match(md, /- \*\*Added\*\* `app-images` \(resource `containers`\): `eu-west-1`, `us-east-1`/);
        assert.match(md, /\| `ap-southeast-2` \| added \| {2}\|/);
        assert.match(md, /\| `sa-east-1` \| removed \| {2}\|/);
        assert.match(
            md,
            /\| `eu-west-1` \| changed \| `amiDistributionConfiguration\.targetAccountIds`: `\["111122223333","444455556666"\]` → `\["111122223333","777788889999"\]` \|/,
        );
        assert.match(md, /\*\*Replaces the configuration \(name is create-only\)\*\*: `windows-2022` → `windows-2025`/);
        assert.match(md, /- \*\*Removed\*\* `legacy-ami`/);
        assert.doesNotMatch(md, ANSI);
    });

    it("finds the other resources whose inputs change (a launch template's image), in each form", () => {
        const template = (imageId: string): PlanDocument["resources"][number] => ({
            type: "aws:ec2/launchTemplate:LaunchTemplate",
            name: "web",
            parent: null,
            inputs: { imageId, instanceType: "t3.micro" },
        });
        const withTemplate = (p: PlanDocument, imageId: string): PlanDocument => ({
            ...p,
            resources: [...p.resources, template(imageId)],
        });
        const changed = diffPlans(withTemplate(base, "ami-123"), withTemplate(base, "ami-456"), "base.json");
        assert.strictEqual(changed.changed, true);
        assert.deepStrictEqual(changed.resourcesChanged, [
            {
                resource: "aws:ec2/launchTemplate:LaunchTemplate web",
                changes: [{ path: "imageId", before: "ami-123", after: "ami-456" }],
            },
        ]);
        const text = renderDiffHuman(changed, styles(false));
        assert.match(
            text,
            /\n {6}~ aws:ec2\/launchTemplate:LaunchTemplate web\n {10}imageId: "ami-123" -> "ami-456"\n/,
        );
        assert.match(text, /no configuration changed; 1 resource changed\.\n$/);
        const md = renderDiffMarkdown(changed);
        assert.match(md, /<summary>Resources changed \(1\)<\/summary>/);
        assert.match(md, /\| `aws:ec2\/launchTemplate:LaunchTemplate web` \| `imageId`: `"ami-123"` → `"ami-456"` \|/);
        // A distribution configuration's changes are the configuration's, not listed again.
        assert.deepStrictEqual(diff.resourcesChanged, []);
        assert.strictEqual(
            diffPlans(withTemplate(base, "ami-123"), withTemplate(base, "ami-123"), "base.json").changed,
            false,
        );
    });

    it("says so when nothing changed", () => {
        const same = diffPlans(base, base, "base.json");
        assert.strictEqual(same.changed, false);
        assert.strictEqual(
            renderDiffHuman(same, styles(false)),
            "Changes against base.json\n  No changes: the plan is the same as base.json.\n",
        );
        assert.match(renderDiffMarkdown(same), /\*\*No changes: the plan is the same as base\.json\.\*\*/);
    });

    it("compares lists of structures element by element", () => {
        const out: FieldChange[] = [];
        diffValues(
            "",
            { lts: [{ id: "a", d: false }], tags: { A: "1" } },
            { lts: [{ id: "a", d: true }], tags: { B: "1" } },
            out,
        );
        assert.deepStrictEqual(out, [
            { path: "lts[0].d", before: false, after: true },
            { path: "tags.A", before: "1" },
            { path: "tags.B", after: "1" },
        ]);
    });
});

describe("plan: changes that replace a configuration", () => {
    const base = readPlan("known-base.json");
    const web = (doc: PlanDocument) => doc.requests.find((r) => r.request.name === "web-golden")!;
    /** The base plan with the web configuration changed by `f`. */
    const changed = (f: (r: PlanRequest) => void): PlanDocument => {
        const doc = JSON.parse(JSON.stringify(base)) as PlanDocument;
        f(web(doc));
        return doc;
    };

    it("a move to another home region", () => {
        const head = changed((r) => {
            r.homeRegion = { region: "eu-central-1", source: "region input" };
        });
        const d = diffPlans(base, head, "base.json");
        assert.strictEqual(d.changed, true);
        assert.strictEqual(d.configurations.length, 1);
        const c = d.configurations[0];
        assert.strictEqual(c.replaces, true);
        assert.deepStrictEqual(c.replacements, [
            { reason: "home region", before: "eu-west-1", after: "eu-central-1", certain: true },
        ]);
        assert.deepStrictEqual(renderDiffHuman(d, styles(false)).split("\n"), [
            "Changes against base.json",
            "  ~ web-golden (resource web)",
            '      ! replaces the configuration (it moves to another home region): "eu-west-1" (config aws:region) -> "eu-central-1" (region input)',
            "  1 configuration changed (1 replaced).",
            "",
        ]);
        assert.match(
            renderDiffMarkdown(d),
            /:warning: \*\*Replaces the configuration \(it moves to another home region\)\*\*: `eu-west-1` \(config aws:region\) → `eu-central-1` \(region input\)/,
        );
        // The same region from elsewhere is no move.
        const same = changed((r) => {
            r.homeRegion = { region: "eu-west-1", source: "region input" };
        });
        assert.strictEqual(diffPlans(base, same, "base.json").changed, false);
    });

    it("a home region that one side does not know may replace it", () => {
        const head = changed((r) => {
            r.homeRegion = { region: null, source: "provider default" };
        });
        const d = diffPlans(base, head, "base.json");
        const c = d.configurations[0];
        assert.strictEqual(c.replaces, false);
        assert.deepStrictEqual(c.replacements, [
            { reason: "home region", before: "eu-west-1", after: null, certain: false },
        ]);
        const text = renderDiffHuman(d, styles(false));
        assert.match(
            text,
            /\n {6}\? may replace the configuration \(its home region changes, and one side's is not known offline\): "eu-west-1" \(config aws:region\) -> not known offline \(provider default\)\n/,
        );
        assert.match(text, / {2}1 configuration changed \(1 may be replaced\)\.\n$/);
    });

    it("another backend for the same component", () => {
        const head = changed((r) => {
            r.resource = r.resource.replace(
                "$aws:imagebuilder/distributionConfiguration:DistributionConfiguration::",
                "$aws-native:imagebuilder:DistributionConfiguration::",
            );
            r.backend = "aws-native";
        });
        const d = diffPlans(base, head, "base.json");
        const byName = d.configurations.filter((c) => c.resourceName === "web");
        assert.strictEqual(byName.length, 1, "one configuration that changes, not one removed and one added");
        assert.strictEqual(byName[0].status, "changed");
        assert.strictEqual(byName[0].replaces, true);
        assert.deepStrictEqual(byName[0].replacements, [
            { reason: "backend", before: "aws", after: "aws-native", certain: true },
        ]);
        assert.match(
            renderDiffHuman(d, styles(false)),
            /\n {2}~ web-golden \(resource web\)\n {6}! replaces the configuration \(another backend is another resource type\): "aws" -> "aws-native"\n/,
        );
    });

    it("reads plans saved before the backend and home region were recorded", () => {
        const old = JSON.parse(fs.readFileSync(path.join(FIXTURES, "known-base.json"), "utf8")) as {
            requests: Record<string, unknown>[];
        };
        for (const r of old.requests) {
            delete r.backend;
            delete r.homeRegion;
        }
        const parsed = parsePlanDocument(JSON.stringify(old), "old.json");
        assert.deepStrictEqual(
            parsed.requests.map((r) => [r.backend, r.homeRegion]),
            [
                ["aws", undefined],
                ["aws", undefined],
                ["aws", undefined],
            ],
        );
        // What the old plan does not say is not compared: no move.
        assert.strictEqual(diffPlans(parsed, base, "old.json").changed, false);
        // A region input still shows in its resources.
        const withInput = JSON.parse(JSON.stringify(old)) as {
            resources: { name: string; type: string; inputs: Record<string, unknown> }[];
        };
        withInput.resources.find((r) => r.name === "web" && r.type.startsWith("aws:"))!.inputs.region = "us-west-2";
        const web2 = parsePlanDocument(JSON.stringify(withInput), "old.json").requests[1];
        assert.deepStrictEqual(web2.homeRegion, { region: "us-west-2", source: "region input" });
        assert.throws(
            () =>
                parsePlanDocument(
                    JSON.stringify({ ...old, requests: [{ ...old.requests[0], homeRegion: "us-east-1" }] }),
                    "bad.json",
                ),
            /bad\.json: a request's "homeRegion" is/,
        );
    });
});

describe("plan: human output keeps each value on its line", () => {
    it("shows line breaks, tabs and escape codes in values as escapes", () => {
        const plan = readPlan("known-base.json");
        const request = plan.requests[0].request as unknown as { description?: string; distributions: Json[] };
        request.description = "line one\nline two\twith a tab \u001b[31m";
        const first = request.distributions[0] as { amiDistributionConfiguration: { [key: string]: Json } };
        first.amiDistributionConfiguration.name = "golden\r\n{{ imagebuilder:buildDate }}";
        const text = renderHuman(plan, { color: false });
        assert.ok(text.includes("  description  line one\\nline two\\twith a tab \\u001b[31m\n"), text.slice(0, 2000));
        assert.ok(text.includes("golden\\r\\n{{ imagebuilder:buildDate }}"), text);
        assert.ok(!text.includes("\u001b"), "no raw escape code");
        assert.strictEqual(oneLine("a\u2028b\u007f"), "a\\u2028b\\u007f");
    });
});

describe("plan: human output of a known plan", () => {
    const text = renderHuman(readPlan("known-base.json"), { color: false });
    const lines = text.split("\n");

    it("starts with the stack, the counts and the resource tree", () => {
        assert.deepStrictEqual(lines.slice(0, 12), [
            "Plan of stack base (project plan-known): 6 resources, 3 distribution configurations, 6 regions",
            "Offline, under Pulumi's mock runtime: nothing was sent to AWS; account 123456789012 stands for the deploying account.",
            "",
            "Resources",
            "  pulumi:pulumi:Stack  plan-known-base",
            "  ├─ imagebuilder-distribution:index:MultiRegionDistribution  legacy",
            "  │  └─ aws:imagebuilder/distributionConfiguration:DistributionConfiguration  legacy",
            "  ├─ imagebuilder-distribution:index:MultiRegionDistribution  web",
            "  │  └─ aws:imagebuilder/distributionConfiguration:DistributionConfiguration  web",
            "  └─ imagebuilder-distribution:index:MultiRegionDistribution  windows",
            "     └─ aws:imagebuilder/distributionConfiguration:DistributionConfiguration  windows",
            "",
        ]);
    });

    it("shows a table per configuration, one row per region", () => {
        const start = lines.indexOf("Distribution configuration web-golden");
        assert.ok(start > 0, text);
        assert.deepStrictEqual(lines.slice(start, start + 14), [
            "Distribution configuration web-golden",
            "  resource     web (@pulumi/aws)",
            "  home region  eu-west-1 (config aws:region)",
            "  arn          arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration/web-golden",
            "  description  Web tier AMI",
            "  tags         CostCenter=[secret], Team=web",
            "  regions      3",
            "",
            "  REGION     AMI NAME                          COPIED TO                   SHARED WITH   KMS KEY                                       AMI TAGS",
            "  eu-west-1  web-{{ imagebuilder:buildDate }}  111122223333, 444455556666  999999999999  arn:aws:kms:eu-west-1:111122223333:alias/web  Tier=web",
            "  sa-east-1  web-{{ imagebuilder:buildDate }}  111122223333, 444455556666  -             -                                             Tier=web",
            "  us-east-1  web-{{ imagebuilder:buildDate }}  111122223333, 444455556666  -             -                                             Tier=web",
            "  In no region: launch templates, fast launch, S3 export, SSM parameter, container.",
            "",
        ]);
        const win = lines.indexOf("Distribution configuration windows-2022");
        assert.strictEqual(
            lines[win + 3],
            "  arn          arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration/windows-2022",
        );
        assert.deepStrictEqual(lines.slice(win + 6, win + 10), [
            "  REGION     AMI NAME                          FAST LAUNCH                                S3 EXPORT",
            "  us-east-1  win-{{ imagebuilder:buildDate }}  enabled, 6 parallel, account 123456789012  -",
            "  us-west-2  -                                 -                                          VMDK to s3://exports/ (role vmimport)",
            "  In no region: copied to, shared with, KMS key, launch templates, SSM parameter, container.",
        ]);
    });

    it("ends with the outputs and their ARNs", () => {
        assert.deepStrictEqual(lines.slice(-5), [
            "Outputs",
            "  webArn      arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration/web-golden",
            '  webRegions  ["eu-west-1","sa-east-1","us-east-1"]',
            "  windowsArn  arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration/windows-2022",
            "",
        ]);
    });

    it("uses colours only when asked, and splits tables that are too wide", () => {
        assert.doesNotMatch(text, ANSI);
        assert.match(renderHuman(readPlan("known-base.json"), { color: true }), ANSI);
        const narrow = renderHuman(readPlan("known-base.json"), { color: false, width: 80 });
        assert.ok(narrow.split("\n").filter((l) => l.startsWith("  REGION")).length > 3);
        assert.deepStrictEqual(columnGroups([10, 30, 30, 30], 80), [[1, 2], [3]]);
        assert.deepStrictEqual(columnGroups([10, 100, 5], 80), [[1], [2]]);
    });
});

describe("plan: markdown output of a known plan", () => {
    const md = renderMarkdown(readPlan("known-base.json"));

    it("has the region tables, a Mermaid fan-out and the outputs", () => {
        assert.match(
            md,
            /^### Image Builder distribution plan: `plan-known` \/ `base`\n\n\*\*3 distribution configurations, 6 regions, 6 resources\.\*\*/,
        );
        assert.match(md, /#### Fan-out\n\n```mermaid\nflowchart LR\n/);
        assert.match(
            md,
            /c1\["web-golden"\]\n {4}c1 --> c1r0\(\["eu-west-1"\]\)\n {4}a0\["111122223333"\]\n {4}c1r0 --> a0\n/,
        );
        assert.match(md, /c1r0 -\.-> a2\n/); // shared with 999999999999
        assert.match(
            md,
            /#### `web-golden`\n\nresource `web` \(`@pulumi\/aws`\) · 3 regions · home region `eu-west-1` \(config aws:region\) · ARN `arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration\/web-golden` · tags `CostCenter=\[secret\]`, `Team=web`\n\n> Web tier AMI\n/,
        );
        assert.match(
            md,
            /\| Region \| AMI name \| Copied to \| Shared with \| KMS key \| AMI tags \|\n\| --- \| --- \| --- \| --- \| --- \| --- \|\n/,
        );
        assert.match(
            md,
            /\| `eu-west-1` \| `web-\{\{ imagebuilder:buildDate \}\}` \| `111122223333`<br>`444455556666` \| `999999999999` \| `arn:aws:kms:eu-west-1:111122223333:alias\/web` \| `Tier=web` \|/,
        );
        assert.match(md, /\| `us-west-2` \| – \| – \| `VMDK to s3:\/\/exports\/ \(role vmimport\)` \|/);
        assert.match(
            md,
            /#### Outputs\n\n\| Output \| Value \|\n\| --- \| --- \|\n\| `webArn` \| `arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration\/web-golden` \|/,
        );
        assert.match(md, /<details><summary>Resources \(6\)<\/summary>/);
    });

    it("has no terminal colours and balanced blocks", () => {
        assert.doesNotMatch(md, ANSI);
        assert.strictEqual((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
        assert.strictEqual((md.match(/^```/gm) ?? []).length % 2, 0);
    });
});

describe("plan: markdown of large plans stays within GitHub's comment limit", () => {
    /** A plan with `configs` configurations of `regions` regions, each with accounts and a KMS key. */
    function largePlan(configs: number, regions: number): PlanDocument {
        const requests = Array.from({ length: configs }, (_, i) => {
            const name = `config-${i}`;
            const distributions = Array.from({ length: regions }, (_, j) => ({
                region: `xx-region-${j}`,
                amiDistributionConfiguration: {
                    name: `${name}-{{ imagebuilder:buildDate }}`,
                    targetAccountIds: ["111122223333", "444455556666", String(100000000000 + i)],
                    kmsKeyId: `arn:aws:kms:xx-region-${j}:111122223333:key/${"0".repeat(36)}`,
                    launchPermission: {
                        organizationalUnitArns: [
                            "arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefgh34",
                        ],
                    },
                },
            }));
            const request = { name, description: `Configuration ${i}`, distributions };
            return {
                resource: `urn:pulumi:dev::big::imagebuilder-distribution:index:MultiRegionDistribution$aws:imagebuilder/distributionConfiguration:DistributionConfiguration::${name}`,
                operation: "CreateDistributionConfiguration" as const,
                request: { ...request, clientToken: contentToken(request) },
            };
        });
        const outputs: Record<string, string> = {};
        for (let i = 0; i < configs; i++) {
            outputs[`arn${i}`] = `arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/config-${i}`;
        }
        return { stack: "dev", resources: [], requests, outputs };
    }

    for (const [configs, regions] of [
        [300, 1],
        [10, 300],
        [300, 30],
    ]) {
        it(`${configs} configurations of ${regions} regions`, () => {
            const plan = largePlan(configs, regions);
            const md = renderMarkdown(plan);
            assert.ok(md.length < GITHUB_COMMENT_LIMIT, `${md.length} characters`);
            assert.match(md, /<details>/);
            assert.strictEqual((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
            assert.strictEqual((md.match(/^```/gm) ?? []).length % 2, 0);
            const withDiff = renderMarkdown(plan, {
                diffSection: renderDiffMarkdown(diffPlans(largePlan(0, 0), plan, "base.json"), 30_000),
                foldAll: true,
            });
            assert.ok(withDiff.length < GITHUB_COMMENT_LIMIT, `${withDiff.length} characters with the diff`);
        });
    }

    it("with --verify and --diff too: the rejected first, and the whole within the limit", () => {
        const plan = largePlan(300, 17);
        plan.requests.forEach((req, i) => {
            req.verification =
                i % 3 === 0
                    ? { status: "rejected", code: "InvalidParameterValueException", message: "x".repeat(400) }
                    : { status: "accepted" };
        });
        const diff = diffPlans(largePlan(0, 0), plan, "base.json");
        const md = render({ format: "markdown" }, plan, diff, false);
        assert.ok(md.length < GITHUB_COMMENT_LIMIT, `${md.length} characters`);
        const verification = md.slice(md.indexOf("#### Verification against AWS"));
        assert.match(verification, /_…and \d+ more not shown \((\d+ rejected, )?\d+ accepted\)/);
        // The rows shown are the rejected before any accepted one.
        const results = [...verification.matchAll(/\| (❌ rejected|✅ accepted) \|/g)].map((m) => m[1]);
        assert.ok(results.length > 0 && results[0] === "❌ rejected", results.slice(0, 3).join());
        assert.ok(
            results.indexOf("✅ accepted") < 0 ||
                !results.slice(results.indexOf("✅ accepted")).includes("❌ rejected"),
        );
        // A small plan's table is whole, in the plan's order.
        const small = largePlan(3, 2);
        small.requests.forEach((req) => (req.verification = { status: "accepted" }));
        assert.doesNotMatch(render({ format: "markdown" }, small, undefined, false), /more not shown/);
    });

    it("many resources and long outputs changed: the diff's tail stays within its share", () => {
        /** 40 configurations of 30 regions, 300 resources and 40 long outputs, all named after `version`. */
        const plan = (version: string): PlanDocument => {
            const p = largePlan(40, 30);
            p.resources = Array.from({ length: 300 }, (_, i) => ({
                type: "aws:kms/key:Key",
                name: `${version}-a-resource-with-a-fairly-long-logical-name-${i}`,
                parent: null,
                inputs: {},
            }));
            p.outputs = Object.fromEntries(
                Array.from({ length: 40 }, (_, i) => [`out${i}`, `${version}-${"v".repeat(300)}`]),
            );
            return p;
        };
        const diff = diffPlans(plan("before"), plan("after"), "base.json");
        assert.strictEqual(diff.resourcesAdded.length, 300);
        const section = renderDiffMarkdown(diff, 30_000);
        assert.ok(section.length <= 30_000, `${section.length} characters in the diff`);
        assert.match(section, /\n… \d+ more\n```/);
        assert.match(section, /…and \d+ more$/);
        const md = renderMarkdown(plan("after"), { diffSection: section, foldAll: true });
        assert.ok(md.length < GITHUB_COMMENT_LIMIT, `${md.length} characters with the diff`);
    });

    it("one configuration whose every region changes many values", () => {
        /** One configuration of 30 regions, each with 20 long AMI tags whose values depend on `version`. */
        const tagged = (version: string): PlanDocument => {
            const plan = largePlan(1, 30);
            for (const e of plan.requests[0].request.distributions as {
                amiDistributionConfiguration: { [key: string]: Json };
            }[]) {
                e.amiDistributionConfiguration.amiTags = Object.fromEntries(
                    Array.from({ length: 20 }, (_, k) => [`Tag${k}`, `${version}-${"v".repeat(150)}-${k}`]),
                );
            }
            return plan;
        };
        const diff = diffPlans(tagged("before"), tagged("after"), "base.json");
        assert.strictEqual(diff.configurations[0].regionsChanged.length, 30);
        const section = renderDiffMarkdown(diff, 30_000);
        assert.ok(section.length <= 30_000, `${section.length} characters in the diff`);
        // Each region lists its first 10 of 20 changes, and the regions that do not fit are counted.
        assert.match(section, /<br>_…and 10 more changes_ \|/);
        assert.match(section, /\| … \| {2}\| _\d+ more rows; the full diff is in the job log_ \|/);
        const md = renderMarkdown(tagged("after"), { diffSection: section, foldAll: true });
        assert.ok(md.length < GITHUB_COMMENT_LIMIT, `${md.length} characters with the diff`);
        assert.strictEqual((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
    });
});

describe("plan: the model checker", () => {
    const model = loadModel();
    const valid = {
        name: "golden-ami",
        distributions: [
            { region: "us-east-1", amiDistributionConfiguration: { name: "ami-{{ imagebuilder:buildDate }}" } },
        ],
        clientToken: "t",
    };

    it("accepts a valid request", () => {
        assert.deepStrictEqual(checkRequest(model, "CreateDistributionConfiguration", valid), []);
    });

    it("reports every violation with its path", () => {
        const bad = {
            description: "",
            distributions: [
                {
                    amiDistributionConfiguration: {
                        name: "x",
                        targetAccountIds: [],
                        amiTags: { "aws:reserved": "v" },
                        launchPermission: { organizationArns: ["arn:aws:organizations::1:organization/o-x"] },
                    },
                    s3ExportConfiguration: { roleName: "r", diskImageFormat: "QCOW2", s3Bucket: "b" },
                    fastLaunchConfigurations: [
                        { enabled: "yes", snapshotConfiguration: { targetResourceCount: 10001 } },
                    ],
                    launchTemplateConfigurations: [
                        { launchTemplateId: "lt-1", setDefaultVersion: true, default: true },
                    ],
                    regionName: "us-east-1",
                },
            ],
            clientToken: "x".repeat(65),
        };
        const paths = checkRequest(model, "CreateDistributionConfiguration", bad).map((v) => v.path);
        assert.deepStrictEqual(paths, [
            "name",
            "description",
            "distributions[0].region",
            "distributions[0].amiDistributionConfiguration.name",
            "distributions[0].amiDistributionConfiguration.targetAccountIds",
            'distributions[0].amiDistributionConfiguration.amiTags{key "aws:reserved"}',
            "distributions[0].amiDistributionConfiguration.launchPermission.organizationArns[0]",
            "distributions[0].s3ExportConfiguration.diskImageFormat",
            "distributions[0].fastLaunchConfigurations[0].enabled",
            "distributions[0].fastLaunchConfigurations[0].snapshotConfiguration.targetResourceCount",
            "distributions[0].launchTemplateConfigurations[0].launchTemplateId",
            "distributions[0].launchTemplateConfigurations[0].default",
            "distributions[0].regionName",
            "clientToken",
        ]);
    });

    it("counts string lengths in code points", () => {
        const emoji = "\u{1F600}".repeat(1024);
        assert.deepStrictEqual(
            checkRequest(model, "CreateDistributionConfiguration", { ...valid, description: emoji }),
            [],
        );
        assert.strictEqual(
            checkRequest(model, "CreateDistributionConfiguration", { ...valid, description: `${emoji}x` }).length,
            1,
        );
    });

    it("accepts the redacted marker only when told", () => {
        const secret = {
            ...valid,
            distributions: [{ region: "us-east-1", amiDistributionConfiguration: { targetAccountIds: [SECRET] } }],
        };
        assert.strictEqual(checkRequest(model, "CreateDistributionConfiguration", secret).length, 1);
        assert.deepStrictEqual(
            checkRequest(model, "CreateDistributionConfiguration", secret, { redacted: SECRET }),
            [],
        );
    });

    it("validates the saved plans of the known program", () => {
        for (const file of ["known-base.json", "known-head.json"]) {
            for (const r of readPlan(file).requests) {
                assert.strictEqual(r.operation, "CreateDistributionConfiguration");
                assert.deepStrictEqual(
                    checkRequest(model, r.operation, r.request, { redacted: SECRET }),
                    [],
                    `${file} ${r.resource}`,
                );
            }
        }
    });
});

describe("plan: the ARN AWS derives from a configuration's name", () => {
    const pattern = new RegExp(loadModel().shapes.DistributionConfigurationArn.pattern as string);
    const table: [string, string, string][] = [
        [
            "web-golden",
            "eu-west-1",
            "arn:aws:imagebuilder:eu-west-1:123456789012:distribution-configuration/web-golden",
        ],
        [
            "Web Golden_AMI",
            "us-east-1",
            "arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/web-golden-ami",
        ],
        [
            "CN build",
            "cn-north-1",
            "arn:aws-cn:imagebuilder:cn-north-1:123456789012:distribution-configuration/cn-build",
        ],
        [
            "gov_1",
            "us-gov-west-1",
            "arn:aws-us-gov:imagebuilder:us-gov-west-1:123456789012:distribution-configuration/gov-1",
        ],
    ];
    for (const [name, region, arn] of table) {
        it(`${JSON.stringify(name)} in ${region}`, () => {
            assert.strictEqual(distributionConfigurationArn(name, region, "123456789012"), arn);
            assert.match(arn, pattern, "the model's DistributionConfigurationArn pattern");
        });
    }

    it("names that differ only in case, spaces or underscores get the same ARN", () => {
        assert.strictEqual(normalizedName("Golden AMI"), normalizedName("golden_ami"));
        assert.strictEqual(normalizedName("Golden AMI"), normalizedName("GOLDEN-AMI"));
    });
});

describe("plan: the diff explains setDefaultVersion turning true (0.2.0)", () => {
    const path = "launchTemplateConfigurations[0].setDefaultVersion";
    it("when it was absent or false before", () => {
        for (const before of [undefined, false]) {
            const c: FieldChange = { path, after: true, ...(before === undefined ? {} : { before }) };
            assert.strictEqual(changeNote(c), SET_DEFAULT_VERSION_NOTE);
        }
    });
    it("not for other changes", () => {
        assert.strictEqual(changeNote({ path, before: true, after: false }), undefined);
        assert.strictEqual(changeNote({ path: "description", before: "a", after: true }), undefined);
        assert.strictEqual(changeNote({ path: "x.notsetDefaultVersion", after: true }), undefined);
    });
    it("in the human and markdown diffs", () => {
        const lt = (setDefaultVersion?: boolean): Json => ({
            launchTemplateId: "lt-0123456789abcdef0",
            ...(setDefaultVersion === undefined ? {} : { setDefaultVersion }),
        });
        const withLt = (v?: boolean): PlanDocument => {
            const doc = readPlan("known-base.json");
            const req = doc.requests[0].request;
            const dists = req.distributions as Json[];
            req.distributions = dists.map((d, i) =>
                i === 0 ? { ...(d as Record<string, Json>), launchTemplateConfigurations: [lt(v)] } : d,
            );
            return doc;
        };
        const d = diffPlans(withLt(false), withLt(true), "base.json");
        assert.match(
            renderDiffHuman(d, styles(false)),
            /setDefaultVersion: false -> true \(if the program omits setDefaultVersion: since 0\.2\.0/,
        );
        assert.match(
            renderDiffMarkdown(d),
            /`launchTemplateConfigurations\[0\]\.setDefaultVersion`: `false` → `true` \(if the program omits/,
        );
        assert.doesNotMatch(
            renderDiffHuman(diffPlans(withLt(true), withLt(false), "base.json"), styles(false)),
            /0\.2\.0/,
        );
    });
});

describe("plan: notes on what only the deploying account decides", () => {
    const ACCOUNT = "111122223333";
    const planOf = (distribution: Record<string, unknown>): PlanDocument =>
        ({
            stack: "dev",
            resources: [],
            outputs: {},
            requests: [
                {
                    resource:
                        "urn:pulumi:dev::p::aws:imagebuilder/distributionConfiguration:DistributionConfiguration::web",
                    operation: "CreateDistributionConfiguration",
                    request: {
                        name: "web",
                        clientToken: "t",
                        distributions: [{ region: "us-east-1", ...distribution }],
                    },
                },
            ],
        }) as PlanDocument;
    const ebs = (extra: Record<string, unknown> = {}) => ({
        amiDistributionConfiguration: { kmsKeyId: "alias/aws/ebs", targetAccountIds: [ACCOUNT], ...extra },
    });

    it("notes aws/ebs copied to target accounts, which fails unless they are the deploying account", () => {
        const notes = undecidedNotes(planOf(ebs()));
        assert.strictEqual(notes.length, 1, notes.join("\n"));
        assert.match(
            notes[0],
            /^note: web, us-east-1: .*aws\/ebs.*targetAccountIds 111122223333.*\(aws-managed-key-shared\)/,
        );
        // Without target accounts, or with a customer managed key, there is nothing to decide.
        assert.deepStrictEqual(
            undecidedNotes(planOf({ amiDistributionConfiguration: { kmsKeyId: "alias/aws/ebs" } })),
            [],
        );
        assert.deepStrictEqual(
            undecidedNotes(
                planOf({ amiDistributionConfiguration: { kmsKeyId: "alias/mine", targetAccountIds: [ACCOUNT] } }),
            ),
            [],
        );
        // Two different target accounts decide it offline (one is another account): no note.
        assert.deepStrictEqual(undecidedNotes(planOf(ebs({ targetAccountIds: [ACCOUNT, "444455556666"] }))), []);
        assert.strictEqual(undecidedNotes(planOf(ebs({ targetAccountIds: [ACCOUNT, ACCOUNT] }))).length, 1);
        // Shared with an OU, or with two different accounts, the key is an error the plan reports: no note.
        const ou = "arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefgh34";
        assert.deepStrictEqual(undecidedNotes(planOf(ebs({ launchPermission: { organizationalUnitArns: [ou] } }))), []);
        const two = { launchPermission: { userIds: [ACCOUNT, "444455556666"] } };
        assert.deepStrictEqual(undecidedNotes(planOf(ebs(two))), []);
        // One account in userIds may be the deploying one, which owns the AMI: undecided, as a target account.
        const userIds = undecidedNotes(planOf(ebs({ launchPermission: { userIds: [ACCOUNT] } })));
        assert.strictEqual(userIds.length, 1, userIds.join("\n"));
        assert.match(
            userIds[0],
            /targetAccountIds 111122223333 and launchPermission\.userIds 111122223333 may launch it/,
        );
        const onlyUserIds = undecidedNotes(
            planOf({
                amiDistributionConfiguration: { kmsKeyId: "alias/aws/ebs", launchPermission: { userIds: [ACCOUNT] } },
            }),
        );
        assert.strictEqual(onlyUserIds.length, 1, onlyUserIds.join("\n"));
        assert.match(onlyUserIds[0], /aws\/ebs and launchPermission\.userIds 111122223333 may launch it: that fails/);
    });

    it("notes fast launch enabled with target accounts (a warning of pulumi preview)", () => {
        const fast = (enabled: boolean) => ({
            amiDistributionConfiguration: { targetAccountIds: [ACCOUNT] },
            fastLaunchConfigurations: [{ enabled, accountId: ACCOUNT }],
        });
        const notes = undecidedNotes(planOf(fast(true)));
        assert.strictEqual(notes.length, 1, notes.join("\n"));
        assert.match(
            notes[0],
            /fast launch is enabled and the AMI is copied to targetAccountIds 111122223333.*fast-launch-cross-account/,
        );
        assert.deepStrictEqual(undecidedNotes(planOf(fast(false))), []);
    });

    it("still notes an SSM parameter owned by no target account", () => {
        const notes = undecidedNotes(
            planOf({ ssmParameterConfigurations: [{ parameterName: "/img/id", amiAccountId: ACCOUNT }] }),
        );
        assert.strictEqual(notes.length, 1);
        assert.match(notes[0], /SSM parameter's amiAccountId 111122223333 is no target account/);
    });
});
