/**
 * Validation (issue 3), property tests: configurations generated from AWS's model (the constraint
 * table generated from it) and the service's rules always pass; each single mutation of one value into
 * an invalid one fails, with a message that names the mutated path as the user wrote it.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { SHAPES } from "../components/distribution/constraints.generated";
import { DistributionValidationError } from "../components/distribution/errors";
import { checkArgsView, validateArgs } from "../components/distribution/multiRegionDistribution";
import { REGION_PATTERN, partitionOf } from "../components/distribution/regions";
import { OUTPUT_FIELDS as OUTPUTS } from "../components/distribution/rules/outputs";
import { formatProblem } from "../components/distribution/validate";

type Json = Record<string, unknown>;

const RUNS = { numRuns: 150 };
const LIST_CAP = 3;
const SETTINGS = Object.keys(SHAPES.Distribution.members ?? {}).filter((m) => m !== "region");

// ---- paths, written as the user would read them in a message --------------------------------------

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const member = (path: string, m: string): string => (IDENT.test(m) ? (path === "" ? m : `${path}.${m}`) : key(path, m));
const key = (path: string, k: string): string => `${path}[${JSON.stringify(k)}]`;
const index = (path: string, i: number): string => `${path}[${i}]`;

// ---- arbitraries from the model ---------------------------------------------------------------------

const codePoints = (s: string): number => [...s].length;

/** A string of a shape: its enum, its pattern (lookaheads are checked, not generated), or its length. */
function stringOf(shapeName: string): fc.Arbitrary<string> {
    const shape = SHAPES[shapeName];
    if (shape.enum) {
        return fc.constantFrom(...shape.enum);
    }
    const min = shape.min ?? 0;
    const max = shape.max ?? Infinity;
    if (shape.pattern) {
        // AWS matches a pattern against the whole value, and its \s (Java's) is ASCII whitespace: every
        // character the model's patterns allow is ASCII.
        const full = new RegExp(`^(?:${shape.pattern})$`);
        const generated = new RegExp(`^(?:${shape.pattern.replace(/\(\?![^)]*\)/g, "")})$`);
        return fc
            .stringMatching(generated)
            .filter((s) => full.test(s) && /^[\x00-\x7f]*$/.test(s) && codePoints(s) >= min && codePoints(s) <= max);
    }
    return fc.string({ unit: "binary", minLength: min, maxLength: Math.min(max, 24) });
}

/** Service rules the model does not state, as generators for one member of a structure. */
const SERVICE: Record<string, () => fc.Arbitrary<unknown>> = {
    // An AMI name with {{ imagebuilder:buildDate }} (spaced or not), in the characters both Image Builder's
    // pattern and EC2 take.
    "AmiDistributionConfiguration.name": () =>
        fc
            .tuple(
                fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9 ._-]{0,40}[A-Za-z0-9_-]$/),
                fc.constantFrom("{{ imagebuilder:buildDate }}", "{{imagebuilder:buildDate}}"),
            )
            .map(([s, date]) => `${s}-${date}`),
    // SSM's own rules: no aws or ssm prefix, a path from the root, at most 15 levels.
    "SsmParameterConfiguration.parameterName": () =>
        stringOf("SsmParameterName").filter(
            (s) => !/^\/?(aws|ssm)/i.test(s) && (!s.includes("/") || s.startsWith("/")) && s.split("/").length <= 16,
        ),
    // ECR's repository names.
    "TargetContainerRepository.repositoryName": () =>
        fc
            .stringMatching(/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/){0,2}[a-z0-9]+(?:[._-][a-z0-9]+)*$/)
            .filter((s) => s.length >= 2 && s.length <= 256),
    // A key id or an alias here; an ARN of the entry's own region is put in where the region is known.
    // Not EBS's AWS managed key, which cannot encrypt a shared AMI.
    "AmiDistributionConfiguration.kmsKeyId": () =>
        fc.oneof(
            fc.uuid(),
            fc.stringMatching(/^mrk-[0-9a-f]{32}$/),
            // An alias name in KMS's characters.
            fc.stringMatching(/^alias\/[a-zA-Z0-9:/_-]{1,250}$/).filter((s) => s.toLowerCase() !== "alias/aws/ebs"),
        ),
    // The only group is "all", which needs allowPublicAmis (set on the configuration below).
    "LaunchPermissionConfiguration.userGroups": () => fc.constant(["all"]),
    // EC2's minimum; at most @pulumi/aws's maximum (the default backend).
    "FastLaunchConfiguration.maxParallelLaunches": () => fc.integer({ min: 6, max: 10000 }),
    // A launch template by id or by name, not both.
    "FastLaunchConfiguration.launchTemplate": () =>
        fc.oneof(
            fc.record(
                { launchTemplateId: stringOf("LaunchTemplateId"), launchTemplateVersion: stringOf("NonEmptyString") },
                { requiredKeys: ["launchTemplateId"] },
            ),
            // A name an EC2 launch template can have, within @pulumi/aws's 125 characters.
            fc.record(
                {
                    launchTemplateName: fc.stringMatching(/^[a-zA-Z0-9().\-/_]{3,125}$/),
                    launchTemplateVersion: stringOf("NonEmptyString"),
                },
                { requiredKeys: ["launchTemplateName"] },
            ),
            fc.record({ launchTemplateVersion: stringOf("NonEmptyString") }),
        ),
};

const memoArb = new Map<string, fc.Arbitrary<unknown>>();

/** Any value of a shape that the model accepts (lists and maps kept small). */
function valueOf(shapeName: string): fc.Arbitrary<unknown> {
    const cached = memoArb.get(shapeName);
    if (cached) {
        return cached;
    }
    const shape = SHAPES[shapeName];
    let arb: fc.Arbitrary<unknown>;
    switch (shape.type) {
        case "structure":
            arb = structureOf(shapeName, Object.keys(shape.members ?? {}));
            break;
        case "list":
            arb = fc.array(valueOf(shape.member!), {
                minLength: Math.max(1, shape.min ?? 0),
                maxLength: Math.min(shape.max ?? LIST_CAP, LIST_CAP),
            });
            break;
        case "map":
            // Keys named like an Object.prototype member ("toString") included: they are valid tag keys.
            // Not "__proto__": the model allows it, but Pulumi's SDK drops it, so validation rejects it.
            arb = fc.dictionary(
                stringOf(shape.key!).filter((k) => k !== "__proto__"),
                valueOf(shape.value!),
                {
                    minKeys: Math.max(1, shape.min ?? 0),
                    maxKeys: LIST_CAP,
                },
            );
            break;
        case "integer":
        case "long":
            arb = fc.integer({ min: shape.min ?? 0, max: Math.min(shape.max ?? 100000, 100000) });
            break;
        case "boolean":
            arb = fc.boolean();
            break;
        default:
            arb = stringOf(shapeName);
    }
    memoArb.set(shapeName, arb);
    return arb;
}

function memberOf(structure: string, m: string): fc.Arbitrary<unknown> {
    const service = SERVICE[`${structure}.${m}`];
    return service ? service() : valueOf(SHAPES[structure].members![m]);
}

/** A structure with its required members and any of the others. */
function structureOf(structure: string, members: string[]): fc.Arbitrary<Json> {
    const required = (SHAPES[structure].required ?? []).filter((r) => members.includes(r));
    return fc.record(Object.fromEntries(members.map((m) => [m, memberOf(structure, m)])), {
        requiredKeys: required,
    }) as fc.Arbitrary<Json>;
}

/** Distribution settings (no region); with `output`, at least one output field. */
function settingsOf(output: boolean, members = SETTINGS): fc.Arbitrary<Json> {
    const base = structureOf("Distribution", members);
    if (!output) {
        return base;
    }
    return fc
        .tuple(base, fc.constantFrom(...OUTPUTS.filter((o) => members.includes(o))))
        .chain(([s, o]) => memberOf("Distribution", o).map((v) => ({ ...s, [o]: v })));
}

const REAL_REGIONS = [
    "us-east-1",
    "eu-west-1",
    "eu-central-2",
    "ap-southeast-7",
    "us-gov-west-1",
    "cn-north-1",
    "us-isob-east-1",
    "eusc-de-east-1",
];
/** A region code: a real one, or any string of the form (a region AWS opens tomorrow). */
const regionArb = fc.oneof(fc.constantFrom(...REAL_REGIONS), fc.stringMatching(REGION_PATTERN));

const kmsArn = (region: string, account: string) =>
    `arn:${partitionOf(region)}:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** An AMI setting with a key ARN of `region`, when `use` says so. */
function withRegionKey(settings: Json, region: string, use: boolean): Json {
    const a = settings.amiDistributionConfiguration as Json | undefined;
    if (!use || !a) {
        return settings;
    }
    return { ...settings, amiDistributionConfiguration: { ...a, kmsKeyId: kmsArn(region, "111122223333") } };
}

/** A copy of `v` without any `kmsKeyId` member (objects keep their prototype, null included). */
function withoutKmsKeys(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(withoutKmsKeys);
    }
    if (typeof v === "object" && v !== null) {
        const out = Object.create(Object.getPrototypeOf(v) as object | null) as Json;
        for (const [k, x] of Object.entries(v)) {
            if (k !== "kmsKeyId") {
                out[k] = withoutKmsKeys(x);
            }
        }
        return out;
    }
    return v;
}

/** SSM parameters write to one of the target accounts, or leave the account out. */
function ssmInTargets(settings: Json, targets: unknown): Json {
    const ssm = settings.ssmParameterConfigurations as Json[] | undefined;
    if (!ssm) {
        return settings;
    }
    const list = Array.isArray(targets) ? (targets as string[]) : [];
    return {
        ...settings,
        ssmParameterConfigurations: ssm.map((c, i) => {
            if (c.amiAccountId === undefined || list.includes(c.amiAccountId as string)) {
                return c;
            }
            const { amiAccountId: _drop, ...rest } = c;
            void _drop;
            return list.length > 0 ? { ...rest, amiAccountId: list[i % list.length] } : rest;
        }),
    };
}

const targetsOf = (settings: Json | undefined): unknown =>
    (settings?.amiDistributionConfiguration as Json | undefined)?.targetAccountIds;

/** A whole valid configuration of the component. */
const configArb: fc.Arbitrary<Json> = fc
    .uniqueArray(regionArb, { minLength: 1, maxLength: 5 })
    // One partition per configuration.
    .map((set) => set.filter((r) => partitionOf(r) === partitionOf(set[0])))
    .chain((regionSet) =>
        fc.record({
            regionSet: fc.constant(regionSet),
            fanned: fc.integer({ min: 1, max: regionSet.length }),
            name: fc.option(stringOf("ResourceName"), { nil: undefined }),
            description: fc.option(stringOf("NonEmptyString"), { nil: undefined }),
            tags: fc.option(valueOf("TagMap"), { nil: undefined }),
            defaults: settingsOf(true),
            overrides: fc.array(fc.tuple(fc.boolean(), settingsOf(false), fc.boolean()), {
                minLength: regionSet.length,
                maxLength: regionSet.length,
            }),
            explicit: fc.array(fc.tuple(settingsOf(true), fc.boolean()), {
                minLength: regionSet.length,
                maxLength: regionSet.length,
            }),
            backend: fc.constantFrom(undefined, "aws", "aws-native"),
            // A home region of the regions' partition (or none).
            homeRegion: fc.option(
                regionArb.filter((r) => partitionOf(r) === partitionOf(regionSet[0])),
                { nil: undefined },
            ),
            allowPublicAmis: fc.option(fc.boolean(), { nil: undefined }),
        }),
    )
    .map((g) => {
        const regions = g.regionSet.slice(0, g.fanned);
        const explicitRegions = g.regionSet.slice(g.fanned);
        const defaults = ssmInTargets(g.defaults, targetsOf(g.defaults));
        const overrides: Record<string, Json> = {};
        regions.forEach((r, i) => {
            const [use, settings, regionKey] = g.overrides[i];
            if (!use) {
                return;
            }
            // An override keeps the default target accounts, so that the defaults' SSM accounts stay among them.
            const ami = settings.amiDistributionConfiguration as Json | undefined;
            let o: Json = ami
                ? { ...settings, amiDistributionConfiguration: { ...ami, targetAccountIds: undefined } }
                : settings;
            o = ssmInTargets(withRegionKey(o, r, regionKey), targetsOf(defaults));
            overrides[r] = JSON.parse(JSON.stringify(o)) as Json;
        });
        const distributions = explicitRegions.map((region, i) => {
            const [settings, regionKey] = g.explicit[i];
            return { region, ...ssmInTargets(withRegionKey(settings, region, regionKey), targetsOf(settings)) };
        });
        const args: Json = { regions, defaults };
        if (Object.keys(overrides).length > 0) {
            args.overrides = overrides;
        }
        if (distributions.length > 0) {
            args.distributions = distributions;
        }
        for (const k of ["name", "description", "tags", "homeRegion"] as const) {
            if (g[k] !== undefined) {
                args[k] = g[k];
            }
        }
        const text = JSON.stringify(args);
        if (text.includes('"userGroups"')) {
            // A public AMI is unencrypted: a configuration that makes AMIs public encrypts none.
            Object.assign(args, withoutKmsKeys(args));
            args.allowPublicAmis = true;
        } else if (g.allowPublicAmis !== undefined) {
            args.allowPublicAmis = g.allowPublicAmis;
        }
        if (g.backend !== undefined) {
            args.backend = g.backend === "aws-native" && text.includes('"s3ExportConfiguration"') ? "aws" : g.backend;
        }
        return args;
    });

// ---- mutations ---------------------------------------------------------------------------------------

/** A place in a configuration where a value of a model shape is (or a map key is). */
interface Site {
    /** The user's path, as a message must name it. */
    path: string;
    /** How to reach the value in the configuration. */
    at: (string | number)[];
    shape: string;
    /** For a map key rather than a value: the path of the map. */
    mapPath?: string;
}

function sitesOf(value: unknown, shapeName: string, path: string, at: (string | number)[], out: Site[]): void {
    if (value === undefined) {
        return;
    }
    const shape = SHAPES[shapeName];
    out.push({ path, at, shape: shapeName });
    if (shape.type === "structure") {
        for (const [m, s] of Object.entries(shape.members ?? {})) {
            sitesOf((value as Json)[m], s, member(path, m), [...at, m], out);
        }
    } else if (shape.type === "list") {
        (value as unknown[]).forEach((e, i) => sitesOf(e, shape.member!, index(path, i), [...at, i], out));
    } else if (shape.type === "map") {
        for (const [k, v] of Object.entries(value as Json)) {
            out.push({ path: key(path, k), at: [...at, k], shape: shape.key!, mapPath: path });
            sitesOf(v, shape.value!, key(path, k), [...at, k], out);
        }
    }
}

/** Every place of a configuration that the model constrains, with the user's path. */
function sites(args: Json): Site[] {
    const out: Site[] = [];
    sitesOf(args.name, "ResourceName", "name", ["name"], out);
    sitesOf(args.description, "NonEmptyString", "description", ["description"], out);
    sitesOf(args.tags, "TagMap", "tags", ["tags"], out);
    sitesOf(args.defaults, "Distribution", "defaults", ["defaults"], out);
    for (const [r, o] of Object.entries((args.overrides as Json | undefined) ?? {})) {
        sitesOf(o, "Distribution", key("overrides", r), ["overrides", r], out);
    }
    ((args.distributions as Json[] | undefined) ?? []).forEach((d, i) =>
        sitesOf(d, "Distribution", index("distributions", i), ["distributions", i], out),
    );
    return out;
}

/** Values that break one constraint of a shape (the current value is used to stay close to it). */
function invalidValues(shapeName: string, current: unknown): unknown[] {
    const shape = SHAPES[shapeName];
    switch (shape.type) {
        case "string": {
            const out: unknown[] = [42];
            if (shape.enum) {
                out.push(`${shape.enum[0].toLowerCase()}x`, "NOT_A_VALUE");
            }
            if (shape.pattern) {
                out.push(`!${typeof current === "string" ? current : ""}`);
            }
            if (shape.min !== undefined && shape.min > 0) {
                out.push("");
            }
            if (shape.max !== undefined) {
                out.push("x".repeat(shape.max + 1));
            }
            return out;
        }
        case "integer":
        case "long":
            return [
                ...(shape.min !== undefined ? [shape.min - 1] : []),
                ...(shape.max !== undefined ? [shape.max + 1] : []),
                2.5,
                "7",
            ];
        case "boolean":
            return ["true", 1];
        case "list": {
            if (shape.max === undefined || !Array.isArray(current) || current.length === 0) {
                return ["not a list"];
            }
            return [Array.from({ length: shape.max + 1 }, (_, i) => current[i % current.length]), "not a list"];
        }
        case "map": {
            if (shape.max === undefined || current === undefined) {
                return [["not a map"]];
            }
            const extra = Object.fromEntries(Array.from({ length: shape.max + 1 }, (_, i) => [`extra${i}`, "v"]));
            return [{ ...(current as Json), ...extra }, ["not a map"]];
        }
        case "structure":
            return ["not an object"];
        default:
            return [];
    }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function getAt(root: unknown, at: (string | number)[]): unknown {
    return at.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], root);
}

function setAt(root: Json, at: (string | number)[], value: unknown): void {
    const parent = getAt(root, at.slice(0, -1)) as Record<string | number, unknown>;
    parent[at[at.length - 1]] = value;
}

/** Renames a map key, keeping the order of the map. */
function renameKey(root: Json, at: (string | number)[], to: string): void {
    const mapAt = at.slice(0, -1);
    const from = at[at.length - 1] as string;
    const map = getAt(root, mapAt) as Json;
    setAt(root, mapAt, Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v])));
}

/** The account that deploys the generated configurations (none of them use it). */
const DEPLOYING_ACCOUNT = "999988887777";

/**
 * Asserts that the configuration fails, naming `path` in the error's message: at once, or (a rule that
 * needs the deploying account) once the component has looked that account up.
 */
function failsNaming(args: Json, path: string, code?: string): void {
    let thrown: unknown;
    try {
        const known = validateArgs("prop", args as never);
        assert.ok(known.needsDeployingAccount, `no error for a mutation at ${path}`);
        const { problems } = checkArgsView(args, [], DEPLOYING_ACCOUNT);
        thrown = new DistributionValidationError("prop", problems);
    } catch (e) {
        thrown = e;
    }
    assert.ok(thrown instanceof DistributionValidationError, `no error for a mutation at ${path}: ${String(thrown)}`);
    assert.ok(
        thrown.problems.some((p) => p.path === path && (code === undefined || p.code === code)),
        `no problem${code ? ` ${code}` : ""} at ${path}:\n${thrown.problems.map(formatProblem).join("\n")}`,
    );
    assert.ok(thrown.message.includes(`\n  - ${path}: got `), `the message does not name ${path}`);
}

/** Explicit entries, for the service rules that are tested on one region's own values. */
const explicitOf = (args: Json): Json[] => (args.distributions as Json[] | undefined) ?? [];

interface Mutation {
    name: string;
    /** The code of the rule the mutation breaks. */
    code: string;
    applies: (args: Json) => boolean;
    /** Mutates `args` (a copy) and returns the path that must be named. */
    apply: (args: Json, pick: number) => string;
}

const OTHER_ACCOUNT = "000000000042";

/**
 * A mutation of one explicit distribution (picked by `pick`): `change` mutates it and returns the path
 * inside it that must be named.
 */
function explicitMutation(name: string, code: string, change: (d: Json, pick: number) => string): Mutation {
    return {
        name,
        code,
        applies: (a) => explicitOf(a).length > 0,
        apply: (a, pick) => {
            const i = pick % explicitOf(a).length;
            return `${index("distributions", i)}.${change(explicitOf(a)[i], pick)}`;
        },
    };
}

/**
 * A mutation of one explicit distribution's AMI settings: `fields(region)` are set over them, and the path
 * of `member` must be named.
 */
function amiMutation(name: string, code: string, member: string, fields: (region: string) => Json): Mutation {
    return explicitMutation(name, code, (d) => {
        d.amiDistributionConfiguration = {
            ...((d.amiDistributionConfiguration as Json) ?? {}),
            ...fields(d.region as string),
        };
        return `amiDistributionConfiguration.${member}`;
    });
}

const SERVICE_MUTATIONS: Mutation[] = [
    {
        name: "a region of regions in capitals",
        code: "region-code",
        applies: () => true,
        apply: (a, pick) => {
            const regions = a.regions as string[];
            const i = pick % regions.length;
            regions[i] = regions[i].toUpperCase();
            return index("regions", i);
        },
    },
    {
        name: "an availability zone as an explicit region",
        code: "region-code",
        applies: (a) => explicitOf(a).length > 0,
        apply: (a, pick) => {
            const i = pick % explicitOf(a).length;
            explicitOf(a)[i].region = `${explicitOf(a)[i].region as string}a`;
            return `${index("distributions", i)}.region`;
        },
    },
    {
        name: "a region of regions repeated in distributions",
        code: "region-duplicate",
        applies: () => true,
        apply: (a, pick) => {
            const regions = a.regions as string[];
            const list = explicitOf(a);
            list.push({
                region: regions[pick % regions.length],
                launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }],
            });
            a.distributions = list;
            return `${index("distributions", list.length - 1)}.region`;
        },
    },
    {
        name: "an override of a region that is not listed",
        code: "override-unlisted-region",
        applies: (a) => !(a.regions as string[]).includes("zz-unlisted-9"),
        apply: (a) => {
            a.overrides = { ...((a.overrides as Json | undefined) ?? {}), "zz-unlisted-9": {} };
            return key("overrides", "zz-unlisted-9");
        },
    },
    {
        name: "a public AMI without allowPublicAmis",
        code: "public-ami-not-allowed",
        applies: (a) => explicitOf(a).length > 0,
        apply: (a, pick) => {
            const i = pick % explicitOf(a).length;
            const d = explicitOf(a)[i];
            const ami = (d.amiDistributionConfiguration as Json | undefined) ?? {};
            d.amiDistributionConfiguration = {
                ...ami,
                launchPermission: { ...((ami.launchPermission as Json) ?? {}), userGroups: ["all"] },
            };
            a.allowPublicAmis = false;
            return `${index("distributions", i)}.amiDistributionConfiguration.launchPermission.userGroups[0]`;
        },
    },
    amiMutation("a KMS key ARN of another region", "kms-key-region", "kmsKeyId", (region) => ({
        kmsKeyId: kmsArn(region === "us-west-2" ? "us-west-1" : "us-west-2", "111122223333"),
    })),

    amiMutation("a KMS key ARN of another partition", "kms-key-partition", "kmsKeyId", (region) => ({
        kmsKeyId: `arn:${partitionOf(region) === "aws" ? "aws-cn" : "aws"}:kms:${region}:111122223333:key/abc`,
    })),

    explicitMutation("fast launch with fewer than 6 parallel launches", "fast-launch-parallel-launches", (d, pick) => {
        d.fastLaunchConfigurations = [{ enabled: true, maxParallelLaunches: 1 + (pick % 5) }];
        return `fastLaunchConfigurations[0].maxParallelLaunches`;
    }),
    explicitMutation("a fast launch template by id and by name", "fast-launch-template-id-and-name", (d) => {
        d.fastLaunchConfigurations = [
            {
                enabled: true,
                launchTemplate: { launchTemplateId: "lt-0123456789abcdef0", launchTemplateName: "fast-launch" },
            },
        ];
        return `fastLaunchConfigurations[0].launchTemplate`;
    }),
    explicitMutation("an SSM account that is not a target account", "ssm-account", (d) => {
        const ami = (d.amiDistributionConfiguration as Json | undefined) ?? {};
        const targets = ((ami.targetAccountIds as string[] | undefined) ?? []).filter((t) => t !== OTHER_ACCOUNT);
        d.amiDistributionConfiguration = { ...ami, targetAccountIds: targets };
        d.ssmParameterConfigurations = [{ parameterName: "/golden/latest", amiAccountId: OTHER_ACCOUNT }];
        return `ssmParameterConfigurations[0].amiAccountId`;
    }),
    explicitMutation("an explicit distribution without output", "no-output", (d) => {
        for (const o of OUTPUTS) {
            delete d[o];
        }
        return `region`;
    }),
    amiMutation("an AMI name without {{ imagebuilder:buildDate }}", "ami-name-build-date", "name", () => ({
        name: "golden",
    })),

    amiMutation("an AMI name with a ':' outside the variables", "ami-name-characters", "name", () => ({
        name: "golden:1-{{ imagebuilder:buildDate }}",
    })),

    explicitMutation("an SSM parameter name under /aws", "ssm-parameter-name-prefix", (d, pick) => {
        d.ssmParameterConfigurations = [{ parameterName: pick % 2 ? "/aws/golden" : "SSM-golden" }];
        return `ssmParameterConfigurations[0].parameterName`;
    }),
    explicitMutation("a repository name with a registry host and a tag", "ecr-repository-name", (d) => {
        d.containerDistributionConfiguration = {
            targetRepository: {
                service: "ECR",
                repositoryName: "111122223333.dkr.ecr.us-east-1.amazonaws.com/golden:latest",
            },
        };
        return `containerDistributionConfiguration.targetRepository.repositoryName`;
    }),
    explicitMutation("the AWS managed key on an AMI copied to another account", "aws-managed-key-shared", (d) => {
        d.amiDistributionConfiguration = {
            ...((d.amiDistributionConfiguration as Json) ?? {}),
            kmsKeyId: "alias/aws/ebs",
            targetAccountIds: [OTHER_ACCOUNT],
            launchPermission: undefined,
        };
        delete d.ssmParameterConfigurations;
        return `amiDistributionConfiguration.kmsKeyId`;
    }),
    {
        name: "a region of another partition",
        code: "partition-mixed",
        applies: () => true,
        apply: (a) => {
            const list = explicitOf(a);
            const first = (a.regions as string[])[0];
            list.push({
                region: partitionOf(first) === "aws" ? "cn-north-1" : "us-east-1",
                launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }],
            });
            a.distributions = list;
            return `${index("distributions", list.length - 1)}.region`;
        },
    },
    {
        name: "an unknown argument",
        code: "unknown-argument",
        applies: () => true,
        apply: (a) => {
            a.region = a.regions;
            return "region";
        },
    },
];

describe("validation: properties", () => {
    it("accepts every configuration generated from the model and the service's rules", () => {
        fc.assert(
            fc.property(configArb, (args) => {
                const { problems } = checkArgsView(args);
                assert.deepStrictEqual(problems.map(formatProblem), []);
                validateArgs("prop", args as never);
            }),
            RUNS,
        );
    });

    it("generates configurations that use every field of a distribution", () => {
        // A guard on the generator: the properties below only mean something if it reaches every shape.
        const seen = new Set<string>();
        for (const args of fc.sample(configArb, { numRuns: 300, seed: 42 })) {
            for (const s of sites(args)) {
                seen.add(s.shape);
            }
        }
        const expected = Object.keys(SHAPES).filter(
            (s) => !["CreateDistributionConfigurationRequest", "DistributionList", "ClientToken"].includes(s),
        );
        assert.deepStrictEqual(
            expected.filter((s) => !seen.has(s)),
            [],
        );
    });

    it("rejects any one value of the model made invalid, naming its path", () => {
        const withSite = configArb.chain((args) => {
            const all = sites(args);
            return fc.record({ args: fc.constant(args), site: fc.constantFrom(...all), pick: fc.nat() });
        });
        fc.assert(
            fc.property(withSite, ({ args, site, pick }) => {
                const mutated = clone(args);
                let path = site.path;
                if (site.mapPath !== undefined) {
                    const to = `aws:${site.at[site.at.length - 1] as string}`;
                    fc.pre(!Object.prototype.hasOwnProperty.call(getAt(mutated, site.at.slice(0, -1)), to));
                    renameKey(mutated, site.at, to);
                    path = key(site.mapPath, to);
                } else {
                    const bad = invalidValues(site.shape, getAt(mutated, site.at));
                    setAt(mutated, site.at, bad[pick % bad.length]);
                }
                failsNaming(mutated, path);
            }),
            { numRuns: 200 },
        );
    });

    it("rejects each break of a service rule, naming its path", () => {
        const withMutation = fc.record({
            args: configArb,
            mutation: fc.constantFrom(...SERVICE_MUTATIONS),
            pick: fc.nat(),
        });
        fc.assert(
            fc.property(withMutation, ({ args, mutation, pick }) => {
                fc.pre(mutation.applies(args));
                const mutated = clone(args);
                const path = mutation.apply(mutated, pick);
                failsNaming(mutated, path, mutation.code);
            }),
            { numRuns: 200 },
        );
    });

    it("finds each break of a distribution's rule in regions that take defaults whole", () => {
        // The rules of a distribution, moved from an explicit distribution into defaults that two regions
        // take whole: every rule must still fire (the engine shares the work; no rule may need to know).
        const ofDistribution = SERVICE_MUTATIONS.filter((m) =>
            /^(an explicit|an availability|a public|a KMS|fast|a fast|an SSM|an AMI|a repository|the AWS)/.test(m.name),
        );
        const arb = fc.record({ args: configArb, mutation: fc.constantFrom(...ofDistribution), pick: fc.nat() });
        const fired = new Set<string>();
        fc.assert(
            fc.property(arb, ({ args, mutation, pick }) => {
                fc.pre(mutation.applies(args));
                const mutated = clone(args);
                const path = mutation.apply(mutated, pick);
                const i = Number(/^distributions\[(\d+)\]/.exec(path)![1]);
                const { region, ...settings } = explicitOf(mutated)[i];
                const other = region === "us-west-2" ? "us-east-2" : "us-west-2";
                const whole: Json = { regions: [region, other], defaults: settings };
                for (const k of ["allowPublicAmis", "backend"]) {
                    if (mutated[k] !== undefined) {
                        whole[k] = mutated[k];
                    }
                }
                const expected = path.endsWith("].region")
                    ? "regions[0]"
                    : path.replace(/^distributions\[\d+\]/, "defaults");
                const { problems } = checkArgsView(whole, [], DEPLOYING_ACCOUNT);
                assert.ok(
                    problems.some((p) => p.code === mutation.code && p.path === expected),
                    `no ${mutation.code} at ${expected}:\n${problems.map(formatProblem).join("\n")}`,
                );
                fired.add(mutation.code);
            }),
            { numRuns: 200 },
        );
        assert.deepStrictEqual(
            ofDistribution.map((m) => m.code).filter((c) => !fired.has(c)),
            [],
            "every rule was tried",
        );
    });

    it("finds the same in regions that share defaults as in the same regions merged one by one", () => {
        // Regions without an override share what the rules found in defaults; an empty override makes a
        // region's entry its own merge, checked from scratch. Both must find exactly the same, for valid
        // configurations and for each break of a value or a service rule.
        const arb = fc.record({
            args: configArb,
            mutation: fc.option(fc.constantFrom(...SERVICE_MUTATIONS), { nil: undefined }),
            site: fc.nat(),
            pick: fc.nat(),
        });
        let compared = 0;
        fc.assert(
            fc.property(arb, ({ args, mutation, site, pick }) => {
                const mutated = clone(args);
                if (mutation !== undefined && mutation.applies(mutated)) {
                    mutation.apply(mutated, pick);
                } else {
                    const all = sites(mutated).filter((x) => x.mapPath === undefined && x.at[0] === "defaults");
                    if (all.length > 0) {
                        const chosen = all[site % all.length];
                        const bad = invalidValues(chosen.shape, getAt(mutated, chosen.at));
                        setAt(mutated, chosen.at, bad[pick % bad.length]);
                    }
                }
                const overrides = { ...((mutated.overrides as Json | undefined) ?? {}) };
                for (const r of mutated.regions as string[]) {
                    overrides[r] ??= {};
                }
                const shared = checkArgsView(mutated);
                const alone = checkArgsView({ ...mutated, overrides });
                assert.deepStrictEqual(shared, alone);
                compared += shared.problems.length;
            }),
            { numRuns: 200 },
        );
        assert.ok(compared > 0, "some of the generated configurations have problems to compare");
    });

    it("reports a mutation of a default once, however many regions use it", () => {
        const arb = configArb.filter((a) => Array.isArray((a.defaults as Json).launchTemplateConfigurations));
        fc.assert(
            fc.property(arb, (args) => {
                const mutated = clone(args);
                ((mutated.defaults as Json).launchTemplateConfigurations as Json[])[0].launchTemplateId = "lt-bad";
                const path = "defaults.launchTemplateConfigurations[0].launchTemplateId";
                const { problems } = checkArgsView(mutated);
                assert.strictEqual(problems.filter((p) => p.path === path).length, 1);
            }),
            { numRuns: 100 },
        );
    });
});
