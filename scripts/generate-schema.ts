/**
 * Generates the component package's schema, `provider/schema.json`, from the library's TypeScript
 * source with Pulumi's own analyzer (`ComponentProvider.getSchema()` of
 * `@pulumi/pulumi/provider/experimental`), so that the plugin serves it without analyzing anything at
 * run time.
 *
 *   npm run generate:schema            writes provider/schema.json
 *   npm run generate:schema -- --check exits 1 when the committed file differs (CI, check-model.sh)
 *
 * Two things are added to what the analyzer derives, both documented in docs/multi-language.md:
 * - A closed set of one value (`ContainerRepositoryService`, only `"ECR"`) is a single literal type, for
 *   which the analyzer of @pulumi/pulumi 3.248 has no enum and fails. The analysis runs on a copy of the
 *   sources in which such a set's type alias also admits a placeholder that no member has; the analyzer
 *   then builds the enum from the object's members, which leaves the placeholder out.
 * - `unset` on `DistributionSettings`: the paths of settings an override clears, the form of the
 *   library's `NONE` that every language can write (the provider turns each path into `NONE`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as components from "../components";
import { SHAPES } from "../components/distribution/constraints.generated";
import { PACKAGE, PackageSchema, SETTINGS_TYPE, TOKEN } from "../provider/src/schema";
import { UNSET } from "../provider/src/wire";

const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "provider", "schema.json");
const PLACEHOLDER = "__analyzer_placeholder_never_a_value__";

/** The `as const` sets of one member that the library exports (their type is a single literal). */
export function singleMemberSets(library: Record<string, unknown>, typesSource: string): string[] {
    const names: string[] = [];
    const alias = /export type (\w+) = \(typeof \1\)\[keyof typeof \1\];/g;
    for (const m of typesSource.matchAll(alias)) {
        const set = library[m[1]];
        if (set && typeof set === "object" && Object.keys(set).length === 1) {
            names.push(m[1]);
        }
    }
    return names;
}

/** Copies components/ to `dir`, widening the single-member sets for the analyzer. */
function copySources(dir: string, sets: string[]): void {
    const target = path.join(dir, "components");
    fs.cpSync(path.join(ROOT, "components"), target, { recursive: true });
    const typesFile = path.join(target, "distribution", "types.ts");
    let text = fs.readFileSync(typesFile, "utf8");
    for (const name of sets) {
        const line = `export type ${name} = (typeof ${name})[keyof typeof ${name}];`;
        text = text.replace(line, `export type ${name} = (typeof ${name})[keyof typeof ${name}] | "${PLACEHOLDER}";`);
    }
    fs.writeFileSync(typesFile, text);
}

/** Runs the analyzer on a package directory whose entry re-exports a copy of the library's source. */
async function analyze(version: string, description: string): Promise<PackageSchema> {
    const library = components as unknown as Record<string, unknown>;
    const typesSource = fs.readFileSync(path.join(ROOT, "components", "distribution", "types.ts"), "utf8");
    const sets = singleMemberSets(library, typesSource);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imagebuilder-distribution-schema-"));
    try {
        copySources(dir, sets);
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({ name: PACKAGE, version, description, main: "index.js" }),
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
        fs.writeFileSync(path.join(dir, "index.ts"), `export * from "./components";\n`);
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
        // The analyzer finds the class by name in the sources; the constructor is not run.
        const provider = new ComponentProvider({
            name: PACKAGE,
            dirname: dir,
            components: [components.MultiRegionDistribution],
        });
        const schema = JSON.parse(await provider.getSchema()) as PackageSchema;
        for (const name of sets) {
            const t = schema.types[`${PACKAGE}:index:${name}`];
            const members = (t?.enum ?? []).map((m) => m.value);
            const expected = Object.values(library[name] as Record<string, string>);
            if (JSON.stringify(members) !== JSON.stringify(expected)) {
                throw new Error(
                    `${name}: the analyzer made ${JSON.stringify(members)}, expected ${JSON.stringify(expected)}`,
                );
            }
        }
        return schema;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The schema as committed: the analyzer's, plus `unset`, the repository and stable key order. */
export async function generateSchema(): Promise<PackageSchema> {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        version: string;
        description: string;
        homepage?: string;
        repository?: { url?: string };
    };
    const schema = await analyze(pkg.version, pkg.description);
    if (!schema.resources[TOKEN]?.isComponent) {
        throw new Error(`the analyzer found no component ${TOKEN}`);
    }
    const settings = schema.types[SETTINGS_TYPE];
    if (!settings?.properties) {
        throw new Error(`the analyzer found no type ${SETTINGS_TYPE}`);
    }
    if (UNSET in settings.properties) {
        throw new Error(`DistributionSettings has a field "${UNSET}" of its own: pick another name for the provider's`);
    }
    settings.properties[UNSET] = {
        type: "array",
        // Paths must be known when the program runs: plain items too (Go: []string, not []StringInput).
        items: { type: "string", plain: true },
        plain: true,
        description:
            "Only in `overrides`: settings that `defaults` gives and this region must not get, as paths " +
            'into these settings, for example `["amiDistributionConfiguration.kmsKeyId"]` or ' +
            '`["s3ExportConfiguration"]`. Each path is sent as nothing for the region, like `NONE` in ' +
            "TypeScript; a path this override also sets is an error.\n@default none: every setting of " +
            "`defaults` applies.",
    };
    wholeNumbers(schema);
    schema.displayName = "EC2 Image Builder multi-region distribution";
    schema.keywords = ["pulumi", "aws", "imagebuilder", "ec2-image-builder", "category/cloud", "kind/component"];
    schema.license = "Apache-2.0";
    if (pkg.homepage) {
        schema.homepage = pkg.homepage;
    }
    if (pkg.repository?.url) {
        schema.repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    }
    return sortKeys(schema) as PackageSchema;
}

/**
 * A TypeScript `number` is the analyzer's `number` (a float in Go, .NET and Java); where AWS's model makes
 * the member an integer (`maxParallelLaunches`, `targetResourceCount`), the schema says `integer`. A type
 * is matched to the model's structure of its name (`RenderedX` to `X`).
 */
export function wholeNumbers(schema: PackageSchema): void {
    for (const [token, type] of Object.entries(schema.types)) {
        const shape =
            SHAPES[
                token
                    .split(":")
                    .pop()!
                    .replace(/^Rendered/, "")
            ];
        for (const [name, prop] of Object.entries(type.properties ?? {})) {
            const member = shape?.members?.[name];
            if (prop.type === "number" && member !== undefined && SHAPES[member]?.type === "integer") {
                prop.type = "integer";
            }
        }
    }
}

/** Objects with sorted keys, so that the file does not change with the analyzer's visiting order. */
function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(sortKeys);
    }
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        );
    }
    return v;
}

/** The file's text. */
export function render(schema: PackageSchema): string {
    return `${JSON.stringify(schema, null, 2)}\n`;
}

async function main(argv: string[]): Promise<void> {
    const text = render(await generateSchema());
    const rel = path.relative(process.cwd(), SCHEMA_FILE);
    if (argv.includes("--check")) {
        const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
        if (current !== text) {
            console.error(`${rel} is stale (the component's arguments changed): run npm run generate:schema`);
            process.exit(1);
        }
        console.log(`${rel} matches the component's source`);
        return;
    }
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${rel}`);
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    });
}
