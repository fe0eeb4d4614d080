/**
 * The component package's schema (provider/schema.json) and what the provider does with inputs before
 * the component sees them, without starting a process: the schema's closed sets and `unset`, the
 * example programs in Python and YAML checked property by property against it, the versions that must
 * agree, and the wire normalization (bare unknowns, `unset`) and the per-property errors.
 *
 * That schema.json follows the TypeScript source is checked by `npm run generate:schema -- --check`
 * (CI runs it in scripts/check-model.sh); the plugin itself runs in tests/e2e/provider.test.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import {
    DistributionProvider,
    PackageSchema,
    TOKEN,
    UNSET,
    applyUnset,
    plainInputs,
    plainInputsAndSecrets,
    problemReason,
    settingPaths,
    toInputPropertiesError,
    unknownsToOutputs,
} from "../provider/src";
import { DistributionValidationError, MultiRegionDistributionArgs, NONE, validateArgsResolved } from "../components";
import type { SchemaProperty } from "../provider/src/schema";

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_TEXT = fs.readFileSync(path.join(ROOT, "provider", "schema.json"), "utf8");
const SCHEMA = JSON.parse(SCHEMA_TEXT) as PackageSchema;
const PREFIX = `${SCHEMA.name}:index:`;
const PATHS = settingPaths(SCHEMA, [UNSET]);

/** The schema type a property refers to, through arrays and maps; undefined for primitives. */
function typeOf(p: SchemaProperty): string | undefined {
    if (p.$ref) {
        return p.$ref.replace("#/types/", "");
    }
    return p.items ? typeOf(p.items) : p.additionalProperties ? typeOf(p.additionalProperties) : undefined;
}

/** Every problem with a YAML value against a schema property: unknown keys, bad enum values, bad unset paths. */
function checkYamlValue(value: unknown, p: SchemaProperty, at: string, out: string[]): void {
    if (typeof value === "string" && value.startsWith("${")) {
        return; // an interpolation: its type is the referenced value's
    }
    if (p.items) {
        assert.ok(Array.isArray(value), `${at} must be a list`);
        value.forEach((v, i) => checkYamlValue(v, p.items!, `${at}[${i}]`, out));
        return;
    }
    if (p.additionalProperties) {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            checkYamlValue(v, p.additionalProperties, `${at}.${k}`, out);
        }
        return;
    }
    const token = typeOf(p);
    if (!token) {
        return;
    }
    const t = SCHEMA.types[token];
    if (t.enum) {
        if (!t.enum.some((m) => m.value === value)) {
            out.push(`${at}: ${JSON.stringify(value)} is not one of ${t.enum.map((m) => m.value).join(", ")}`);
        }
        return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const prop = t.properties?.[k];
        if (!prop) {
            out.push(`${at}.${k}: ${token.replace(PREFIX, "")} has no property ${k}`);
            continue;
        }
        if (k === UNSET) {
            for (const path of v as string[]) {
                if (!PATHS.has(path)) {
                    out.push(`${at}.${k}: ${path} is not a setting path`);
                }
            }
        }
        checkYamlValue(v, prop, `${at}.${k}`, out);
    }
}

/** Python's name of a schema property, as Pulumi's Python code generator makes it. */
function pyName(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The keyword arguments at the top level of each call `ib.<Name>(...)` in Python source. */
function pythonCalls(source: string, alias: string): { callee: string; kwargs: string[] }[] {
    const calls: { callee: string; kwargs: string[] }[] = [];
    const start = new RegExp(`\\b${alias}\\.(\\w+)\\(`, "g");
    for (const m of source.matchAll(start)) {
        let depth = 0;
        let arg = "";
        const kwargs: string[] = [];
        for (let i = m.index! + m[0].length; i < source.length; i++) {
            const c = source[i];
            if (depth === 0 && (c === "," || c === ")")) {
                const kw = /^\s*(\w+)\s*=[^=]/.exec(arg);
                if (kw) {
                    kwargs.push(kw[1]);
                }
                arg = "";
                if (c === ")") {
                    break;
                }
                continue;
            }
            if ("([{".includes(c)) {
                depth++;
            } else if (")]}".includes(c)) {
                depth--;
            }
            arg += c;
        }
        calls.push({ callee: m[1], kwargs });
    }
    return calls;
}

describe("component package schema (provider/schema.json)", () => {
    const resource = SCHEMA.resources[TOKEN];

    it("types as integer what AWS's model makes an integer, and unset's paths as plain strings", () => {
        const integers = Object.entries(SCHEMA.types).flatMap(([token, t]) =>
            Object.entries(t.properties ?? {})
                .filter(([, prop]) => prop.type === "integer")
                .map(([name]) => `${token.split(":").pop()}.${name}`),
        );
        assert.deepEqual(integers.sort(), [
            "FastLaunchConfiguration.maxParallelLaunches",
            "FastLaunchSnapshotConfiguration.targetResourceCount",
            "RenderedFastLaunchConfiguration.maxParallelLaunches",
            "RenderedFastLaunchSnapshotConfiguration.targetResourceCount",
        ]);
        const numbers = Object.values(SCHEMA.types).flatMap((t) =>
            Object.values(t.properties ?? {}).filter((prop) => prop.type === "number"),
        );
        assert.deepEqual(numbers, [], "the model has no other number than these integers");
        const unset = SCHEMA.types[`${PREFIX}DistributionSettings`].properties![UNSET];
        assert.deepEqual([unset.plain, unset.items?.plain], [true, true]);
    });

    it("serves MultiRegionDistribution under its type token with every argument and output", () => {
        assert.ok(resource?.isComponent);
        assert.deepEqual(Object.keys(resource.inputProperties).sort(), [
            "allowPublicAmis",
            "backend",
            "defaults",
            "description",
            "distributions",
            "homeRegion",
            "name",
            "overrides",
            "regions",
            "tags",
        ]);
        for (const output of ["arn", "name", "regions", "distributions"]) {
            assert.ok(resource.properties[output], `output ${output}`);
        }
    });

    it("has a named enum for every closed set, the one-value ContainerRepositoryService included", () => {
        const library = require("../components") as Record<string, Record<string, string>>;
        for (const name of ["DiskImageFormat", "ContainerRepositoryService", "SsmParameterDataType", "Backend"]) {
            const t = SCHEMA.types[`${PREFIX}${name}`];
            assert.ok(t?.enum, `${name} is an enum in the schema`);
            assert.deepEqual(
                t.enum.map((m) => m.value).sort(),
                Object.values(library[name]).sort(),
                `${name}'s values are the library's`,
            );
        }
        const service = SCHEMA.types[`${PREFIX}TargetContainerRepository`].properties!.service;
        assert.equal(service.$ref, `#/types/${PREFIX}ContainerRepositoryService`);
    });

    it("gives overrides an `unset` list and knows the settings it may name", () => {
        const settings = SCHEMA.types[`${PREFIX}DistributionSettings`];
        assert.equal(settings.properties![UNSET].items?.type, "string");
        assert.ok(PATHS.has("amiDistributionConfiguration"));
        assert.ok(PATHS.has("amiDistributionConfiguration.kmsKeyId"));
        assert.ok(PATHS.has("amiDistributionConfiguration.launchPermission.userGroups"));
        assert.ok(PATHS.has("s3ExportConfiguration.s3Prefix"));
        assert.ok(!PATHS.has(UNSET));
        assert.ok(!PATHS.has("region"), "region is not a setting of an override");
    });

    it("is documented: every argument and every field has a description", () => {
        const undocumented: string[] = [];
        for (const [k, p] of Object.entries(resource.inputProperties)) {
            if (!p.description) {
                undocumented.push(k);
            }
        }
        for (const [token, t] of Object.entries(SCHEMA.types)) {
            for (const [k, p] of Object.entries(t.properties ?? {})) {
                if (!p.description) {
                    undocumented.push(`${token.replace(PREFIX, "")}.${k}`);
                }
            }
        }
        assert.deepEqual(undocumented, []);
    });

    it("has the library's version, and the plugin depends on exactly that version of the library", () => {
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const plugin = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "package.json"), "utf8"));
        assert.equal(SCHEMA.version, root.version);
        assert.equal(plugin.version, root.version);
        assert.equal(plugin.dependencies[root.name], root.version, "provider/package.json's library version");
        assert.equal(plugin.main, "index.js");
        assert.ok(root.exports["./provider"], "the library exports the provider for the plugin");
        const manifest = yaml.load(fs.readFileSync(path.join(ROOT, "provider", "PulumiPlugin.yaml"), "utf8"));
        assert.deepEqual(manifest, { runtime: "nodejs" });
    });
});

describe("example programs in other languages use only what the schema has", () => {
    it("examples/yaml-golden-ami: every property, enum value and unset path", () => {
        const program = yaml.load(
            fs.readFileSync(path.join(ROOT, "examples", "yaml-golden-ami", "Pulumi.yaml"), "utf8"),
        ) as { resources: Record<string, { type: string; properties: Record<string, unknown> }> };
        const used = Object.values(program.resources).filter(
            (r) => r.type === TOKEN || r.type === TOKEN.replace(":index:", ":"),
        );
        assert.equal(used.length, 1, "the example uses the component");
        const problems: string[] = [];
        for (const r of used) {
            for (const [k, v] of Object.entries(r.properties)) {
                const p = SCHEMA.resources[TOKEN].inputProperties[k];
                if (!p) {
                    problems.push(`${k}: MultiRegionDistribution has no input ${k}`);
                    continue;
                }
                checkYamlValue(v, p, k, problems);
            }
        }
        assert.deepEqual(problems, []);
    });

    it("examples/python-golden-ami: every keyword argument, enum member and unset path", () => {
        const source = fs.readFileSync(path.join(ROOT, "examples", "python-golden-ami", "__main__.py"), "utf8");
        const alias = /^import pulumi_imagebuilder_distribution as (\w+)$/m.exec(source)?.[1];
        assert.ok(alias, "the example imports the generated SDK, pulumi_imagebuilder_distribution");
        const problems: string[] = [];
        const calls = pythonCalls(source, alias);
        assert.ok(calls.length > 5, "the example's calls are found");
        for (const { callee, kwargs } of calls) {
            const props =
                callee === "MultiRegionDistribution"
                    ? resource().inputProperties
                    : SCHEMA.types[`${PREFIX}${callee.replace(/Args$/, "")}`]?.properties;
            if (!props) {
                problems.push(`${callee}: no such type in the schema`);
                continue;
            }
            const names = new Set(Object.keys(props).map(pyName));
            for (const kw of kwargs) {
                if (!names.has(kw)) {
                    problems.push(`${callee}(${kw}=...): no such property`);
                }
            }
        }
        for (const m of source.matchAll(new RegExp(`\\b${alias}\\.(\\w+)\\.([A-Z0-9_]+)\\b`, "g"))) {
            const t = SCHEMA.types[`${PREFIX}${m[1]}`];
            if (!t?.enum?.some((e) => pyName(e.name ?? String(e.value)).toUpperCase() === m[2])) {
                problems.push(`${m[1]}.${m[2]}: no such enum member`);
            }
        }
        for (const m of source.matchAll(/unset=\[([^\]]*)\]/g)) {
            for (const p of m[1].matchAll(/"([^"]+)"/g)) {
                if (!PATHS.has(p[1])) {
                    problems.push(`unset: ${p[1]} is not a setting path`);
                }
            }
        }
        assert.deepEqual(problems, []);

        function resource() {
            return SCHEMA.resources[TOKEN];
        }
    });
});

describe("provider: inputs as other languages send them", () => {
    it("spreads a plain input that arrives as one known Output back into its structure", async () => {
        const out = await plainInputs({
            defaults: pulumi.output({ amiDistributionConfiguration: { name: "n", targetAccountIds: ["1", "2"] } }),
            overrides: pulumi.output({ "eu-west-1": { [UNSET]: ["amiDistributionConfiguration.kmsKeyId"] } }),
            backend: pulumi.output("aws-native"),
            allowPublicAmis: pulumi.output(true),
            regions: pulumi.secret(["us-east-1"]),
            distributions: pulumi.output([{ region: "ap-south-1" }]),
            name: pulumi.output("stays"),
        });
        const defaults = out.defaults as { amiDistributionConfiguration: Record<string, unknown> };
        assert.ok(!pulumi.Output.isInstance(defaults), "the settings are an object again");
        const leaf = defaults.amiDistributionConfiguration.targetAccountIds as unknown[];
        assert.ok(
            Array.isArray(leaf) && pulumi.Output.isInstance(leaf[1]),
            "each leaf an Output (of its dependencies)",
        );
        assert.equal(await (leaf[1] as unknown as { promise(): Promise<string> }).promise(), "2");
        const overrides = out.overrides as Record<string, Record<string, unknown>>;
        assert.deepEqual(overrides["eu-west-1"][UNSET], ["amiDistributionConfiguration.kmsKeyId"], "paths stay plain");
        assert.equal(out.backend, "aws-native");
        assert.equal(out.allowPublicAmis, true);
        assert.ok(Array.isArray(out.distributions));
        // A secret is spread too, and stays secret in every leaf: the engine marks an input secret as a whole
        // when any value inside it is.
        assert.ok(Array.isArray(out.regions), "a secret list is a list again");
        const region = (out.regions as unknown[])[0] as pulumi.Output<string>;
        assert.ok(pulumi.Output.isInstance(region));
        assert.equal(await pulumi.isSecret(region), true);
        assert.ok(pulumi.Output.isInstance(out.name), "an input that takes Outputs is left as it is");
    });

    it("takes a plain input that arrives secret as a whole, and validation passes with the secret kept", async () => {
        const defaults = pulumi.secret({
            amiDistributionConfiguration: {
                name: "golden-{{ imagebuilder:buildDate }}",
                kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/mrk-1",
            },
        });
        const out = await plainInputs({ regions: ["us-east-1"], defaults });
        const ami = (out.defaults as { amiDistributionConfiguration: Record<string, pulumi.Output<string>> })
            .amiDistributionConfiguration;
        assert.equal(await pulumi.isSecret(ami.kmsKeyId), true);
        assert.equal(await pulumi.isSecret(ami.name), true);
        await validateArgsResolved("secret-defaults", out as MultiRegionDistributionArgs);
        // A bad value inside it is reported, as secret: the message never shows it.
        const bad = await plainInputs({
            regions: ["us-east-1"],
            defaults: pulumi.secret({ amiDistributionConfiguration: { name: "no-build-date" } }),
        });
        await assert.rejects(
            validateArgsResolved("secret-defaults", bad as MultiRegionDistributionArgs),
            (e: Error) => {
                assert.match(e.message, /amiDistributionConfiguration\.name.*\[secret\].*\[ami-name-build-date\]/);
                assert.ok(!e.message.includes("no-build-date"), e.message);
                return true;
            },
        );
    });

    it("shows no key of a plain input that arrived secret as a whole: no region, tag key, setting or unset path", async () => {
        const secretInputs = {
            regions: ["us-east-1"],
            defaults: pulumi.secret({
                amiDistributionConfiguration: {
                    name: "n-{{ imagebuilder:buildDate }}",
                    amiTags: { "secret#key": "v" },
                },
            }),
            overrides: pulumi.secret({
                "eu-topsecret-1": { launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }] },
                "us-east-1": { [UNSET]: ["secretUnsetPath"] },
            }),
        };
        const plain = await plainInputsAndSecrets(secretInputs);
        assert.deepEqual(plain.secretRoots.sort(), ["defaults", "overrides"]);
        // A map whose keys are data stays one secret Output: its keys reach the child secret.
        const ami = (plain.inputs.defaults as { amiDistributionConfiguration: Record<string, unknown> })
            .amiDistributionConfiguration;
        assert.ok(pulumi.Output.isInstance(ami.amiTags));
        assert.equal(await pulumi.isSecret(ami.amiTags as pulumi.Output<unknown>), true);
        const { inputs, problems } = applyUnset(
            plain.inputs,
            new Set(["amiDistributionConfiguration"]),
            plain.secretRoots,
        );
        assert.deepEqual(
            problems.map((p) => [p.path, p.secret]),
            [["overrides", true]],
        );
        assert.ok(!JSON.stringify(problems).includes("secretUnsetPath"), JSON.stringify(problems));
        const shown: string[] = [];
        await validateArgsResolved("secret-whole", inputs as MultiRegionDistributionArgs, {
            secretPaths: plain.secretRoots,
        }).catch((e: Error) => shown.push(e.message));
        assert.equal(shown.length, 1, "the tag key and the unlisted override are problems");
        assert.match(shown[0], /overrides: got \[secret\]/);
        assert.ok(!/topsecret|secret#key|amiTags\[/.test(shown[0]), shown[0]);
    });

    it("leaves out a top-level input that is null, or a known Output of null, and keeps an unknown one", async () => {
        const unknown = pulumi.runtime.deserializeProperty({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialOutputValueSig,
        }) as pulumi.Output<string>;
        const out = await plainInputs({
            regions: ["us-east-1"],
            backend: null,
            allowPublicAmis: null,
            overrides: null,
            distributions: pulumi.output(null),
            homeRegion: pulumi.output(null),
            description: unknown,
        });
        assert.deepEqual(Object.keys(out).sort(), ["description", "regions"]);
        assert.equal(out.description, unknown);
    });

    it("turns a bare unknown into an unknown Output, anywhere in the inputs", async () => {
        const out = unknownsToOutputs({
            description: pulumi.unknown,
            regions: ["us-east-1", pulumi.unknown],
            tags: { a: "b" },
        }) as { description: pulumi.Output<string>; regions: unknown[]; tags: unknown };
        assert.ok(pulumi.Output.isInstance(out.description));
        assert.equal(await (out.description as unknown as { isKnown: Promise<boolean> }).isKnown, false);
        assert.equal(out.regions[0], "us-east-1");
        assert.ok(pulumi.Output.isInstance(out.regions[1]));
        assert.deepEqual(out.tags, { a: "b" });
    });

    it("turns unset paths (the schema's names or Python's) into NONE in their override and removes the lists", () => {
        const { inputs, problems } = applyUnset(
            {
                defaults: { amiDistributionConfiguration: { kmsKeyId: "alias/x", name: "n" } },
                overrides: {
                    "eu-west-1": {
                        unset: ["amiDistributionConfiguration.kmsKeyId", "s3_export_configuration"],
                        amiDistributionConfiguration: { name: "m" },
                    },
                    "us-east-1": { amiDistributionConfiguration: { name: "k" } },
                },
            },
            PATHS,
        );
        assert.deepEqual(problems, []);
        assert.deepEqual(inputs.overrides, {
            "eu-west-1": {
                amiDistributionConfiguration: { name: "m", kmsKeyId: NONE },
                s3ExportConfiguration: NONE,
            },
            "us-east-1": { amiDistributionConfiguration: { name: "k" } },
        });
    });

    it("reports unset in defaults, a path that is no setting and one the override also sets", () => {
        const { problems } = applyUnset(
            {
                defaults: { unset: ["amiDistributionConfiguration"] },
                overrides: {
                    "eu-west-1": {
                        unset: ["amiDistributionConfiguration.nosuch", "amiDistributionConfiguration.name"],
                        amiDistributionConfiguration: { name: "m" },
                    },
                },
            },
            PATHS,
        );
        assert.deepEqual(
            problems.map((p) => p.path),
            ["defaults.unset", 'overrides["eu-west-1"].unset[0]', 'overrides["eu-west-1"].unset[1]'],
        );
        assert.match(problems[1].reason, /nosuch/);
        assert.match(problems[2].reason, /also sets/);
    });

    it("maps the component's validation error to one property error per problem, secrets redacted", () => {
        const e = new DistributionValidationError("golden", [
            {
                path: "regions[1]",
                value: "mars-1",
                hasValue: true,
                secret: false,
                code: "region-code",
                rule: "a region code",
                fix: "use one",
            },
            {
                path: "defaults.amiDistributionConfiguration.kmsKeyId",
                value: "hunter2",
                hasValue: true,
                secret: true,
                code: "kms-key-arn",
                rule: "a KMS key",
                fix: "give a key",
            },
        ]);
        const mapped = toInputPropertiesError(e) as pulumi.InputPropertiesError;
        assert.ok(pulumi.InputPropertiesError.isInstance(mapped));
        // The CLI prints each property error with the value at its path, a secret in plain text: a
        // secret's problem is in the message only, and the message lists no problem the CLI lists too.
        assert.deepEqual(
            mapped.errors.map((x) => x.propertyPath),
            ["regions[1]"],
        );
        assert.match(mapped.errors[0].reason, /mars-1.*a region code.*use one/);
        // The same words as the component's message, which TypeScript programs get.
        assert.ok(e.message.includes(`regions[1]: ${mapped.errors[0].reason}`), mapped.errors[0].reason);
        assert.strictEqual(
            mapped.message,
            'MultiRegionDistribution "golden" has 2 invalid settings; nothing was created:\n' +
                "  - defaults.amiDistributionConfiguration.kmsKeyId: got [secret]; a KMS key [kms-key-arn]. Fix: give a key.",
        );
        assert.match(problemReason(e.problems[1]), /^got \[secret\]; a KMS key \[kms-key-arn\]\. Fix: give a key\.$/);
        assert.ok(!JSON.stringify(mapped.errors).includes("hunter2"));
        assert.ok(!mapped.message.includes("mars-1"), "listed once: by the CLI, from the property error");
        const other = new Error("boom");
        assert.equal(toInputPropertiesError(other), other, "other errors pass through");
    });

    it("serves the committed schema and refuses another type token", async () => {
        const provider = new DistributionProvider(SCHEMA_TEXT);
        assert.equal(await provider.getSchema(), SCHEMA_TEXT);
        assert.equal(provider.version, SCHEMA.version);
        await assert.rejects(provider.construct("x", `${PREFIX}Other`, {}, {}), /unknown resource type/);
    });
});
