/**
 * The policy pack's policies, without serving them: raw DistributionConfigurations of both providers
 * (their properties as the engine sends them, deserialized as @pulumi/policy's server does), good and
 * bad, in preview and with secrets; the config; the stack rule; the @pulumi/policy internals the pack
 * relies on; and parity: what the component itself renders passes the pack.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    NotApplicable,
    WIRE_UNKNOWN,
    propsOf,
    recorder,
    resourceArgs,
    stackArgs,
    stackResource,
    wireSecret,
    Violation,
} from "./policyHarness";
import { Harness, setupMocks, settle, valueOf } from "./harness";
import { ACCOUNT_A, everyFieldArgs, KMS_EU } from "./fixtures/full";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    NAME_COLLISION_RULE,
    PACK_NAME,
    PACK_RULES,
    PROVIDER_CHECKED_RULES,
    PUBLIC_AMI_RULE,
    nameCollisionPolicy,
    packPolicies,
} from "../policy/policies";
import {
    AWS_NATIVE_TYPE,
    AWS_TYPE,
    checkResource,
    parsePath,
    plainOf,
    toArgs,
    translatePath,
} from "../policy/resources";
import { secretPathsOf, secretTrackingInstalled, wireSecretPaths } from "../policy/internals";
import { RULES, UNKNOWN } from "../components";

const ROOT = path.resolve(__dirname, "..");
const TYPES = [AWS_TYPE, AWS_NATIVE_TYPE] as const;

const resourcePolicies = () =>
    packPolicies().filter((p): p is ResourceValidationPolicy => "validateResource" in p && !!p.validateResource);

/** Every violation the resource policies report for a resource, by policy, with a config per policy. */
function violations(
    type: string,
    wire: Record<string, unknown>,
    config: Record<string, Record<string, unknown>> = {},
    name = "web",
    providerWire?: Record<string, unknown>,
): { policy: string; message: string }[] {
    const out: { policy: string; message: string }[] = [];
    const provider = providerWire && { type: `pulumi:providers:${type.split(":")[0]}`, wire: providerWire };
    for (const p of resourcePolicies()) {
        const r = recorder();
        try {
            void (p.validateResource as (a: unknown, r: unknown) => void)(
                resourceArgs(type, name, wire, config[p.name] ?? {}, provider),
                r.report,
            );
        } catch (e) {
            if (!(e instanceof NotApplicable)) {
                throw e;
            }
            out.push({ policy: p.name, message: e.message });
        }
        out.push(...r.violations.map((v: Violation) => ({ policy: p.name, message: v.message })));
    }
    return out;
}

const lpOf = (type: string) => (type === AWS_NATIVE_TYPE ? "launchPermissionConfiguration" : "launchPermission");
const dvOf = (type: string) => (type === AWS_NATIVE_TYPE ? "setDefaultVersion" : "default");

/** A valid configuration in a provider's spelling. */
function good(type: string): Record<string, unknown> {
    return {
        name: "golden-images",
        distributions: [
            {
                region: "us-east-1",
                amiDistributionConfiguration: {
                    name: "golden-{{ imagebuilder:buildDate }}",
                    [lpOf(type)]: { userIds: ["210987654321"] },
                },
                launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0", [dvOf(type)]: true }],
            },
        ],
        tags: { team: "platform" },
        ...(type === AWS_TYPE ? { region: "us-east-1", tagsAll: { team: "platform" }, arn: "arn:x" } : {}),
    };
}

type Dist = Record<string, Record<string, unknown>>;
const dist0 = (wire: Record<string, unknown>) => (wire.distributions as Dist[])[0];

describe("policy pack: conversion and paths", () => {
    it("converts @pulumi/aws inputs to the component's arguments through the field map", () => {
        const plain = plainOf(propsOf(good(AWS_TYPE)));
        const { args } = toArgs("aws", plain, []);
        assert.deepStrictEqual(args, {
            backend: "aws",
            name: "golden-images",
            tags: { team: "platform" },
            distributions: [
                {
                    region: "us-east-1",
                    amiDistributionConfiguration: {
                        name: "golden-{{ imagebuilder:buildDate }}",
                        launchPermission: { userIds: ["210987654321"] },
                    },
                    launchTemplateConfigurations: [
                        { launchTemplateId: "lt-0123456789abcdef0", setDefaultVersion: true },
                    ],
                },
            ],
            homeRegion: "us-east-1",
        });
    });

    it("converts @pulumi/aws-native inputs (launchPermissionConfiguration) to the API's names", () => {
        const { args } = toArgs("aws-native", plainOf(propsOf(good(AWS_NATIVE_TYPE))), []);
        const d = (args.distributions as Dist[])[0];
        assert.deepStrictEqual(d.amiDistributionConfiguration.launchPermission, { userIds: ["210987654321"] });
        assert.ok(!("launchPermissionConfiguration" in d.amiDistributionConfiguration));
        assert.strictEqual(args.backend, "aws-native");
        assert.ok(!("homeRegion" in args));
    });

    it("translates paths both ways, only where the field is", () => {
        const cases: [string, "aws" | "aws-native", string, string][] = [
            [
                "lp",
                "aws-native",
                "distributions[0].amiDistributionConfiguration.launchPermissionConfiguration.userIds[1]",
                "distributions[0].amiDistributionConfiguration.launchPermission.userIds[1]",
            ],
            [
                "default",
                "aws",
                "distributions[2].launchTemplateConfigurations[1].default",
                "distributions[2].launchTemplateConfigurations[1].setDefaultVersion",
            ],
            ["home region", "aws", "region", "homeRegion"],
            ["a region of a distribution", "aws", "distributions[0].region", "distributions[0].region"],
            [
                "a tag named like a field",
                "aws-native",
                'distributions[0].amiDistributionConfiguration.amiTags["launchPermissionConfiguration"]',
                'distributions[0].amiDistributionConfiguration.amiTags["launchPermissionConfiguration"]',
            ],
        ];
        for (const [label, provider, resource, api] of cases) {
            assert.strictEqual(translatePath(provider, resource, true), api, label);
            assert.strictEqual(translatePath(provider, api, false), resource, label);
        }
        assert.deepStrictEqual(parsePath('a.b[0]["k.x"]'), [
            { member: "a" },
            { member: "b" },
            { index: 0 },
            { key: "k.x" },
        ]);
    });

    it("reads unknown values as UNKNOWN and the secret paths as the engine sent them", () => {
        const wire = good(AWS_NATIVE_TYPE);
        dist0(wire).amiDistributionConfiguration.kmsKeyId = wireSecret("k");
        wire.tags = { team: wireSecret("x"), "cost-center": wireSecret("y") };
        wire.description = WIRE_UNKNOWN;
        const props = propsOf(wire);
        assert.strictEqual((plainOf(props) as Record<string, unknown>).description, UNKNOWN);
        assert.deepStrictEqual([...secretPathsOf(props)!].sort(), [
            "distributions[0].amiDistributionConfiguration.kmsKeyId",
            "tags.team",
            'tags["cost-center"]',
        ]);
        assert.deepStrictEqual(wireSecretPaths([wireSecret(1)]), ["[0]"]);
    });
});

describe("policy pack: the policies", () => {
    it("serves one policy per rule, named by its code, mandatory for problems and advisory for warnings", () => {
        const policies = packPolicies();
        assert.deepStrictEqual(
            policies.map((p) => p.name),
            [...PACK_RULES.map((r) => r.code), NAME_COLLISION_RULE],
        );
        assert.deepStrictEqual(
            PACK_RULES.map((r) => r.code),
            RULES.filter((r) => !r.acrossConfigurations).map((r) => r.code),
        );
        assert.ok(RULES.some((r) => r.code === PUBLIC_AMI_RULE));
        // The stack policy is the registry's rule across configurations, by its code and description.
        const across = RULES.filter((r) => r.acrossConfigurations);
        assert.deepStrictEqual(
            across.map((r) => r.code),
            [NAME_COLLISION_RULE],
        );
        assert.strictEqual(NAME_COLLISION_RULE, "name-collision");
        const stackPolicy = policies.find((p) => p.name === NAME_COLLISION_RULE)!;
        assert.strictEqual(stackPolicy.description, across[0].description);
        assert.strictEqual(stackPolicy.enforcementLevel, "mandatory");
        assert.ok(!("validateResource" in stackPolicy) && "validateStack" in stackPolicy);
        for (const rule of PACK_RULES) {
            const p = policies.find((x) => x.name === rule.code)!;
            const advisory = rule.warning || PROVIDER_CHECKED_RULES.includes(rule.code);
            assert.strictEqual(p.enforcementLevel, advisory ? "advisory" : "mandatory", rule.code);
            assert.ok(p.description.length > 20, rule.code);
        }
        // What only a provider newer than the model can send is not failed; what AWS rejects is.
        const level = (code: string) => policies.find((p) => p.name === code)!.enforcementLevel;
        assert.strictEqual(level("model-unknown-member"), "advisory");
        assert.strictEqual(level("s3-export-aws-native"), "advisory");
        assert.strictEqual(level("model-type"), "mandatory");
        assert.strictEqual(level("kms-key-region"), "mandatory");
        const pub = policies.find((p) => p.name === PUBLIC_AMI_RULE)!;
        assert.deepStrictEqual(Object.keys(pub.configSchema!.properties!), ["allowPublicAmis"]);
        assert.strictEqual(PACK_NAME, "imagebuilder-distribution");
    });

    for (const type of TYPES) {
        describe(type, () => {
            const lp = lpOf(type);

            it("passes a valid configuration", () => {
                assert.deepStrictEqual(violations(type, good(type)), []);
            });

            it("says every policy is not applicable to a resource of another type, and reports nothing", () => {
                const out = violations("aws:s3/bucket:Bucket", { name: "!" });
                assert.deepStrictEqual(
                    out.map((v) => v.policy),
                    resourcePolicies().map((p) => p.name),
                );
                for (const v of out) {
                    assert.strictEqual(
                        v.message,
                        `not applicable: applies only to ${AWS_TYPE} and ${AWS_NATIVE_TYPE} resources`,
                    );
                }
            });

            it("reports a bad value at the resource's path, with the value, the rule's code and the fix", () => {
                const wire = good(type);
                dist0(wire).amiDistributionConfiguration[lp] = { userIds: ["210987654321", "12345"] };
                const vs = violations(type, wire);
                assert.strictEqual(vs.length, 1, JSON.stringify(vs));
                const [v] = vs;
                assert.ok(PACK_RULES.some((r) => r.code === v.policy && !r.warning));
                const label = type === AWS_TYPE ? "aws" : "aws-native";
                assert.match(
                    v.message,
                    new RegExp(
                        `^${label}\\.imagebuilder\\.DistributionConfiguration "web": distributions\\[0\\]\\.amiDistributionConfiguration\\.${lp}\\.userIds\\[1\\]: got "12345"; .*12 digits.*\\(rule ${v.policy}\\)\\. Fix: .+\\.$`,
                    ),
                );
            });

            it("ignores the __defaults member the Terraform bridge adds to each block of checked inputs", () => {
                const wire = good(type);
                const d = dist0(wire) as Record<string, unknown>;
                d.launchTemplateConfigurations = [
                    { __defaults: ["default"], default: true, launchTemplateId: "lt-0123456789abcdef0" },
                ];
                (d.amiDistributionConfiguration as Record<string, unknown>).__defaults = [];
                d.__defaults = [];
                const vs = violations(type, wire);
                if (type === AWS_TYPE) {
                    assert.deepStrictEqual(vs, []);
                } else {
                    // aws-native is no bridged provider: a member of that name is no field there.
                    assert.ok(
                        vs.length > 0 && vs.every((v) => v.policy === "model-unknown-member"),
                        JSON.stringify(vs),
                    );
                }
            });

            if (type === AWS_TYPE) {
                it("leaves out what the bridge filled with Terraform's defaults: maxParallelLaunches 0 is not the user's", () => {
                    const wire = good(type);
                    const fastLaunch = (maxParallelLaunches: number, defaults: string[]) => [
                        {
                            __defaults: defaults,
                            accountId: "111122223333",
                            enabled: false,
                            maxParallelLaunches,
                        },
                    ];
                    (dist0(wire) as Record<string, unknown>).fastLaunchConfigurations = fastLaunch(0, [
                        "maxParallelLaunches",
                    ]);
                    assert.deepStrictEqual(violations(type, wire), []);
                    // The same 0 written by the user is checked.
                    (dist0(wire) as Record<string, unknown>).fastLaunchConfigurations = fastLaunch(0, []);
                    assert.deepStrictEqual(
                        violations(type, wire).map((v) => v.policy),
                        ["model-range"],
                    );
                });
            }

            it("keeps an AMI tag named __defaults: a map's keys are the user's", () => {
                const wire = good(type);
                const ami = dist0(wire).amiDistributionConfiguration as Record<string, unknown>;
                ami.amiTags = { __defaults: "x".repeat(257) };
                const vs = violations(type, wire);
                assert.deepStrictEqual(
                    vs.map((v) => v.policy),
                    ["model-length"],
                );
            });

            it("spells the launch template's default as the resource does", () => {
                const wire = good(type);
                (dist0(wire) as Record<string, unknown>).launchTemplateConfigurations = [
                    { launchTemplateId: "lt-0123456789abcdef0", [dvOf(type)]: "yes" },
                ];
                const [v, ...rest] = violations(type, wire);
                assert.deepStrictEqual(rest, []);
                assert.ok(v.message.includes(`launchTemplateConfigurations[0].${dvOf(type)}: got "yes"`), v.message);
            });

            it("reports through the policy of the rule's code, at the level of the rule's severity", () => {
                const wire = good(type);
                dist0(wire).amiDistributionConfiguration.name = "golden-ami";
                const vs = violations(type, wire);
                assert.deepStrictEqual(
                    vs.map((v) => v.policy),
                    ["ami-name-build-date"],
                );
                assert.match(vs[0].message, /amiDistributionConfiguration\.name: .*"golden-ami"/);
                const rule = RULES.find((r) => r.code === "ami-name-build-date")!;
                const policy = packPolicies().find((p) => p.name === rule.code)!;
                assert.strictEqual(policy.enforcementLevel, rule.severity === "warning" ? "advisory" : "mandatory");
            });

            it("rejects a public AMI unless the config allows public AMIs", () => {
                const wire = good(type);
                dist0(wire).amiDistributionConfiguration[lp] = { userGroups: ["all"] };
                const vs = violations(type, wire);
                assert.strictEqual(vs.length, 1, JSON.stringify(vs));
                assert.strictEqual(vs[0].policy, PUBLIC_AMI_RULE);
                assert.ok(vs[0].message.includes(`${lp}.userGroups[0]: got "all"`), vs[0].message);
                assert.ok(vs[0].message.includes("allowPublicAmis: true in the policy pack's config"), vs[0].message);
                assert.deepStrictEqual(violations(type, wire, { [PUBLIC_AMI_RULE]: { allowPublicAmis: true } }), []);
                // The config of another rule does not allow it.
                const other = PACK_RULES.find((r) => r.code !== PUBLIC_AMI_RULE)!.code;
                assert.strictEqual(violations(type, wire, { [other]: { allowPublicAmis: true } }).length, 1);
            });

            it("reports aws/ebs copied to two target accounts without knowing the deploying account", () => {
                const wire = good(type);
                const ami = dist0(wire).amiDistributionConfiguration;
                ami.kmsKeyId = "alias/aws/ebs";
                delete ami[lp]; // shared with no one by launch permissions
                // One target account may be the deploying one, which a policy does not know: undecided.
                ami.targetAccountIds = ["210987654321"];
                assert.deepStrictEqual(violations(type, wire), []);
                // Of two, at least one is another account, whose copy fails.
                ami.targetAccountIds = ["210987654321", "345678901234"];
                const vs = violations(type, wire);
                assert.deepStrictEqual(
                    vs.map((v) => v.policy),
                    ["aws-managed-key-shared"],
                );
                assert.match(vs[0].message, /at least one of 210987654321, 345678901234/);
            });

            it("never prints a secret value, and still checks it", () => {
                const wire = good(type);
                const secretKey = "arn:aws:kms:eu-west-1:111122223333:key/secret-key-0001";
                dist0(wire).amiDistributionConfiguration.kmsKeyId = wireSecret(secretKey);
                dist0(wire).amiDistributionConfiguration[lp] = { userIds: [wireSecret("12345")] };
                const text = violations(type, wire)
                    .map((v) => v.message)
                    .join("\n");
                assert.match(text, new RegExp(`${lp}\\.userIds\\[0\\]: got \\[secret\\]`));
                assert.match(text, /kmsKeyId: got \[secret\]/);
                assert.ok(
                    !text.includes("12345") && !text.includes("secret-key-0001") && !text.includes("eu-west-1"),
                    text,
                );
            });

            it("skips values unknown in preview and checks the known ones", () => {
                const wire = good(type);
                dist0(wire).amiDistributionConfiguration[lp] = { userIds: [WIRE_UNKNOWN, "12345"] };
                dist0(wire).amiDistributionConfiguration.kmsKeyId = WIRE_UNKNOWN;
                (wire.distributions as unknown[]).push(WIRE_UNKNOWN, {
                    region: WIRE_UNKNOWN,
                    amiDistributionConfiguration: WIRE_UNKNOWN,
                });
                wire.name = WIRE_UNKNOWN;
                const vs = violations(type, wire);
                assert.strictEqual(vs.length, 1, JSON.stringify(vs));
                assert.ok(vs[0].message.includes(`${lp}.userIds[1]: got "12345"`), vs[0].message);
                // Wholly unknown distributions: nothing to say.
                assert.deepStrictEqual(violations(type, { name: "golden", distributions: WIRE_UNKNOWN }), []);
            });
        });
    }

    it("rejects an S3 export on aws-native, which has none, and takes it on aws", () => {
        const s3 = { roleName: "r", diskImageFormat: "RAW", s3Bucket: "b" };
        const native = good(AWS_NATIVE_TYPE);
        dist0(native).s3ExportConfiguration = s3;
        assert.match(
            violations(AWS_NATIVE_TYPE, native)
                .map((v) => v.message)
                .join("\n"),
            /s3ExportConfiguration: .*aws-native/,
        );
        const aws = good(AWS_TYPE);
        dist0(aws).s3ExportConfiguration = s3;
        assert.deepStrictEqual(violations(AWS_TYPE, aws), []);
    });

    it("checks the resource's home region on aws", () => {
        const vs = violations(AWS_TYPE, { ...good(AWS_TYPE), region: "Europe (Ireland)" });
        assert.strictEqual(vs.length, 1, JSON.stringify(vs));
        assert.match(vs[0].message, /"web": region: got "Europe \(Ireland\)"/);
    });

    it("takes the provider's region as the home region where the resource names none", () => {
        const cn = { region: "cn-north-1" };
        const native = violations(AWS_NATIVE_TYPE, good(AWS_NATIVE_TYPE), {}, "web", cn);
        assert.deepStrictEqual(
            native.map((v) => v.policy),
            ["partition-mixed"],
        );
        assert.match(native[0].message, /the home region cn-north-1 is in partition aws-cn/);
        assert.deepStrictEqual(
            violations(AWS_NATIVE_TYPE, good(AWS_NATIVE_TYPE), {}, "web", { region: "us-west-2" }),
            [],
        );
        // On aws the resource's own region is the home region; without it, the provider's.
        assert.deepStrictEqual(violations(AWS_TYPE, good(AWS_TYPE), {}, "web", cn), []);
        const { region: _own, ...noRegion } = good(AWS_TYPE);
        assert.deepStrictEqual(
            violations(AWS_TYPE, noRegion, {}, "web", cn).map((v) => v.policy),
            ["partition-mixed"],
        );
        // A secret or unknown region is left out, never printed.
        const hidden = violations(AWS_NATIVE_TYPE, good(AWS_NATIVE_TYPE), {}, "web", {
            region: wireSecret("cn-north-1"),
        });
        assert.deepStrictEqual(hidden, []);
        assert.deepStrictEqual(
            violations(AWS_NATIVE_TYPE, good(AWS_NATIVE_TYPE), {}, "web", { region: WIRE_UNKNOWN }),
            [],
        );
    });

    it("treats every value as secret when the secret paths cannot be known", () => {
        const wire = good(AWS_TYPE);
        dist0(wire).amiDistributionConfiguration[lpOf(AWS_TYPE)] = { userIds: ["12345"] };
        // Plain data, not props from the server: nothing says which values are secret.
        const checked = checkResource(AWS_TYPE, "web", JSON.parse(JSON.stringify(wire)));
        assert.deepStrictEqual(checked.secretPaths, [""]);
        assert.strictEqual(checked.findings.length, 1);
        assert.match(checked.findings[0].message, /got \[secret\]/);
        assert.ok(!checked.findings[0].message.includes("12345"));
    });
});

describe("policy pack: names that normalize alike (stack)", () => {
    const stack = (resources: ReturnType<typeof stackResource>[]) => {
        const r = recorder();
        void (nameCollisionPolicy() as StackValidationPolicy).validateStack(stackArgs(resources), r.report);
        return r.violations;
    };
    const withName = (type: string, name: unknown, extra: Record<string, unknown> = {}) => ({
        ...good(type),
        name,
        ...extra,
    });

    it("normalizes case, spaces and underscores as Image Builder does, and nothing else", () => {
        assert.strictEqual(
            stack([
                stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "Golden Images_v2")),
                stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "golden-images-v2")),
            ]).length,
            1,
        );
        assert.deepStrictEqual(
            stack([
                stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "golden.images")),
                stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "golden-images")),
            ]),
            [],
        );
    });

    it("reports the second of two configurations in one account and region, naming the first", () => {
        const vs = stack([
            stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "Golden Images")),
            stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "golden_images")),
        ]);
        assert.strictEqual(vs.length, 1);
        assert.strictEqual(vs[0].urn, "urn:pulumi:stack::project::" + AWS_TYPE + "::b");
        assert.match(
            vs[0].message,
            /"b": name: got "golden_images"; .*"Golden Images" of .*"a" \(both "golden-images"\)/,
        );
        assert.ok(vs[0].message.includes(`(rule ${NAME_COLLISION_RULE})`));
    });

    it("tells regions and accounts apart: the resource's region, the provider's, the ARN's", () => {
        assert.deepStrictEqual(
            stack([
                stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "golden")),
                stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "GOLDEN", { region: "eu-west-1" })),
            ]),
            [],
        );
        const provider = (region: string) => ({ urn: `urn:p::${region}`, wire: { region } });
        assert.deepStrictEqual(
            stack([
                stackResource(AWS_NATIVE_TYPE, "n1", withName(AWS_NATIVE_TYPE, "golden"), provider("us-east-1")),
                stackResource(AWS_NATIVE_TYPE, "n2", withName(AWS_NATIVE_TYPE, "golden"), provider("eu-west-1")),
            ]).length,
            0,
        );
        assert.strictEqual(
            stack([
                stackResource(AWS_NATIVE_TYPE, "n1", withName(AWS_NATIVE_TYPE, "golden"), provider("us-east-1")),
                stackResource(AWS_NATIVE_TYPE, "n2", withName(AWS_NATIVE_TYPE, "Golden"), provider("us-east-1")),
            ]).length,
            1,
        );
        // A secret provider region is compared as well (it is never shown): the resource's own region
        // and its provider's are the same home region.
        const secretRegion = { urn: "urn:p::secret", wire: { region: wireSecret("us-east-1") } };
        const { region: _own, ...withoutRegion } = withName(AWS_TYPE, "Golden") as Record<string, unknown>;
        const viaSecret = stack([
            stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "golden"), secretRegion),
            stackResource(AWS_TYPE, "b", withoutRegion, secretRegion),
        ]);
        assert.strictEqual(viaSecret.length, 1);
        const arn = (account: string) => `arn:aws:imagebuilder:us-east-1:${account}:distribution-configuration/golden`;
        assert.deepStrictEqual(
            stack([
                stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "golden", { arn: arn("111111111111") })),
                stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "golden", { arn: arn("222222222222") })),
            ]),
            [],
        );
    });

    it("compares a new configuration (ARN unknown in preview) with the existing ones of its provider, and blames the new one", () => {
        const provider = { urn: "urn:p::default", wire: { region: "us-east-1" } };
        const existing = stackResource(
            AWS_TYPE,
            "z-existing",
            withName(AWS_TYPE, "golden-images", {
                arn: "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden-images",
            }),
            provider,
        );
        const added = stackResource(
            AWS_TYPE,
            "a-new",
            withName(AWS_TYPE, "Golden_Images", { arn: WIRE_UNKNOWN }),
            provider,
        );
        for (const order of [
            [existing, added],
            [added, existing],
        ]) {
            const vs = stack(order);
            assert.strictEqual(vs.length, 1, JSON.stringify(vs));
            assert.strictEqual(vs[0].urn, added.urn);
            assert.match(vs[0].message, /"a-new": name: got "Golden_Images"; .*"golden-images" of .*"z-existing"/);
        }
        // The ARN tells the region of a provider that names none, and a new configuration of another
        // provider (another account, as far as the stack tells) is not compared.
        const noRegion = { urn: "urn:p::no-region", wire: {} };
        const { region: _r, ...unset } = withName(AWS_TYPE, "Golden_Images") as Record<string, unknown>;
        assert.strictEqual(
            stack([
                stackResource(AWS_TYPE, "old", { ...unset, name: "golden-images", arn: existing.props.arn }, noRegion),
                stackResource(AWS_TYPE, "new", { ...unset, arn: WIRE_UNKNOWN }, noRegion),
            ]).length,
            1,
        );
        assert.deepStrictEqual(
            stack([
                existing,
                stackResource(AWS_TYPE, "other", withName(AWS_TYPE, "Golden_Images"), {
                    urn: "urn:p::other",
                    wire: { region: "us-east-1" },
                }),
            ]),
            [],
        );
    });

    it("blames the same configuration whatever order the engine lists them in", () => {
        const a = stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "Golden Images"));
        const b = stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "golden_images"));
        assert.deepStrictEqual(stack([b, a]), stack([a, b]));
        assert.strictEqual(stack([b, a])[0].urn, b.urn);
    });

    it("is not applicable to a stack without distribution configurations", () => {
        assert.throws(
            () => stack([stackResource("aws:s3/bucket:Bucket", "bucket", { bucket: "b" })]),
            (e: unknown) => e instanceof NotApplicable && /has no aws:imagebuilder/.test(String(e.reason)),
        );
        assert.deepStrictEqual(stack([stackResource(AWS_TYPE, "only", withName(AWS_TYPE, "golden"))]), []);
    });

    it("compares no configuration whose own region is unknown in preview: it may resolve to any region", () => {
        const provider = { urn: "urn:p::us-east-1", wire: { region: "us-east-1" } };
        assert.deepStrictEqual(
            stack([
                stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "golden", { region: WIRE_UNKNOWN }), provider),
                stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "Golden", { region: "us-east-1" }), provider),
            ]),
            [],
        );
    });

    it("shows no other name when the colliding name is secret: its normalized form would tell the secret", () => {
        const vs = stack([
            stackResource(AWS_TYPE, "a", withName(AWS_TYPE, "hidden name")),
            stackResource(AWS_TYPE, "b", withName(AWS_TYPE, wireSecret("Hidden_Name"))),
        ]);
        assert.strictEqual(vs.length, 1);
        assert.match(vs[0].message, /"b": name: got \[secret\]; it normalizes like the name \[secret\] of .*"a"/);
        assert.ok(!/hidden/i.test(vs[0].message), vs[0].message);
    });

    it("skips unknown names and shows neither a secret name nor a plain one alike to it", () => {
        const vs = stack([
            stackResource(AWS_TYPE, "a", withName(AWS_TYPE, wireSecret("Hidden_Name"))),
            stackResource(AWS_TYPE, "u", withName(AWS_TYPE, WIRE_UNKNOWN)),
            stackResource(AWS_TYPE, "b", withName(AWS_TYPE, "hidden name")),
        ]);
        assert.strictEqual(vs.length, 1);
        assert.match(vs[0].message, /got \[secret\]; it normalizes like the name \[secret\] of/);
        assert.ok(!/hidden/i.test(vs[0].message), vs[0].message);
    });
});

describe("policy pack: @pulumi/policy internals it relies on", () => {
    // If @pulumi/policy changes how its server deserializes properties, these fail: the pack then
    // redacts every value (safe, but unhelpful) and internals.ts must follow the change.
    it("is installed around the function the server calls", () => {
        assert.strictEqual(secretTrackingInstalled, true);
    });

    it("gives a policy served by @pulumi/policy's own Analyze handler the secret paths and unknowns", async () => {
        const server = require("@pulumi/policy/server") as {
            makeAnalyzeRpcFun(
                name: string,
                version: string,
                level: string,
                policies: unknown[],
            ): (call: unknown, cb: (err: unknown, res: unknown) => void) => Promise<void>;
        };
        const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
        const seen: { secrets?: readonly string[]; plain?: unknown }[] = [];
        const probe = {
            name: "probe",
            description: "records what a policy sees",
            validateResource: (args: { props: unknown }) => {
                seen.push({ secrets: secretPathsOf(args.props), plain: plainOf(args.props) });
            },
        };
        const wire = good(AWS_TYPE);
        dist0(wire).amiDistributionConfiguration.kmsKeyId = wireSecret("k");
        wire.description = WIRE_UNKNOWN;
        const req = new analyzerPb.AnalyzeRequest();
        req.setType(AWS_TYPE);
        req.setName("web");
        req.setUrn("urn:pulumi:stack::project::x::web");
        req.setProperties(Struct.fromJavaScript(wire));
        req.setOptions(new analyzerPb.AnalyzerResourceOptions());
        await new Promise<void>(
            (resolve, reject) =>
                void server.makeAnalyzeRpcFun("p", "1.0.0", "mandatory", [probe])({ request: req }, (err) =>
                    err ? reject(err) : resolve(),
                ),
        );
        assert.strictEqual(seen.length, 1);
        assert.deepStrictEqual(seen[0].secrets, ["distributions[0].amiDistributionConfiguration.kmsKeyId"]);
        const plain = seen[0].plain as Record<string, unknown>;
        assert.strictEqual(plain.description, UNKNOWN);
        assert.strictEqual(dist0(plain).amiDistributionConfiguration.kmsKeyId, "k");
    });
});

describe("policy pack: parity with the component", () => {
    let h: Harness;
    for (const backend of ["aws", "aws-native"] as const) {
        it(`passes what the component renders on ${backend} (every field, a secret key, a home region)`, async () => {
            h = setupMocks({ project: "golden", stack: "dev" });
            const { MultiRegionDistribution } = require("../components") as typeof import("../components");
            const args = everyFieldArgs() as { overrides: Record<string, Dist> };
            args.overrides["eu-west-1"].amiDistributionConfiguration.kmsKeyId = pulumi.secret(KMS_EU);
            const d = new MultiRegionDistribution("golden", {
                ...(args as object),
                ...(backend === "aws" ? { homeRegion: "us-west-2" } : {}),
                backend,
            } as ConstructorParameters<typeof MultiRegionDistribution>[1]);
            await valueOf(d.arn);
            await settle(10);
            const type = backend === "aws" ? AWS_TYPE : AWS_NATIVE_TYPE;
            const child = h.one(type);
            assert.ok(
                JSON.stringify(child.wire).includes("1b47061264138c4ac30d75fd1eb44270"),
                "the key is sent secret",
            );
            assert.ok(JSON.stringify(child.wire).includes(ACCOUNT_A));
            // Nothing mandatory: the component accepted it. Advisory ones are the warnings it logged too.
            const warnings = new Set(RULES.filter((r) => r.severity === "warning").map((r) => r.code));
            assert.deepStrictEqual(
                violations(type, child.wire, {}, child.name).filter((v) => !warnings.has(v.policy)),
                [],
            );
            // And the pack does see what it checks: the same resource with a bad account id is reported.
            const bad = JSON.parse(JSON.stringify(child.wire).replace(`"${ACCOUNT_A}"`, '"1111"'));
            assert.ok(violations(type, bad, {}, child.name).length > 0);
        });
    }
});

describe("policy pack: the package", () => {
    const pkg = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), "utf8")) as Record<string, unknown>;

    it("depends on the library's current version, by its npm name", () => {
        const root = pkg("package.json");
        const pack = pkg("policy/package.json");
        const deps = pack.dependencies as Record<string, string>;
        assert.strictEqual(pack.version, root.version);
        const range = deps[root.name as string];
        assert.ok(range, "the pack depends on the library");
        const semver = require(
            require.resolve("semver", { paths: [path.join(ROOT, "node_modules", "@pulumi", "pulumi")] }),
        );
        assert.ok(semver.satisfies(root.version, range), `${range} does not take ${root.version}`);
        assert.ok(deps["@pulumi/policy"] && deps["@pulumi/pulumi"]);
    });

    it("is not part of the library's npm package", () => {
        const files = pkg("package.json").files as string[];
        assert.ok(!files.some((f) => f.startsWith("policy")), JSON.stringify(files));
        assert.ok(!files.some((f) => f === "lib/**/*.js" && fs.existsSync(path.join(ROOT, "lib", "policy"))));
    });

    it("imports the library only by its package name, so that it runs where it is installed", () => {
        for (const file of fs.readdirSync(path.join(ROOT, "policy")).filter((f) => f.endsWith(".ts"))) {
            const text = fs.readFileSync(path.join(ROOT, "policy", file), "utf8");
            assert.doesNotMatch(text, /from "\.\.\//, file);
        }
        assert.match(fs.readFileSync(path.join(ROOT, "policy", "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    });
});
