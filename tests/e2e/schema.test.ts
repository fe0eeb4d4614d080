/**
 * Multi-language readiness: Pulumi's component analyzer (`ComponentProvider.getSchema()` of
 * `@pulumi/pulumi/provider/experimental`, which is how a TypeScript component becomes usable from
 * Python, Go, .NET and YAML) must accept the component and turn its closed sets into schema enums.
 *
 * The analyzer reads a package directory: `package.json`, `tsconfig.json` and an entry point. The test
 * writes a small one to a temporary directory whose entry re-exports this repository's source, so
 * that the analysis runs offline on the real types.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ComponentProvider as ComponentProviderType } from "@pulumi/pulumi/provider/experimental";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE = path.join(ROOT, "components", "index").split(path.sep).join("/");
const PACKAGE = "imagebuilder-distribution";
const TOKEN = `${PACKAGE}:index:MultiRegionDistribution`;

interface SchemaProperty {
    type?: string;
    $ref?: string;
    description?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
}
interface Schema {
    resources: Record<
        string,
        {
            isComponent?: boolean;
            inputProperties: Record<string, SchemaProperty>;
            properties: Record<string, SchemaProperty>;
        }
    >;
    types: Record<
        string,
        { type: string; enum?: { name: string; value: string }[]; properties?: Record<string, SchemaProperty> }
    >;
}

/**
 * The analyzer has no schema form for a closed set of one value (`service: "ECR"` is a single literal
 * type, not a union), and fails on it. The TypeScript API keeps the literal so that a typo is a
 * compile error; multi-language SDKs see `service` as a string (validation still rejects anything but
 * "ECR"). The schema tests analyze a copy of the sources with exactly that one line changed, so any
 * other unsupported type still fails them.
 */
const SINGLE_LITERAL_LINE = "service?: pulumi.Input<ContainerRepositoryService>;";

function copySources(dir: string): string {
    const target = path.join(dir, "components");
    fs.cpSync(path.join(ROOT, "components"), target, { recursive: true });
    const typesFile = path.join(target, "distribution", "types.ts");
    const text = fs.readFileSync(typesFile, "utf8");
    assert.ok(text.includes(SINGLE_LITERAL_LINE), "types.ts no longer has the single-literal service line");
    fs.writeFileSync(typesFile, text.replace(SINGLE_LITERAL_LINE, "service?: pulumi.Input<string>;"));
    return path.join(target, "index").split(path.sep).join("/");
}

/** Writes a package directory for the analyzer; `entry` is its index.ts. */
function packageDir(entry: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imagebuilder-distribution-schema-"));
    entry = entry.split(SOURCE).join(copySources(dir));
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: PACKAGE, version: "0.1.0", description: "schema test", main: "index.js" }),
    );
    fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                target: "ES2022",
                module: "commonjs",
                moduleResolution: "node",
                strict: true,
                skipLibCheck: true,
                types: [],
            },
            files: ["index.ts"],
        }),
    );
    fs.writeFileSync(path.join(dir, "index.ts"), entry);
    // The entry's own imports (`@pulumi/pulumi`) resolve to this repository's copy, the same one the
    // component's source uses.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

async function schemaOf(entry: string): Promise<Schema> {
    const dir = packageDir(entry);
    try {
        const { ComponentProvider } = require("@pulumi/pulumi/provider/experimental") as {
            ComponentProvider: typeof ComponentProviderType;
        };
        // The analyzer finds the class by name in the sources; the constructor itself is not run.
        const { MultiRegionDistribution } = require("../../components");
        const provider = new ComponentProvider({ name: PACKAGE, dirname: dir, components: [MultiRegionDistribution] });
        return JSON.parse(await provider.getSchema()) as Schema;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The enum a property refers to, directly or through Input/array/map wrappers. */
function enumValues(schema: Schema, name: string): string[] {
    const t = schema.types[`${PACKAGE}:index:${name}`];
    assert.ok(t, `the schema has no type ${name}; it has ${Object.keys(schema.types).join(", ")}`);
    assert.ok(t.enum, `${name} is not an enum in the schema`);
    return t.enum.map((m) => m.value).sort();
}

describe("Pulumi component schema (multi-language analyzer)", function () {
    this.timeout(120000);

    const closedSets = ["DiskImageFormat", "ContainerRepositoryService", "SsmParameterDataType", "Backend"];

    it("accepts MultiRegionDistributionArgs and turns every closed set into a schema enum", async function () {
        // A stand-in class with the real argument type: this checks the arguments alone.
        const schema = await schemaOf(`
import * as pulumi from "@pulumi/pulumi";
import type { MultiRegionDistributionArgs } from "${SOURCE}";

/** Stand-in with the real arguments. */
export class MultiRegionDistribution extends pulumi.ComponentResource {
    /** The ARN. */
    public readonly arn: pulumi.Output<string>;
    constructor(name: string, args: MultiRegionDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("${TOKEN}", name, {}, opts);
        this.arn = pulumi.output(String(args.name));
    }
}
`);
        const resource = schema.resources[TOKEN];
        assert.ok(resource?.isComponent, `no component ${TOKEN} in the schema`);
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
        // The enums the arguments use, as the package exports them (loaded here, not when mocha
        // collects the tests, so that other test files set Pulumi's mocks before the first load).
        const types = require("../../components") as Record<string, Record<string, string>>;
        for (const name of closedSets) {
            const values = Object.values(types[name]).sort();
            if (values.length < 2 && schema.types[`${PACKAGE}:index:${name}`] === undefined) {
                // A one-member set is a single literal type, not a union, and the analyzer has no
                // enum for it: the property that uses it must be typed `string` for the analyzer.
                continue;
            }
            assert.deepEqual(enumValues(schema, name), values, name);
        }
        // The TSDoc reaches other languages' SDKs: every argument and every field has a description.
        const undocumented: string[] = [];
        for (const [key, p] of Object.entries(resource.inputProperties)) {
            if (!p.description) {
                undocumented.push(`MultiRegionDistributionArgs.${key}`);
            }
        }
        for (const [typeName, t] of Object.entries(schema.types)) {
            for (const [key, p] of Object.entries(t.properties ?? {})) {
                if (!p.description) {
                    undocumented.push(`${typeName.split(":").pop()}.${key}`);
                }
            }
        }
        assert.deepEqual(undocumented, [], "arguments without a description");
    });

    it("accepts the MultiRegionDistribution class itself, outputs included", async function () {
        const schema = await schemaOf(`export * from "${SOURCE}";\n`);
        const resource = schema.resources[TOKEN];
        assert.ok(resource?.isComponent, `no component ${TOKEN} in the schema`);
        for (const output of ["arn", "name", "regions", "distributions"]) {
            assert.ok(resource.properties[output], `output ${output} is missing from the schema`);
        }
        assert.equal(resource.properties.arn.type, "string");
        assert.ok(resource.inputProperties.backend?.$ref?.endsWith(":index:Backend"));
    });
});
