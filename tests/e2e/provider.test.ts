/**
 * The component package (provider/) end to end, without the Pulumi CLI: the plugin is started the way
 * the CLI starts a Node.js source plugin (`node @pulumi/pulumi/cmd/run-plugin <plugin dir> <engine>`,
 * which prints the port), and the test plays the engine and the resource monitor over gRPC on
 * 127.0.0.1: GetSchema, then Construct on both backends, in preview with unknown and secret values and
 * a cleared setting, and with bad input, which must come back as per-property errors
 * (`pulumirpc.InputPropertiesError`) with nothing registered.
 *
 * The plugin directory is laid out as `npm install` leaves it: provider/'s files, and in node_modules
 * the library as its npm package holds it (compiled JavaScript under lib/, transpiled here from this
 * repository's source) next to this repository's @pulumi packages. The start and first-Construct times
 * are printed.
 */
import { strict as assert } from "assert";
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import * as rpc from "../fixtures/rpc";

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const p = rpc.loadProtocol(PULUMI_DIR);
const provproto = p.provider;

const ROOT = path.resolve(__dirname, "..", "..");
const PROVIDER_DIR = path.join(ROOT, "provider");
const RUN_PLUGIN = path.join(PULUMI_DIR, "cmd", "run-plugin");
const TOKEN = "imagebuilder-distribution:index:MultiRegionDistribution";
const { AWS_TYPE, AWS_NATIVE_TYPE, STACK_URN, goldenInputs } = rpc;

const { specialSigKey: SIG, specialOutputValueSig: OUTPUT_SIG, specialSecretSig: SECRET_SIG } = pulumi.runtime;
/** An unknown sent bare: the engine's unknown sentinel, not wrapped in an output value. */
const UNKNOWN = pulumi.runtime.unknownValue;

/** A secret as the engine sends it to a provider that accepts output values. */
const secretValue = (value: unknown) => ({ [SIG]: OUTPUT_SIG, value, secret: true });
/** An unknown as an output value. */
const unknownOutputValue = () => ({ [SIG]: OUTPUT_SIG });

/** Writes the library as its npm package holds it: package.json and lib/ of compiled JavaScript. */
function writeLibraryPackage(dir: string): void {
    const compile = (srcDir: string) => {
        for (const entry of fs.readdirSync(path.join(ROOT, srcDir), { withFileTypes: true })) {
            const rel = path.join(srcDir, entry.name);
            if (entry.isDirectory()) {
                compile(rel);
            } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
                const out = ts.transpileModule(fs.readFileSync(path.join(ROOT, rel), "utf8"), {
                    compilerOptions: {
                        module: ts.ModuleKind.CommonJS,
                        target: ts.ScriptTarget.ES2022,
                        esModuleInterop: true,
                    },
                    fileName: rel,
                });
                const target = path.join(dir, "lib", rel.replace(/\.ts$/, ".js"));
                fs.mkdirSync(path.dirname(target), { recursive: true });
                fs.writeFileSync(target, out.outputText);
            }
        }
    };
    compile("components");
    compile(path.join("provider", "src"));
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    // The library's own dependencies (js-yaml) and peers resolve to this repository's copies.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** The plugin directory after `npm install`: provider/'s committed files and node_modules. */
function pluginDir(root: string): string {
    const dir = path.join(root, "plugin");
    fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    for (const f of ["PulumiPlugin.yaml", "package.json", "index.js", "schema.json"]) {
        fs.copyFileSync(path.join(PROVIDER_DIR, f), path.join(dir, f));
    }
    const lib = path.join(dir, "node_modules", "pulumi-imagebuilder-distribution");
    fs.mkdirSync(lib);
    writeLibraryPackage(lib);
    fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
    return dir;
}

type Client = {
    getSchema(req: unknown, cb: (err: grpc.ServiceError | null, resp: { getSchema(): string }) => void): void;
    construct(req: unknown, cb: (err: grpc.ServiceError | null, resp: ConstructResponse) => void): void;
    close(): void;
};
interface ConstructResponse {
    getUrn(): string;
    getState(): { toJavaScript(): Record<string, unknown> };
}

function construct(
    client: Client,
    enginePort: number,
    name: string,
    inputs: Record<string, unknown>,
    dryRun: boolean,
    inputDependencies?: Record<string, string[]>,
): Promise<ConstructResponse> {
    const req = rpc.constructRequest(p, {
        token: TOKEN,
        name,
        inputs,
        dryRun,
        monitorPort: enginePort,
        inputDependencies,
    });
    return new Promise((resolve, reject) => client.construct(req, (err, resp) => (err ? reject(err) : resolve(resp))));
}

describe("component package: the plugin over the provider protocol", function () {
    this.timeout(600000);
    let tmp: string;
    let engine: rpc.FakeEngine;
    let plugin: { child: ChildProcess; port: number };
    let client: Client;
    let firstConstructTimed = false;

    before(async function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "imagebuilder-distribution-plugin-"));
        const dir = pluginDir(tmp);
        const project = path.join(tmp, "project");
        fs.mkdirSync(project);
        engine = new rpc.FakeEngine(p);
        await engine.start();
        const t0 = Date.now();
        plugin = await rpc.startServing([RUN_PLUGIN, dir, `127.0.0.1:${engine.port}`], {
            cwd: project,
            timeoutMs: 120000,
            what: "the plugin",
        });
        console.log(`      plugin serving after ${Date.now() - t0} ms (run-plugin started to port printed)`);
        client = new p.providerGrpc.ResourceProviderClient(
            `127.0.0.1:${plugin.port}`,
            grpc.credentials.createInsecure(),
        );
    });

    after(function () {
        client?.close();
        plugin?.child.kill();
        engine?.stop();
        if (tmp) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    /** Construct, printing the time of the first one. */
    async function timedConstruct(
        name: string,
        inputs: Record<string, unknown>,
        dryRun: boolean,
        inputDependencies?: Record<string, string[]>,
    ) {
        engine.reset(dryRun);
        const t0 = Date.now();
        try {
            return await construct(client, engine.port, name, inputs, dryRun, inputDependencies);
        } finally {
            if (!firstConstructTimed) {
                firstConstructTimed = true;
                console.log(`      first Construct answered in ${Date.now() - t0} ms`);
            }
        }
    }

    it("answers GetSchema with the committed schema.json", async function () {
        const schema = await new Promise<string>((resolve, reject) =>
            client.getSchema(new provproto.GetSchemaRequest(), (err, resp) =>
                err ? reject(err) : resolve(resp.getSchema()),
            ),
        );
        assert.equal(schema, fs.readFileSync(path.join(PROVIDER_DIR, "schema.json"), "utf8"));
        assert.ok(JSON.parse(schema).resources[TOKEN].isComponent);
    });

    it("constructs on backend aws in preview: unknowns, a secret and a cleared setting reach the child", async function () {
        const state = (
            await timedConstruct(
                "golden",
                goldenInputs("aws", {
                    // An unknown sent bare and one as an output value, as engines and SDKs send them.
                    description: UNKNOWN,
                    tags: { owner: unknownOutputValue(), env: "dev" },
                    distributions: [
                        {
                            region: "ap-south-1",
                            amiDistributionConfiguration: { kmsKeyId: secretValue("alias/south") },
                        },
                    ],
                }),
                true,
            )
        )
            .getState()
            .toJavaScript();
        const component = engine.registrations.find((r) => r.type === TOKEN);
        assert.ok(component, "the component is registered");
        assert.equal(component.name, "golden");
        assert.equal(component.parent, STACK_URN);
        const children = engine.registrations.filter((r) => r.type === AWS_TYPE);
        assert.equal(children.length, 1, `one child: ${engine.registrations.map((r) => r.type).join(", ")}`);
        const child = children[0];
        assert.equal(child.parent, component.urn);
        const wire = JSON.stringify(child.object);
        // The bare unknown is unknown on the child too, not an object rejected as "must be a string".
        assert.equal(child.object.description, UNKNOWN);
        // The secret stays secret on the way to the child.
        assert.ok(wire.includes(SECRET_SIG) || wire.includes('"secret":true'), `no secret in ${wire}`);
        // Debug messages (severity 0) are the SDK's own traces, which the CLI shows only with -v.
        const shown = engine.logs.filter((l) => l.severity > 0);
        assert.ok(!shown.some((l) => l.message.includes("alias/south")), `a secret in ${JSON.stringify(shown)}`);
        const distributions = JSON.stringify(child.object.distributions);
        for (const region of ["ap-south-1", "eu-west-1", "us-east-1", "us-west-2"]) {
            assert.ok(distributions.includes(region), `${region} in ${distributions}`);
        }
        // unset cleared the default's kmsKeyId in eu-west-1 only.
        assert.equal(distributions.split("alias/golden").length - 1, 2, distributions);
        assert.deepEqual(state.regions, ["ap-south-1", "eu-west-1", "us-east-1", "us-west-2"]);
        assert.equal(state.backend, "aws");
        assert.equal(state.arn, UNKNOWN, "the ARN is unknown in preview");
    });

    it("constructs on backend aws-native with homeRegion in an update and returns the child's ARN", async function () {
        const resp = await timedConstruct(
            "golden-native",
            goldenInputs("aws-native", { homeRegion: "eu-west-1" }),
            false,
        );
        const state = resp.getState().toJavaScript();
        const child = engine.registrations.find((r) => r.type === AWS_NATIVE_TYPE);
        assert.ok(child, `an aws-native child: ${engine.registrations.map((r) => r.type).join(", ")}`);
        assert.ok(!engine.registrations.some((r) => r.type === AWS_TYPE));
        // homeRegion: an aws-native provider for that region, created under the component.
        const component = engine.registrations.find((r) => r.type === TOKEN)!;
        const providers = engine.registrations.filter((r) => r.type === "pulumi:providers:aws-native");
        assert.equal(providers.length, 1, engine.registrations.map((r) => r.type).join(", "));
        assert.equal(providers[0].parent, component.urn);
        assert.equal(providers[0].object.region, "eu-west-1");
        assert.match(String(state.arn), /^arn:aws:imagebuilder:.*golden-native/);
        assert.deepEqual(state.regions, ["eu-west-1", "us-east-1", "us-west-2"]);
        assert.match(resp.getUrn(), /MultiRegionDistribution::golden-native$/);
    });

    it("takes plain inputs sent with dependencies (as Java sends every value): the child depends on them", async function () {
        // The SDK's server hands an input with dependencies over as one Output; the plain inputs
        // (regions, defaults, overrides, backend, ...) must still work, and keep the dependency.
        const dep = "urn:pulumi:dev::golden::aws:kms/key:Key::golden-key";
        const inputs = goldenInputs("aws");
        const dependencies = Object.fromEntries(Object.keys(inputs).map((k) => [k, [dep]]));
        const state = (await timedConstruct("golden-java", inputs, false, dependencies)).getState().toJavaScript();
        const child = engine.registrations.find((r) => r.type === AWS_TYPE);
        assert.ok(child, `a child: ${engine.registrations.map((r) => r.type).join(", ")}`);
        assert.ok(
            child.dependencies.includes(dep) && (child.propertyDependencies.distributions ?? []).includes(dep),
            JSON.stringify({ dependencies: child.dependencies, property: child.propertyDependencies }),
        );
        const distributions = JSON.stringify(child.object.distributions);
        // unset cleared the default's kmsKeyId in eu-west-1 only.
        assert.equal(distributions.split("alias/golden").length - 1, 2, distributions);
        assert.deepEqual(state.regions, ["eu-west-1", "us-east-1", "us-west-2"]);
        assert.equal(state.backend, "aws");
    });

    it("takes a plain input sent as one secret output value (a transforms option), and nulls as not set", async function () {
        // With a transforms option the engine sends every input with dependencies as one output value, secret
        // as a whole when a value inside it is; the Go SDK sends an optional input it does not set as null.
        const dep = "urn:pulumi:dev::golden::aws:kms/key:Key::golden-key";
        const base = goldenInputs("aws");
        const inputs = {
            ...base,
            defaults: { [SIG]: OUTPUT_SIG, value: base.defaults, secret: true, dependencies: [dep] },
            homeRegion: null,
            allowPublicAmis: null,
            description: { [SIG]: OUTPUT_SIG, value: null, dependencies: [dep] },
        };
        const state = (await timedConstruct("golden-transformed", inputs, false)).getState().toJavaScript();
        const child = engine.registrations.find((r) => r.type === AWS_TYPE);
        assert.ok(child, `a child: ${engine.registrations.map((r) => r.type).join(", ")}`);
        assert.ok(child.dependencies.includes(dep), JSON.stringify(child.dependencies));
        const wire = JSON.stringify(child.object.distributions);
        assert.ok(wire.includes(SECRET_SIG) || wire.includes('"secret":true'), `the settings stay secret: ${wire}`);
        assert.equal(wire.split("alias/golden").length - 1, 2, wire);
        assert.deepEqual(state.regions, ["eu-west-1", "us-east-1", "us-west-2"]);
    });

    it("reports bad input per property, secrets redacted, and registers nothing", async function () {
        let error: grpc.ServiceError | undefined;
        try {
            await timedConstruct(
                "bad",
                goldenInputs("aws", {
                    regions: ["us-east-1", "eu-west-1", "mars-north-1x"],
                    defaults: {
                        amiDistributionConfiguration: {
                            name: "x",
                            kmsKeyId: secretValue("arn:aws:kms:us-east-1:123:not-a-key"),
                        },
                    },
                    overrides: { "eu-west-1": { unset: ["amiDistributionConfiguration.nosuch"] } },
                }),
                true,
            );
        } catch (e) {
            error = e as grpc.ServiceError;
        }
        assert.ok(error, "Construct must fail");
        assert.equal(error.code, grpc.status.INVALID_ARGUMENT, error.message);
        const errors = rpc.propertyErrors(p, error);
        const paths = errors.map((e) => e.path);
        assert.ok(paths.includes('overrides["eu-west-1"].unset[0]'), paths.join(", "));
        assert.ok(paths.includes("regions[2]"), paths.join(", "));
        assert.ok(paths.includes("defaults.amiDistributionConfiguration.name"), paths.join(", "));
        for (const e of errors) {
            assert.ok(e.reason.length > 20, `a reason that says what to do: ${e.path}: ${e.reason}`);
        }
        assert.ok(!JSON.stringify(errors).includes("not-a-key"), "a secret value never appears in an error");
        // The CLI prints each property error with the value at its path, secrets in plain text: the
        // secret's problem is in the message (as [secret]), not a property error, and none is listed twice.
        assert.ok(!paths.includes("defaults.amiDistributionConfiguration.kmsKeyId"), paths.join(", "));
        assert.match(error.details, /defaults\.amiDistributionConfiguration\.kmsKeyId: got \[secret\]/);
        assert.ok(!error.details.includes("regions[2]"), error.details);
        assert.ok(!error.details.includes("not-a-key"), error.details);
        assert.deepEqual(
            engine.registrations.map((r) => r.type),
            [],
            "nothing is registered for bad input",
        );
    });
});
