/**
 * The policy pack as the Pulumi CLI runs it, without the CLI: the pack directory installed as npm
 * installs it (the library from its packed tarball, the pack's other dependencies linked from this
 * repository's node_modules), started with `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <pack>`
 * in the pack's directory (TypeScript compiled and type-checked by ts-node, as the CLI does), and
 * driven over gRPC with the Analyzer client that ships in @pulumi/pulumi: GetAnalyzerInfo, Configure,
 * Analyze and AnalyzeStack, on both providers, with preview unknowns and secrets.
 *
 * The pack is given the address of an engine stub that records what is logged to it (run-policy-pack
 * connects nothing to it today); the stub checks that no secret reaches the engine's log either.
 * Set KEEP_POLICY_PACK=1 to keep the installed pack for inspection.
 */
import { strict as assert } from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { badProps, goodProps } from "../fixtures/rpc";
import { WIRE_UNKNOWN, wireSecret } from "../policyHarness";
import {
    NAME_COLLISION_RULE,
    PACK_NAME,
    PACK_RULES,
    PUBLIC_AMI_RULE,
    defaultEnforcementLevel,
} from "../../policy/policies";
import { AWS_NATIVE_TYPE, AWS_TYPE } from "../../policy/resources";
import { RULES } from "../../components";

const ROOT = path.resolve(__dirname, "..", "..");
const POLICY_DIR = path.join(ROOT, "policy");
const NODE_MODULES = path.join(ROOT, "node_modules");
const PULUMI_DIR = path.join(NODE_MODULES, "@pulumi", "pulumi");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

// The gRPC library and protobuf modules that @pulumi/pulumi's generated code uses.
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [PULUMI_DIR] })) as typeof import("@grpc/grpc-js");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PULUMI_DIR] }));

const LEVEL = analyzerPb.EnforcementLevel as Record<"ADVISORY" | "MANDATORY" | "DISABLED", number>;

/** The secret values the tests send; none may appear in anything the pack answers or logs. */
const SECRET_KMS = "arn:aws:kms:eu-west-1:123456789012:key/hush-0001";
const SECRET_ACCOUNT = "98765";

/** The output of a command; its failure (with what it printed) fails the test. */
function mustRun(command: string, args: string[], cwd: string): string {
    return execFileSync(command, args, {
        cwd,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, npm_config_update_notifier: "false" },
    });
}

/** Calls a unary method of a gRPC client. */
function call<T>(client: Record<string, unknown>, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        (client[method] as (r: unknown, cb: (e: Error | null, v: T) => void) => void).call(
            client,
            request,
            (err, value) => (err ? reject(err) : resolve(value)),
        );
    });
}

interface Diagnostic {
    policy: string;
    message: string;
    level: number;
    urn: string;
}

function diagnosticsOf(response: {
    getDiagnosticsList(): {
        getPolicyname(): string;
        getMessage(): string;
        getEnforcementlevel(): number;
        getUrn(): string;
    }[];
}): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        message: d.getMessage(),
        level: d.getEnforcementlevel(),
        urn: d.getUrn(),
    }));
}

const urnOf = (type: string, name: string) => `urn:pulumi:dev::project::${type}::${name}`;

describe("policy pack, served as the Pulumi CLI serves it (gRPC)", function () {
    let work: string;
    let pack: string;
    let child: ChildProcess | undefined;
    let engine: import("@grpc/grpc-js").Server | undefined;
    const engineLog: string[] = [];
    let output = "";
    let client: Record<string, unknown>;
    let startSeconds = 0;

    before(async function () {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "imagebuilder-distribution-policy-"));
        pack = path.join(work, "pack");
        fs.mkdirSync(path.join(pack, "node_modules", "@pulumi"), { recursive: true });

        // The library as npm installs it from the registry: its packed tarball.
        mustRun(NPM, ["run", "--silent", "build"], ROOT);
        const packed = mustRun(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
        const tarball = path.join(
            work,
            (JSON.parse(packed.slice(packed.indexOf("["))) as { filename: string }[])[0].filename,
        );
        mustRun("tar", ["-xzf", tarball, "-C", work], work);
        fs.renameSync(path.join(work, "package"), path.join(pack, "node_modules", "pulumi-imagebuilder-distribution"));
        // The pack's other dependencies (and the library's), as installed here.
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi", "js-yaml"]) {
            fs.symlinkSync(path.join(NODE_MODULES, dep), path.join(pack, "node_modules", dep), "dir");
        }
        // The pack's directory as `pulumi policy publish` takes it.
        for (const file of fs.readdirSync(POLICY_DIR)) {
            if (fs.statSync(path.join(POLICY_DIR, file)).isFile()) {
                fs.copyFileSync(path.join(POLICY_DIR, file), path.join(pack, file));
            }
        }

        // The engine stub: records what the pack logs.
        engine = new grpc.Server();
        engine.addService(engineGrpc.EngineService, {
            log: (c: { request: { getMessage(): string } }, cb: (e: null, r: unknown) => void) => {
                engineLog.push(c.request.getMessage());
                cb(null, new Empty());
            },
        });
        const enginePort = await new Promise<number>((resolve, reject) =>
            engine!.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
                e ? reject(e) : resolve(p),
            ),
        );

        const started = Date.now();
        const port = await new Promise<number>((resolve, reject) => {
            const c = spawn(
                process.execPath,
                [path.join(PULUMI_DIR, "cmd", "run-policy-pack"), `127.0.0.1:${enginePort}`, pack],
                { cwd: pack, stdio: ["ignore", "pipe", "pipe"] },
            );
            child = c;
            const timer = setTimeout(() => reject(new Error(`the pack did not print its port:\n${output}`)), 180_000);
            c.stdout!.on("data", (b: Buffer) => {
                output += b.toString();
                const m = /^(\d+)\s*$/m.exec(output);
                if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            });
            c.stderr!.on("data", (b: Buffer) => (output += b.toString()));
            c.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the pack exited (${code}) before serving:\n${output}`));
            });
        });
        startSeconds = (Date.now() - started) / 1000;
        console.log(`    the pack served on port ${port} after ${startSeconds.toFixed(1)} s`);
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(function () {
        (client as { close?: () => void } | undefined)?.close?.();
        child?.kill();
        engine?.forceShutdown();
        if (work && !process.env.KEEP_POLICY_PACK) {
            fs.rmSync(work, { recursive: true, force: true });
        } else if (work) {
            console.log(`    policy pack kept at ${pack}`);
        }
    });

    /** An Analyze request or a resource of an AnalyzeStack request (their fields have the same setters). */
    function describing<T>(message: T, type: string, name: string, props: Record<string, unknown>): T {
        const m = message as Record<string, (v: unknown) => void>;
        m.setType(type);
        m.setName(name);
        m.setUrn(urnOf(type, name));
        m.setProperties(Struct.fromJavaScript(props));
        // The engine always sends the resource's options.
        m.setOptions(new analyzerPb.AnalyzerResourceOptions());
        return message;
    }

    async function analyze(type: string, name: string, props: Record<string, unknown>): Promise<Diagnostic[]> {
        const req = describing(new analyzerPb.AnalyzeRequest(), type, name, props);
        return diagnosticsOf(await call(client, "analyze", req));
    }

    async function configure(config: Record<string, { level: number; properties?: Record<string, unknown> }>) {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [policy, c] of Object.entries(config)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(c.level);
            pc.setProperties(Struct.fromJavaScript(c.properties ?? {}));
            map.set(policy, pc);
        }
        await call(client, "configure", req);
    }

    afterEach(async function () {
        // Every test starts from the pack's defaults.
        if (client) {
            await configure({});
        }
    });

    it("tells the engine its name, version, policies, their levels and the config schema", async function () {
        const info = await call<{
            getName(): string;
            getVersion(): string;
            getSupportsconfig(): boolean;
            getPoliciesList(): {
                getName(): string;
                getEnforcementlevel(): number;
                getConfigschema(): { getProperties(): { toJavaScript(): Record<string, unknown> } } | undefined;
            }[];
        }>(client, "getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), PACK_NAME);
        const version = (
            JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as { version: string }
        ).version;
        assert.equal(info.getVersion(), version);
        assert.equal(info.getSupportsconfig(), true);
        const policies = new Map(info.getPoliciesList().map((p) => [p.getName(), p]));
        // One policy per rule of the registry: the rule across configurations is the stack policy.
        assert.deepEqual([...policies.keys()].sort(), RULES.map((r) => r.code).sort());
        assert.deepEqual([...policies.keys()].sort(), [...PACK_RULES.map((r) => r.code), NAME_COLLISION_RULE].sort());
        assert.equal(NAME_COLLISION_RULE, "name-collision");
        for (const rule of PACK_RULES) {
            assert.equal(
                policies.get(rule.code)!.getEnforcementlevel(),
                defaultEnforcementLevel(rule) === "advisory" ? LEVEL.ADVISORY : LEVEL.MANDATORY,
                rule.code,
            );
        }
        const schema = policies.get(PUBLIC_AMI_RULE)!.getConfigschema()!.getProperties().toJavaScript();
        assert.deepEqual((schema.allowPublicAmis as Record<string, unknown>).type, "boolean");
    });

    it("answers that its resource policies do not apply to a resource of another type", async function () {
        const req = describing(new analyzerPb.AnalyzeRequest(), "aws:s3/bucket:Bucket", "bucket", { bucket: "b" });
        const response = await call<{
            getDiagnosticsList(): unknown[];
            getNotApplicableList(): { getPolicyName(): string; getReason(): string }[];
        }>(client, "analyze", req);
        assert.deepEqual(response.getDiagnosticsList(), []);
        const notApplicable = response.getNotApplicableList();
        assert.deepEqual(notApplicable.map((n) => n.getPolicyName()).sort(), PACK_RULES.map((r) => r.code).sort());
        assert.ok(notApplicable.every((n) => n.getReason().includes(AWS_TYPE)));
    });

    for (const type of [AWS_TYPE, AWS_NATIVE_TYPE]) {
        const native = type === AWS_NATIVE_TYPE;
        const lp = native ? "launchPermissionConfiguration" : "launchPermission";
        const dv = native ? "setDefaultVersion" : "default";

        describe(type, function () {
            it("passes a valid configuration", async function () {
                assert.deepEqual(await analyze(type, "good", goodProps(type)), []);
            });

            it("reports each bad value, mandatory, at the path the resource spells", async function () {
                const ds = await analyze(type, "bad", badProps(type));
                const mandatory = ds.filter((d) => d.level === LEVEL.MANDATORY);
                const messages = mandatory.map((d) => d.message).join("\n");
                assert.match(
                    messages,
                    new RegExp(
                        `DistributionConfiguration "bad": distributions\\[0\\]\\.amiDistributionConfiguration\\.${lp}\\.userIds\\[1\\]: got "12345"; .*12 digits.*\\(rule [^)]+\\)\\. Fix: `,
                    ),
                );
                assert.match(
                    messages,
                    new RegExp(`distributions\\[0\\]\\.launchTemplateConfigurations\\[0\\]\\.${dv}: got "yes"`),
                );
                if (native) {
                    assert.doesNotMatch(messages, /\.launchPermission\./);
                } else {
                    assert.doesNotMatch(messages, /setDefaultVersion/);
                }
                for (const d of mandatory) {
                    assert.ok(
                        PACK_RULES.some((r) => r.code === d.policy),
                        d.policy,
                    );
                    assert.ok(d.message.includes(`(rule ${d.policy})`), d.message);
                }
            });

            it("in preview, skips unknown values and still reports the known bad ones", async function () {
                const props = badProps(type);
                const d = (props.distributions as Record<string, Record<string, unknown>>[])[0];
                d.amiDistributionConfiguration.kmsKeyId = WIRE_UNKNOWN;
                d.amiDistributionConfiguration.name = WIRE_UNKNOWN;
                props.name = WIRE_UNKNOWN;
                (props.distributions as unknown[]).push({
                    region: WIRE_UNKNOWN,
                    licenseConfigurationArns: WIRE_UNKNOWN,
                });
                const ds = await analyze(type, "preview", props);
                const messages = ds.map((x) => x.message).join("\n");
                assert.match(messages, /userIds\[1\]: got "12345"/);
                assert.doesNotMatch(messages, /can't run|during preview|unknown/i);
                assert.doesNotMatch(messages, /distributions\[1\]/);
                assert.doesNotMatch(messages, /kmsKeyId|\.name:/);
            });

            it("never shows a secret value", async function () {
                const props = badProps(type);
                const d = (props.distributions as Record<string, Record<string, unknown>>[])[0];
                d.amiDistributionConfiguration.kmsKeyId = wireSecret(SECRET_KMS);
                d.amiDistributionConfiguration[lp] = { userIds: ["210987654321", wireSecret(SECRET_ACCOUNT)] };
                const ds = await analyze(type, "secret", props);
                const messages = ds.map((x) => x.message).join("\n");
                // Both are still checked: the key is in another region, the account id is too short.
                assert.match(messages, new RegExp(`${lp}\\.userIds\\[1\\]: got \\[secret\\]`));
                assert.match(messages, /kmsKeyId: got \[secret\]/);
                assert.ok(!messages.includes(SECRET_KMS) && !messages.includes(SECRET_ACCOUNT), messages);
                assert.ok(!messages.includes("hush"), messages);
            });

            it("makes a rule advisory, or disables it, through the pack's config", async function () {
                const code = (await analyze(type, "bad", badProps(type))).find(
                    (x) => x.level === LEVEL.MANDATORY,
                )!.policy;
                await configure({ [code]: { level: LEVEL.ADVISORY } });
                const advisory = (await analyze(type, "bad", badProps(type))).filter((x) => x.policy === code);
                assert.ok(advisory.length > 0);
                assert.ok(advisory.every((x) => x.level === LEVEL.ADVISORY));
                await configure({ [code]: { level: LEVEL.DISABLED } });
                assert.deepEqual(
                    (await analyze(type, "bad", badProps(type))).filter((x) => x.policy === code),
                    [],
                );
            });

            it("rejects a public AMI unless allowPublicAmis is set in the config", async function () {
                const props = goodProps(type);
                const d = (props.distributions as Record<string, Record<string, unknown>>[])[0];
                d.amiDistributionConfiguration[lp] = { userGroups: ["all"] };
                const before = await analyze(type, "public", props);
                assert.ok(
                    before.some(
                        (x) =>
                            x.policy === PUBLIC_AMI_RULE &&
                            x.level === LEVEL.MANDATORY &&
                            x.message.includes(`${lp}.userGroups[0]: got "all"`) &&
                            x.message.includes("allowPublicAmis: true in the policy pack's config"),
                    ),
                    JSON.stringify(before),
                );
                await configure({
                    [PUBLIC_AMI_RULE]: { level: LEVEL.MANDATORY, properties: { allowPublicAmis: true } },
                });
                assert.deepEqual(await analyze(type, "public", props), []);
            });
        });
    }

    describe("AnalyzeStack", function () {
        function resource(type: string, name: string, props: Record<string, unknown>, provider?: string) {
            const r = describing(new analyzerPb.AnalyzerResource(), type, name, props);
            if (provider) {
                const p = new analyzerPb.AnalyzerProviderResource();
                p.setType("pulumi:providers:aws-native");
                p.setName(provider);
                p.setUrn(urnOf("pulumi:providers:aws-native", provider));
                p.setProperties(Struct.fromJavaScript({ region: provider }));
                r.setProvider(p);
            }
            return r;
        }

        async function analyzeStack(resources: unknown[]): Promise<Diagnostic[]> {
            const req = new analyzerPb.AnalyzeStackRequest();
            req.setResourcesList(resources);
            return diagnosticsOf(await call(client, "analyzeStack", req));
        }

        it("reports two configurations whose names normalize alike in one account and region", async function () {
            const a = goodProps(AWS_TYPE);
            const b = { ...goodProps(AWS_TYPE), name: "Golden_Images" };
            const c = { ...goodProps(AWS_TYPE), name: "golden images", region: "eu-west-1" };
            const n = { ...goodProps(AWS_NATIVE_TYPE), name: "GOLDEN IMAGES" };
            const m = { ...goodProps(AWS_NATIVE_TYPE), name: "golden_images" };
            const ds = await analyzeStack([
                resource(AWS_TYPE, "a", a),
                resource(AWS_TYPE, "b", b),
                resource(AWS_TYPE, "c", c),
                resource(AWS_NATIVE_TYPE, "n", n, "eu-central-1"),
                resource(AWS_NATIVE_TYPE, "m", m, "eu-central-1"),
            ]);
            const collisions = ds.filter((d) => d.policy === NAME_COLLISION_RULE);
            assert.deepEqual(
                collisions.map((d) => d.urn).sort(),
                // Of two new configurations, the one later by URN is blamed, whatever the engine's order.
                [urnOf(AWS_TYPE, "b"), urnOf(AWS_NATIVE_TYPE, "n")].sort(),
            );
            assert.ok(collisions.every((d) => d.level === LEVEL.MANDATORY));
            const b2a = collisions.find((d) => d.urn === urnOf(AWS_TYPE, "b"))!.message;
            assert.match(b2a, /"Golden_Images".*"golden-images".*DistributionConfiguration "a"/);
        });

        it("skips names unknown in preview and never shows a secret name", async function () {
            const ds = await analyzeStack([
                resource(AWS_TYPE, "a", goodProps(AWS_TYPE)),
                resource(AWS_TYPE, "u", { ...goodProps(AWS_TYPE), name: WIRE_UNKNOWN }),
                resource(AWS_TYPE, "s", { ...goodProps(AWS_TYPE), name: wireSecret("GOLDEN_images") }),
            ]);
            const collisions = ds.filter((d) => d.policy === NAME_COLLISION_RULE);
            assert.deepEqual(
                collisions.map((d) => d.urn),
                [urnOf(AWS_TYPE, "s")],
            );
            assert.ok(!collisions[0].message.includes("GOLDEN_images"), collisions[0].message);
            assert.match(collisions[0].message, /\[secret\]/);
        });
    });

    // Mocha runs a suite's own tests before its nested suites: this one comes after all of them.
    describe("afterwards", function () {
        it("logged nothing secret to the engine or its output", function () {
            const all = [...engineLog, output].join("\n");
            assert.ok(!all.includes(SECRET_KMS) && !all.includes(SECRET_ACCOUNT), all);
        });
    });
});
