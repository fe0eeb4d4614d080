/**
 * Validation under Pulumi's mock runtime (issue 3): when problems are reported (at construction for
 * known values, when Outputs resolve for the rest), that nothing reaches the Image Builder resource on
 * bad input, that preview still checks every known value next to an unknown one, and that secrets stay
 * secret in messages and in the child's inputs.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    CALLER_ACCOUNT,
    ForeignKey,
    Harness,
    catchingRejections,
    isSecretValue,
    setupMocks,
    settle,
    unsecret,
    valueOf,
} from "./harness";
import { pathsWhere } from "./modelCheck";

const AWS_TYPE = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration";
const COMPONENT_TYPE = "imagebuilder-distribution:index:MultiRegionDistribution";
const ACCOUNT = "111122223333";
const KMS_EU = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const AMI_NAME = "golden-{{ imagebuilder:buildDate }}";
const LT = "lt-0123456789abcdef0";

type Lib = typeof import("../components");

/** The component and the child that this test registered (other resources, such as ForeignKey, aside). */
function registered(h: Harness): { components: number; children: number } {
    return { components: h.ofType(COMPONENT_TYPE).length, children: h.ofType(AWS_TYPE).length };
}

/** The validation errors among collected rejections (the SDK may report one error more than once). */
function validationErrors(lib: Lib, caught: unknown[]): InstanceType<Lib["DistributionValidationError"]>[] {
    const errors = caught.filter((e) => lib.DistributionValidationError.isInstance(e)) as InstanceType<
        Lib["DistributionValidationError"]
    >[];
    return errors.filter((e, i) => errors.findIndex((x) => x.message === e.message) === i);
}

describe("validation under the mock runtime", () => {
    let h: Harness;
    let lib: Lib;

    describe("pulumi up", () => {
        beforeEach(() => {
            h = setupMocks({ project: "vproj", stack: "vstack" });
            // The component module is loaded after the mocks are in place.
            lib = require("../components") as Lib;
        });

        it("accepts a region given as an Output whose settings come from its override", async () => {
            const caught = await catchingRejections(async () => {
                const d = new lib.MultiRegionDistribution("v-output-region", {
                    regions: ["us-east-1", pulumi.output("eu-west-1")],
                    defaults: {
                        containerDistributionConfiguration: { description: "d" },
                        ssmParameterConfigurations: [{ parameterName: "/golden/latest", amiAccountId: ACCOUNT }],
                    },
                    overrides: {
                        "us-east-1": {
                            containerDistributionConfiguration: {
                                targetRepository: { service: "ECR", repositoryName: "app" },
                            },
                            amiDistributionConfiguration: { targetAccountIds: [ACCOUNT] },
                        },
                        "eu-west-1": {
                            containerDistributionConfiguration: {
                                targetRepository: { service: "ECR", repositoryName: "app" },
                            },
                            amiDistributionConfiguration: { targetAccountIds: [ACCOUNT] },
                        },
                    },
                });
                await valueOf(d.arn);
            });
            assert.deepStrictEqual(caught, []);
            const child = h.one(AWS_TYPE);
            assert.deepStrictEqual(
                (child.inputs.distributions as { region: string }[]).map((e) => e.region),
                ["eu-west-1", "us-east-1"],
            );
        });

        it("keeps a secret at its leaf when a region is an Output, as with plain regions", async () => {
            for (const [label, region] of [
                ["plain", "eu-west-1"],
                ["Output", pulumi.output("eu-west-1")],
            ] as const) {
                h = setupMocks({ project: "vproj", stack: "vstack" });
                const d = new lib.MultiRegionDistribution(`v-secret-leaf-${label}`, {
                    regions: ["us-east-1", region],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
                    overrides: { "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: pulumi.secret(KMS_EU) } } },
                });
                await valueOf(d.arn);
                await settle(10);
                const wire = h.one(AWS_TYPE).wire as { distributions: Record<string, unknown>[] };
                assert.ok(Array.isArray(wire.distributions), `${label}: the list itself is not secret`);
                assert.deepStrictEqual(
                    pathsWhere(wire, isSecretValue),
                    ["distributions[0].amiDistributionConfiguration.kmsKeyId"],
                    label,
                );
                assert.strictEqual(
                    (unsecret(wire.distributions[0]) as { amiDistributionConfiguration: { kmsKeyId: string } })
                        .amiDistributionConfiguration.kmsKeyId,
                    KMS_EU,
                );
            }
        });

        it("reports an explicit entry that resolves to no object, and nothing else", async () => {
            for (const entry of [null, "eu-west-1"]) {
                h = setupMocks({ project: "vproj", stack: "vstack" });
                const caught = await catchingRejections(() => {
                    new lib.MultiRegionDistribution("v-null-entry", {
                        regions: [pulumi.output("us-east-1")],
                        defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                        distributions: [pulumi.output(entry as never)],
                    });
                });
                const errors = validationErrors(lib, caught);
                assert.strictEqual(errors.length, 1, caught.map(String).join("\n"));
                assert.deepStrictEqual(
                    errors[0].problems.map((p) => p.path),
                    ["distributions[0]"],
                );
                // Only the validation error: rendering skips what validation rejects.
                assert.deepStrictEqual(
                    caught.filter((e) => !lib.DistributionValidationError.isInstance(e)).map(String),
                    [],
                );
                assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
            }
        });

        it("reports the merged settings of a region given as an Output once it resolves", async () => {
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-output-region-bad", {
                    regions: ["us-east-1", pulumi.output("eu-west-1")],
                    defaults: { containerDistributionConfiguration: { description: "d" } },
                    overrides: {
                        "us-east-1": {
                            containerDistributionConfiguration: {
                                targetRepository: { service: "ECR", repositoryName: "app" },
                            },
                        },
                    },
                });
            });
            const errors = validationErrors(lib, caught);
            assert.strictEqual(errors.length, 1, caught.map(String).join("\n"));
            assert.deepStrictEqual(
                errors[0].problems.map((p) => p.path),
                ["defaults.containerDistributionConfiguration.targetRepository"],
            );
            assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
        });

        it("throws for a bad known value at construction, synchronously, and registers no resource at all", async () => {
            let thrown: unknown;
            try {
                new lib.MultiRegionDistribution("v-sync", {
                    name: "bad/name",
                    regions: ["us-east-1", "eu-west-1"],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: ["12"] } },
                    overrides: { "eu-wset-1": { amiDistributionConfiguration: { description: "eu" } } },
                });
            } catch (e) {
                thrown = e;
            }
            assert.ok(thrown !== undefined, "the constructor throws before returning");
            assert.ok(lib.DistributionValidationError.isInstance(thrown));
            assert.ok(thrown instanceof lib.DistributionValidationError);
            assert.ok(
                pulumi.RunError.isInstance(thrown),
                "a RunError: the CLI shows the message without a stack trace",
            );
            const err = thrown as InstanceType<Lib["DistributionValidationError"]>;
            assert.strictEqual(err.componentName, "v-sync");
            assert.deepStrictEqual(
                err.problems.map((p) => p.path),
                ["name", "defaults.amiDistributionConfiguration.targetAccountIds[0]", 'overrides["eu-wset-1"]'],
            );
            assert.match(
                err.message,
                /^MultiRegionDistribution "v-sync" has 3 invalid settings; nothing was created:\n/,
            );
            assert.doesNotMatch(err.message, /\n\s+at /, "no stack frames in the message");
            await settle(10);
            assert.deepStrictEqual(h.resources, [], "not even the component was registered");
        });

        it("checks the stack's region as the home region's partition when homeRegion is not given", async () => {
            const saved = pulumi.runtime.allConfig();
            const attempt = (name: string, backend: "aws" | "aws-native", opts?: pulumi.ComponentResourceOptions) => {
                try {
                    new lib.MultiRegionDistribution(
                        name,
                        {
                            backend,
                            regions: ["us-east-1"],
                            defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                        },
                        opts,
                    );
                    return undefined;
                } catch (e) {
                    return e as InstanceType<Lib["DistributionValidationError"]>;
                }
            };
            pulumi.runtime.setAllConfig({ ...saved, "aws:region": "cn-north-1", "aws-native:region": "us-east-1" });
            try {
                const err = attempt("v-stack-partition", "aws");
                assert.ok(
                    lib.DistributionValidationError.isInstance(err),
                    "a target region outside the stack's partition",
                );
                assert.deepStrictEqual(
                    err.problems.map((p) => [p.code, p.path]),
                    [["partition-mixed", "regions[0]"]],
                );
                assert.match(err.message, /cn-north-1/);
                // Each backend reads its own provider's region: aws-native's is in the targets' partition.
                assert.strictEqual(attempt("v-stack-partition-native", "aws-native"), undefined);
                // Under a parent, which provider creates it is known once the component exists: not here.
                const parent = new pulumi.ComponentResource("test:index:Parent", "v-stack-partition-parent");
                const caught = await catchingRejections(() => {
                    assert.strictEqual(attempt("v-stack-partition-parent-child", "aws", { parent }), undefined);
                });
                // The parent passes no provider on: the default provider, in the stack's region, creates it.
                assert.deepStrictEqual(
                    validationErrors(lib, caught).map((e) => e.problems.map((p) => [p.code, p.path])),
                    [[["partition-mixed", "regions[0]"]]],
                );
            } finally {
                pulumi.runtime.setAllConfig(saved);
            }
            await settle(10);
            assert.strictEqual(h.ofType(COMPONENT_TYPE).length, 2, "the rejected one is not registered");
            assert.deepStrictEqual(
                h.resources.filter((r) => r.type.endsWith("DistributionConfiguration")).map((r) => r.name),
                ["v-stack-partition-native"],
                "only aws-native's reaches its child",
            );
        });

        it("never shows a stack region kept as a secret: no partition check, and name collisions say 'the same home region'", async () => {
            const saved = pulumi.runtime.allConfig();
            const settings = (name: string) =>
                ({
                    name,
                    regions: ["us-east-1"],
                    defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                }) as never;
            pulumi.runtime.setAllConfig({ ...saved, "aws:region": "cn-northwest-1" }, ["aws:region"]);
            const errors: unknown[] = [];
            try {
                const caught = await catchingRejections(() => {
                    // Outside the secret region's partition: not checked, since the problem would name it.
                    new lib.MultiRegionDistribution("v-secret-stack-region", settings("golden"));
                    new lib.MultiRegionDistribution("v-secret-stack-region-under", settings("Golden_Other"), {
                        parent: new pulumi.ComponentResource("test:index:Parent", "v-secret-stack-parent"),
                    });
                    try {
                        new lib.MultiRegionDistribution("v-secret-stack-region-again", settings("GOLDEN"));
                    } catch (e) {
                        errors.push(e);
                    }
                });
                errors.push(...caught);
            } finally {
                pulumi.runtime.setAllConfig(saved);
            }
            const found = validationErrors(lib, errors);
            assert.deepStrictEqual(
                found.map((e) => e.problems.map((p) => p.code)),
                [["name-collision"]],
                errors.map(String).join("\n"),
            );
            assert.match(found[0].message, /in the same home region/);
            for (const e of found) {
                assert.doesNotMatch(e.message, /cn-northwest-1|aws-cn/);
            }
        });

        describe("the explicit provider's region is the home region's partition (partition-mixed)", () => {
            const NATIVE_TYPE = "aws-native:imagebuilder:DistributionConfiguration";
            const settings = (extra: Record<string, unknown> = {}) =>
                ({
                    regions: ["us-east-1", "eu-west-1"],
                    defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                    ...extra,
                }) as never;
            const aws = () => require("@pulumi/aws") as typeof import("@pulumi/aws");
            const native = () => require("@pulumi/aws-native") as typeof import("@pulumi/aws-native");

            /** Creates a component; returns the validation errors and what was registered. */
            const run = async (
                name: string,
                args: never,
                opts: pulumi.ComponentResourceOptions,
                childType = AWS_TYPE,
            ) => {
                let created = false;
                const caught = await catchingRejections(() => {
                    new lib.MultiRegionDistribution(name, args, opts);
                    created = true;
                });
                assert.ok(created, "the provider's region is an Output: nothing is decided at construction");
                await settle(10);
                const children = h.ofType(childType).filter((r) => r.name === name).length;
                return { errors: validationErrors(lib, caught), children, other: caught.length };
            };

            it("rejects target regions outside the partition of the provider's region, naming both", async () => {
                const cn = new (aws().Provider)("cn", { region: "cn-north-1" });
                const r = await run("v-prov-cn", settings(), { provider: cn });
                assert.strictEqual(r.errors.length, 1);
                assert.deepStrictEqual(
                    r.errors[0].problems.map((p) => [p.code, p.path]),
                    [
                        ["partition-mixed", "regions[0]"],
                        ["partition-mixed", "regions[1]"],
                    ],
                );
                assert.match(r.errors[0].message, /the home region cn-north-1 is in partition aws-cn/);
                assert.match(r.errors[0].message, /aws: .*us-east-1/);
                assert.strictEqual(r.children, 0, "nothing reaches the Image Builder resource");
            });

            it("accepts a provider in the targets' partition, and one without a region", async () => {
                const west = new (aws().Provider)("west", { region: "us-west-2" });
                const ok = await run("v-prov-west", settings(), { provider: west });
                assert.deepStrictEqual([ok.other, ok.children], [0, 1]);
                const bare = new (aws().Provider)("bare", {});
                const unset = await run("v-prov-bare", settings(), { provider: bare });
                assert.deepStrictEqual([unset.other, unset.children], [0, 1], "a region from the environment");
            });

            it("finds the provider as Pulumi passes it on: providers, and a parent's providers", async () => {
                const cn = new (aws().Provider)("cn-map", { region: "cn-northwest-1" });
                const byMap = await run("v-prov-map", settings(), { providers: { aws: cn } });
                assert.deepStrictEqual(
                    byMap.errors.map((e) => e.problems[0].code),
                    ["partition-mixed"],
                );
                const parent = new pulumi.ComponentResource(
                    "test:index:Parent",
                    "v-prov-parent",
                    {},
                    {
                        providers: [cn],
                    },
                );
                const byParent = await run("v-prov-parent-child", settings(), { parent });
                assert.match(byParent.errors[0]?.message ?? "", /cn-northwest-1 is in partition aws-cn/);
                assert.strictEqual(byParent.children, 0);
            });

            it("takes homeRegion over the provider's region on aws (it is the resource's region)", async () => {
                const cn = new (aws().Provider)("cn-home", { region: "cn-north-1" });
                const r = await run("v-prov-home", settings({ homeRegion: "us-east-1" }), { provider: cn });
                assert.deepStrictEqual([r.other, r.children], [0, 1]);
            });

            it("reads the aws-native provider's region, which wins over homeRegion there", async () => {
                const gov = new (native().Provider)("gov", { region: "us-gov-west-1" });
                const r = await run(
                    "v-prov-native",
                    settings({ backend: "aws-native", homeRegion: "us-east-1" }),
                    { provider: gov },
                    NATIVE_TYPE,
                );
                assert.match(r.errors[0]?.message ?? "", /the home region us-gov-west-1 is in partition aws-us-gov/);
                assert.strictEqual(r.children, 0);
                // The provider's partition, not homeRegion's, is the one that counts: no false alarm.
                const govTargets = await run(
                    "v-prov-native-gov",
                    {
                        backend: "aws-native",
                        homeRegion: "us-east-1",
                        regions: ["us-gov-west-1"],
                        defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                    } as never,
                    { provider: gov },
                    NATIVE_TYPE,
                );
                assert.deepStrictEqual([govTargets.other, govTargets.children], [0, 1]);
                // Under a parent that passes no aws-native provider on, homeRegion is where it is created.
                const parent = new pulumi.ComponentResource("test:index:Parent", "v-prov-native-parent");
                const home = await run(
                    "v-prov-native-home",
                    settings({ backend: "aws-native", homeRegion: "cn-north-1" }),
                    { parent },
                    NATIVE_TYPE,
                );
                assert.match(home.errors[0]?.message ?? "", /the home region cn-north-1 is in partition aws-cn/);
                assert.strictEqual(home.children, 0);
                // The aws provider does not create an aws-native configuration.
                const cn = new (aws().Provider)("cn-other-pkg", { region: "cn-north-1" });
                const other = await run(
                    "v-prov-native-ok",
                    settings({ backend: "aws-native" }),
                    { providers: [cn] },
                    NATIVE_TYPE,
                );
                assert.deepStrictEqual([other.other, other.children], [0, 1]);
            });
        });

        it("registers the component and its child for the same configuration once it is valid", async () => {
            const d = new lib.MultiRegionDistribution("v-sync-ok", {
                name: "good-name",
                regions: ["us-east-1", "eu-west-1"],
                defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
                overrides: { "eu-west-1": { amiDistributionConfiguration: { description: "eu" } } },
            });
            await valueOf(d.arn);
            await settle(10);
            assert.deepStrictEqual(registered(h), { components: 1, children: 1 });
        });

        it("rejects an Output that resolves to a bad value: the child is never registered", async () => {
            let created = false;
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-late", {
                    regions: ["us-east-1", "eu-west-1"],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
                    overrides: {
                        "eu-west-1": {
                            amiDistributionConfiguration: {
                                targetAccountIds: [pulumi.output(Promise.resolve("12345678901"))],
                                kmsKeyId: pulumi.output(KMS_EU.replace("eu-west-1", "us-east-1")),
                            },
                        },
                    },
                });
                created = true;
            });
            assert.ok(created, "a value that is not known at construction does not throw there");
            const errors = validationErrors(lib, caught);
            assert.strictEqual(errors.length, 1, `one validation error, got: ${caught.map(String).join("\n")}`);
            assert.deepStrictEqual(
                errors[0].problems.map((p) => p.path),
                [
                    'overrides["eu-west-1"].amiDistributionConfiguration.targetAccountIds[0]',
                    'overrides["eu-west-1"].amiDistributionConfiguration.kmsKeyId',
                ],
            );
            assert.match(errors[0].message, /targetAccountIds\[0\]: got "12345678901"; must be an AWS account id/);
            assert.match(errors[0].message, /kmsKeyId: got "arn:aws:kms:us-east-1:[^"]*"; is a KMS key in us-east-1/);
            await settle(10);
            assert.strictEqual(h.ofType(AWS_TYPE).length, 0, "nothing reaches the Image Builder resource");
        });

        describe("an SSM parameter's owner: a target account or the deploying account", () => {
            const CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
            const ssmOnly = (amiAccountId: string, extra: Record<string, unknown> = {}) => ({
                regions: ["us-west-2"],
                defaults: {
                    amiDistributionConfiguration: { name: AMI_NAME },
                    ssmParameterConfigurations: [{ parameterName: "/output/image/param", amiAccountId }],
                },
                ...extra,
            });

            it("accepts the deploying account without target accounts (AWS's own example), once looked up", async () => {
                const caught = await catchingRejections(async () => {
                    const d = new lib.MultiRegionDistribution("v-ssm-own", ssmOnly(CALLER_ACCOUNT) as never);
                    await valueOf(d.arn);
                });
                assert.deepStrictEqual(caught, []);
                assert.strictEqual(h.ofType(AWS_TYPE).length, 1);
                assert.strictEqual(h.calls.filter((c) => c.token === CALLER_IDENTITY).length, 1);
            });

            it("rejects another account that is not a target: the child is never registered", async () => {
                let created = false;
                const caught = await catchingRejections(() => {
                    new lib.MultiRegionDistribution("v-ssm-other", ssmOnly(ACCOUNT) as never);
                    created = true;
                });
                assert.ok(created, "the deploying account is not known at construction");
                const errors = validationErrors(lib, caught);
                assert.strictEqual(errors.length, 1, `one validation error, got: ${caught.map(String).join("\n")}`);
                assert.deepStrictEqual(
                    errors[0].problems.map((p) => p.path),
                    ["defaults.ssmParameterConfigurations[0].amiAccountId"],
                );
                assert.match(
                    errors[0].message,
                    new RegExp(`got "${ACCOUNT}"; must be the account that builds the image \\(${CALLER_ACCOUNT}\\)`),
                );
                await settle(10);
                assert.strictEqual(h.ofType(AWS_TYPE).length, 0, "nothing reaches the Image Builder resource");
            });

            it("asks the aws-native provider on that backend", async () => {
                const caught = await catchingRejections(async () => {
                    const d = new lib.MultiRegionDistribution(
                        "v-ssm-native",
                        ssmOnly(CALLER_ACCOUNT, { backend: "aws-native" }) as never,
                    );
                    await valueOf(d.arn);
                });
                assert.deepStrictEqual(caught, []);
                assert.deepStrictEqual(
                    h.calls.map((c) => c.token),
                    ["aws-native:index:getAccountId"],
                );
            });

            it("asks the aws-native provider of homeRegion, the one the child uses", async () => {
                const caught = await catchingRejections(async () => {
                    const d = new lib.MultiRegionDistribution(
                        "v-ssm-home",
                        ssmOnly(CALLER_ACCOUNT, { backend: "aws-native", homeRegion: "eu-west-1" }) as never,
                    );
                    await valueOf(d.arn);
                });
                assert.deepStrictEqual(caught, []);
                const child = h.one("aws-native:imagebuilder:DistributionConfiguration");
                assert.strictEqual(h.calls.length, 1);
                assert.match(String(h.calls[0].provider), /::v-ssm-home-provider::/);
                assert.strictEqual(h.calls[0].provider, child.provider);
            });

            it("looks the account up once when fast launch needs it too", async () => {
                const d = new lib.MultiRegionDistribution("v-ssm-fl", {
                    regions: ["us-west-2"],
                    defaults: {
                        fastLaunchConfigurations: [{ enabled: true }],
                        ssmParameterConfigurations: [{ parameterName: "/p", amiAccountId: CALLER_ACCOUNT }],
                    },
                });
                await valueOf(d.arn);
                assert.strictEqual(h.calls.filter((c) => c.token === CALLER_IDENTITY).length, 1);
                assert.strictEqual(h.ofType(AWS_TYPE).length, 1);
            });

            it("looks up no account when every SSM account is a target", async () => {
                const d = new lib.MultiRegionDistribution(
                    "v-ssm-target",
                    ssmOnly(ACCOUNT, {
                        defaults: {
                            amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] },
                            ssmParameterConfigurations: [{ parameterName: "/p", amiAccountId: ACCOUNT }],
                        },
                    }) as never,
                );
                await valueOf(d.arn);
                assert.deepStrictEqual(h.calls, []);
            });

            it("takes a secret deploying account for unknown: a message would name it", async () => {
                const args = ssmOnly(ACCOUNT) as never;
                const result = await lib.validateArgsResolved("v", args, {
                    deployingAccount: pulumi.secret(CALLER_ACCOUNT),
                });
                assert.deepStrictEqual(result.problems, []);
                await assert.rejects(
                    lib.validateArgsResolved("v", args, { deployingAccount: CALLER_ACCOUNT }),
                    new RegExp(`builds the image \\(${CALLER_ACCOUNT}\\)`),
                    "a plain one is checked and named",
                );
            });

            it("leaves the rule undecided for an offline plan's placeholder account", async () => {
                const { setOfflinePlanHooks } =
                    require("../components/distribution/planHooks") as typeof import("../components/distribution/planHooks");
                const saved = setOfflinePlanHooks({ accountPlaceholder: "123456789012" });
                try {
                    const args = ssmOnly(ACCOUNT) as never;
                    const offline = await lib.validateArgsResolved("v", args, { deployingAccount: "123456789012" });
                    assert.deepStrictEqual(offline.problems, []);
                    assert.ok(!offline.needsDeployingAccount);
                    await assert.rejects(
                        lib.validateArgsResolved("v", args, { deployingAccount: CALLER_ACCOUNT }),
                        /must be the account that builds the image/,
                    );
                    const undecided = await lib.validateArgsResolved("v", args);
                    assert.deepStrictEqual(undecided.problems, []);
                    assert.strictEqual(undecided.needsDeployingAccount, true);
                } finally {
                    setOfflinePlanHooks(saved);
                }
            });
        });

        it("checks maps given whole as Outputs once they resolve, merged with an override's map", async () => {
            const tags = (n: number, prefix: string) =>
                Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "v"]));
            let created = false;
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-output-maps", {
                    regions: ["us-east-1", "eu-west-1"],
                    tags: pulumi.output({ ["k".repeat(129)]: "v" }),
                    defaults: {
                        amiDistributionConfiguration: { name: AMI_NAME, amiTags: pulumi.output(tags(30, "d")) },
                    },
                    overrides: { "eu-west-1": { amiDistributionConfiguration: { amiTags: tags(25, "o") } } },
                });
                created = true;
            });
            assert.ok(created);
            const errors = validationErrors(lib, caught);
            assert.strictEqual(errors.length, 1, `one validation error, got: ${caught.map(String).join("\n")}`);
            assert.deepStrictEqual(
                errors[0].problems.map((p) => [p.path, p.rule]),
                [
                    [`tags["${"k".repeat(129)}"]`, "key must be 1 to 128 characters long (has 129)"],
                    [
                        'overrides["eu-west-1"].amiDistributionConfiguration.amiTags',
                        "must have 1 to 50 entries (has 55)",
                    ],
                ],
            );
            await settle(10);
            assert.strictEqual(h.ofType(AWS_TYPE).length, 0, "nothing reaches the Image Builder resource");
        });

        it("waits for an Output enabled before holding fast launch to EC2's minimum", async () => {
            const caught = await catchingRejections(async () => {
                const d = new lib.MultiRegionDistribution("v-fl-enabled", {
                    regions: ["us-east-1"],
                    defaults: {
                        fastLaunchConfigurations: [
                            { enabled: pulumi.output(false), maxParallelLaunches: 3, accountId: ACCOUNT },
                        ],
                    },
                });
                await valueOf(d.arn);
            });
            assert.deepStrictEqual(caught, []);
            assert.strictEqual(h.ofType(AWS_TYPE).length, 1);
        });

        it("logs a warning once, naming every region, when a region is an Output", async () => {
            const logged: string[] = [];
            const original = console.warn;
            console.warn = (...a: unknown[]) => {
                logged.push(a.map(String).join(" "));
            };
            try {
                // Fast launch on an AMI copied to another account: a warning once the deploying account is known.
                const d = new lib.MultiRegionDistribution("v-warn-once", {
                    regions: ["us-east-1", pulumi.output("eu-west-1")],
                    defaults: {
                        amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: ["111122223333"] },
                        fastLaunchConfigurations: [{ enabled: true }],
                    },
                });
                await valueOf(d.arn);
                await settle(10);
            } finally {
                console.warn = original;
            }
            const warnings = logged.filter((l) => l.includes("fastLaunchConfigurations[0].enabled"));
            assert.strictEqual(warnings.length, 1, warnings.join("\n"));
            assert.match(warnings[0], /copied to 111122223333 \(regions us-east-1, eu-west-1\)/);
            assert.match(warnings[0], / \[fast-launch-cross-account\]$/, "the rule's code, as problems show it");
        });

        it("shows no key of arguments marked secret (the component package's), in late problems and in warnings", async () => {
            const internal = require("../components/distribution/multiRegionDistribution") as {
                markSecretPaths(args: object, paths: readonly string[]): void;
            };
            const s = <T>(v: T) => pulumi.secret(v);
            // As the component package hands over `overrides` that arrived as one secret: every leaf secret.
            const marked = (extra: Record<string, unknown>) => {
                const args = {
                    regions: [s("us-east-1"), s("eu-north-1")],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                    overrides: { "eu-north-1": extra },
                };
                internal.markSecretPaths(args, ["regions", "overrides"]);
                return args as never;
            };
            const logged: string[] = [];
            const original = console.warn;
            console.warn = (...a: unknown[]) => {
                logged.push(a.map(String).join(" "));
            };
            let caught: unknown[];
            try {
                caught = await catchingRejections(async () => {
                    // Decided once the deploying account is known: aws/ebs shared with another account.
                    new lib.MultiRegionDistribution(
                        "v-marked-ebs",
                        marked({
                            amiDistributionConfiguration: {
                                kmsKeyId: s("alias/aws/ebs"),
                                launchPermission: { userIds: [s(ACCOUNT)] },
                            },
                        }),
                    );
                    // A warning once the deploying account is known: fast launch on an AMI copied to another.
                    const warned = new lib.MultiRegionDistribution(
                        "v-marked-warn",
                        marked({
                            amiDistributionConfiguration: { targetAccountIds: [s(ACCOUNT)] },
                            fastLaunchConfigurations: [{ enabled: s(true) }],
                        }),
                    );
                    await valueOf(warned.arn);
                    await settle(10);
                });
            } finally {
                console.warn = original;
            }
            const errors = validationErrors(lib, caught);
            assert.deepStrictEqual(
                errors.map((e) => e.problems.map((p) => [p.code, p.path])),
                [[["aws-managed-key-shared", "overrides"]]],
            );
            const warnings = logged.filter((l) => l.includes("fast-launch-cross-account"));
            assert.strictEqual(warnings.length, 1, logged.join("\n"));
            assert.match(warnings[0], /\] overrides: fast launch is enabled/);
            for (const text of [...errors.map((e) => e.message), ...warnings]) {
                assert.doesNotMatch(text, /eu-north-1/);
            }
        });

        it("rejects a whole explicit entry given as an Output once it resolves", async () => {
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-late-entry", {
                    regions: ["us-east-1"],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                    distributions: [
                        pulumi.output({
                            region: "us-east-1",
                            launchTemplateConfigurations: [{ launchTemplateId: "lt-1" }],
                        }),
                    ],
                });
            });
            const errors = validationErrors(lib, caught);
            assert.strictEqual(errors.length, 1);
            assert.deepStrictEqual(
                errors[0].problems.map((p) => p.path),
                ["distributions[0].region", "distributions[0].launchTemplateConfigurations[0].launchTemplateId"],
            );
            assert.match(errors[0].problems[0].rule, /appears more than once \(first at regions\[0\]\)/);
            assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
        });

        describe("a list given whole as an Output (as another language's SDK sends one)", () => {
            // The TypeScript type asks for a list of Inputs; Python, Go, .NET and YAML pass a list Output.
            const asArgs = (args: Record<string, unknown>) =>
                args as unknown as ConstructorParameters<Lib["MultiRegionDistribution"]>[1];

            it("fans out regions and explicit entries given as list Outputs", async () => {
                const caught = await catchingRejections(async () => {
                    const d = new lib.MultiRegionDistribution(
                        "v-list-output",
                        asArgs({
                            regions: pulumi.output(["us-east-1", "eu-west-1"]),
                            defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
                            overrides: { "eu-west-1": { amiDistributionConfiguration: { description: "eu" } } },
                            distributions: pulumi.output([
                                { region: "ap-south-1", launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                            ]),
                        }),
                    );
                    assert.deepStrictEqual(await valueOf(d.regions), ["ap-south-1", "eu-west-1", "us-east-1"]);
                    await valueOf(d.arn);
                });
                assert.deepStrictEqual(caught, []);
                const sent = unsecret(h.one(AWS_TYPE).inputs.distributions) as Record<string, unknown>[];
                assert.deepStrictEqual(
                    sent.map((e) => e.region),
                    ["ap-south-1", "eu-west-1", "us-east-1"],
                );
                assert.deepStrictEqual(sent[1].amiDistributionConfiguration, {
                    name: AMI_NAME,
                    description: "eu",
                    targetAccountIds: [ACCOUNT],
                });
            });

            it("rejects a bad region of a list Output once it resolves: the child is never registered", async () => {
                const caught = await catchingRejections(() => {
                    new lib.MultiRegionDistribution(
                        "v-list-output-bad",
                        asArgs({
                            regions: pulumi.output(["us-east-1", "US East"]),
                            defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                        }),
                    );
                });
                const errors = validationErrors(lib, caught);
                assert.strictEqual(errors.length, 1, String(caught));
                assert.deepStrictEqual(
                    errors[0].problems.map((p) => [p.path, p.code]),
                    [["regions[1]", "region-code"]],
                );
                assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
            });

            it("reports a list Output that resolves to no list as argument-type, not a TypeError", async () => {
                for (const [arg, value] of [
                    ["regions", "us-east-1"],
                    ["distributions", { region: "us-east-1" }],
                ] as const) {
                    h = setupMocks({ project: "vproj", stack: "vstack" });
                    const caught = await catchingRejections(() => {
                        new lib.MultiRegionDistribution(
                            `v-list-output-${arg}`,
                            asArgs({
                                regions: arg === "regions" ? pulumi.output(value) : ["us-east-1"],
                                defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                                ...(arg === "distributions" ? { distributions: pulumi.output(value) } : {}),
                            }),
                        );
                    });
                    assert.deepStrictEqual(
                        caught.filter((e) => !lib.DistributionValidationError.isInstance(e)),
                        [],
                        `${arg}: only validation errors`,
                    );
                    const errors = validationErrors(lib, caught);
                    assert.strictEqual(errors.length, 1, arg);
                    assert.ok(
                        errors[0].problems.some((p) => p.path === arg && p.code === "argument-type"),
                        errors[0].message,
                    );
                    assert.strictEqual(h.ofType(AWS_TYPE).length, 0, arg);
                }
            });
        });

        it("registers the child when the Outputs resolve to valid values", async () => {
            const d = new lib.MultiRegionDistribution("v-late-ok", {
                regions: ["us-east-1", "eu-west-1"],
                defaults: {
                    amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [pulumi.output(ACCOUNT)] },
                },
                overrides: { "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: pulumi.output(KMS_EU) } } },
            });
            await valueOf(d.arn);
            await settle(10);
            assert.deepStrictEqual(registered(h), { components: 1, children: 1 });
        });

        it("shows an invalid secret as [secret], never its value", async () => {
            const badSecret = "98765432101";
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-secret-bad", {
                    regions: ["us-east-1"],
                    tags: { team: pulumi.secret("t".repeat(257)) },
                    defaults: {
                        amiDistributionConfiguration: {
                            name: AMI_NAME,
                            targetAccountIds: [pulumi.secret(badSecret)],
                            amiTags: { Owner: pulumi.secret("o".repeat(300)) },
                        },
                        s3ExportConfiguration: {
                            roleName: "vmimport",
                            s3Bucket: "b",
                            diskImageFormat: pulumi.secret("vmdk") as never,
                        },
                    },
                });
            });
            const errors = validationErrors(lib, caught);
            assert.strictEqual(errors.length, 1);
            const [err] = errors;
            assert.deepStrictEqual(
                err.problems.map((p) => [p.path, p.secret]),
                [
                    ['tags["team"]', true],
                    ["defaults.amiDistributionConfiguration.targetAccountIds[0]", true],
                    ['defaults.amiDistributionConfiguration.amiTags["Owner"]', true],
                    ["defaults.s3ExportConfiguration.diskImageFormat", true],
                ],
            );
            assert.strictEqual((err.message.match(/got \[secret\]/g) ?? []).length, 4);
            assert.ok(!err.message.includes(badSecret), "the secret account id is not in the message");
            assert.ok(!err.message.includes("ttttt") && !err.message.includes("ooooo"), "no secret tag value");
            assert.ok(
                !err.message.includes("vmdk") && !err.message.includes('"VMDK"?'),
                "no hint that repeats the secret",
            );
            assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
        });

        it("keeps a valid secret input secret in the recorded child input", async () => {
            const d = new lib.MultiRegionDistribution("v-secret-ok", {
                regions: ["eu-west-1"],
                tags: { team: pulumi.secret("platform") },
                defaults: {
                    amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: pulumi.secret(KMS_EU) },
                },
            });
            await valueOf(d.arn);
            await settle(10);
            const child = h.one(AWS_TYPE);
            const distributions = child.inputs.distributions;
            const kmsInput = isSecretValue(distributions)
                ? distributions
                : ((
                      (distributions as Record<string, unknown>[])[0].amiDistributionConfiguration as Record<
                          string,
                          unknown
                      >
                  ).kmsKeyId as unknown);
            assert.ok(isSecretValue(kmsInput), "the KMS key reaches the engine as a secret");
            const tags = child.inputs.tags as Record<string, unknown>;
            assert.ok(isSecretValue(tags) || isSecretValue(tags.team), "the secret tag reaches the engine as a secret");
            assert.deepStrictEqual(unsecret(distributions), [
                { region: "eu-west-1", amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: KMS_EU } },
            ]);
            assert.strictEqual(await pulumi.isSecret(d.distributions), true);
        });
    });

    describe("pulumi preview", () => {
        beforeEach(() => {
            h = setupMocks({ project: "vproj", stack: "vstack", preview: true });
            lib = require("../components") as Lib;
        });

        it("has an unknown value in preview to test with", async () => {
            const key = new ForeignKey("fk-probe");
            assert.strictEqual(await (key.arn as unknown as { isKnown: Promise<boolean> }).isKnown, false);
        });

        it("leaves an unknown provider region out of the partition check, and checks it once known", async () => {
            const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
            const unknownRegion = new aws.Provider("unknown-region", { region: new ForeignKey("fk-region").arn });
            assert.strictEqual(await (unknownRegion.region as unknown as { isKnown: Promise<boolean> }).isKnown, false);
            const args = {
                regions: ["cn-north-1"],
                defaults: { launchTemplateConfigurations: [{ launchTemplateId: LT }] },
            };
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-preview-provider", args, { provider: unknownRegion });
            });
            assert.deepStrictEqual(caught, []);
            // Known in preview (a provider's inputs usually are): checked.
            const known = new aws.Provider("known-region", { region: "us-east-1" });
            const rejected = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-preview-provider-known", args, { provider: known });
            });
            assert.deepStrictEqual(
                validationErrors(lib, rejected).map((e) => e.problems.map((p) => p.code)),
                [["partition-mixed"]],
            );
            await settle(10);
            assert.deepStrictEqual(
                h.ofType(AWS_TYPE).map((r) => r.name),
                ["v-preview-provider"],
            );
        });

        it("reports a bad known account id next to an unknown KMS key, at construction", async () => {
            const key = new ForeignKey("fk-sync");
            assert.throws(
                () =>
                    new lib.MultiRegionDistribution("v-preview-sync", {
                        regions: ["eu-west-1"],
                        defaults: {
                            amiDistributionConfiguration: {
                                name: AMI_NAME,
                                kmsKeyId: key.arn,
                                targetAccountIds: ["12"],
                            },
                        },
                    }),
                (e: unknown) => {
                    assert.ok(lib.DistributionValidationError.isInstance(e));
                    assert.deepStrictEqual(
                        e.problems.map((p) => p.path),
                        ["defaults.amiDistributionConfiguration.targetAccountIds[0]"],
                    );
                    return true;
                },
            );
            await settle(10);
            assert.deepStrictEqual(registered(h), { components: 0, children: 0 });
        });

        it("reports a bad account id known only when its Output resolves, next to an unknown KMS key", async () => {
            const key = new ForeignKey("fk-late");
            const caught = await catchingRejections(() => {
                new lib.MultiRegionDistribution("v-preview-late", {
                    regions: ["eu-west-1", "us-east-1"],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                    overrides: {
                        "eu-west-1": {
                            amiDistributionConfiguration: {
                                kmsKeyId: key.arn,
                                targetAccountIds: [pulumi.output("1111-2222-3333")],
                            },
                        },
                        "us-east-1": {
                            fastLaunchConfigurations: [{ enabled: true, maxParallelLaunches: pulumi.output(2) }],
                        },
                    },
                });
            });
            const errors = validationErrors(lib, caught);
            assert.strictEqual(errors.length, 1, `one validation error, got: ${caught.map(String).join("\n")}`);
            assert.deepStrictEqual(
                errors[0].problems.map((p) => p.path),
                [
                    'overrides["eu-west-1"].amiDistributionConfiguration.targetAccountIds[0]',
                    'overrides["us-east-1"].fastLaunchConfigurations[0].maxParallelLaunches',
                ],
            );
            assert.ok(!errors[0].message.includes("kmsKeyId"), "the unknown key is not reported");
            assert.strictEqual(h.ofType(AWS_TYPE).length, 0);
        });

        it("still checks override keys when a region is unknown, but only what cannot match any region", async () => {
            const key = new ForeignKey("fk-region");
            const unknownRegion = key.arn.apply(() => "eu-west-1");
            assert.throws(
                () =>
                    new lib.MultiRegionDistribution("v-preview-region", {
                        regions: ["us-east-1", unknownRegion],
                        defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
                        overrides: {
                            "eu-west-1": {
                                amiDistributionConfiguration: { description: "may match the unknown region" },
                            },
                            "Europe (Ireland)": { amiDistributionConfiguration: { description: "matches no region" } },
                        },
                    }),
                (e: unknown) => {
                    assert.ok(lib.DistributionValidationError.isInstance(e));
                    assert.deepStrictEqual(
                        e.problems.map((p) => p.path),
                        ['overrides["Europe (Ireland)"]'],
                    );
                    return true;
                },
            );
        });

        it("keeps the known parts of every entry when the regions are Outputs known in preview", async () => {
            const key = new ForeignKey("fk-regions");
            const d = new lib.MultiRegionDistribution("v-preview-output-regions", {
                regions: [pulumi.output("us-east-1"), "eu-west-1"],
                defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
                overrides: { "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: key.arn } } },
                distributions: [
                    { region: pulumi.output("ap-south-1"), launchTemplateConfigurations: [{ launchTemplateId: LT }] },
                    pulumi.output({ region: "ca-central-1", launchTemplateConfigurations: [{ launchTemplateId: LT }] }),
                ],
            });
            await settle(20);
            assert.ok(d.configuration);
            const wire = h.one(AWS_TYPE).wire as { distributions: unknown };
            assert.deepStrictEqual(wire.distributions, [
                {
                    region: "ap-south-1",
                    launchTemplateConfigurations: [{ launchTemplateId: LT, default: true }],
                },
                {
                    region: "ca-central-1",
                    launchTemplateConfigurations: [{ launchTemplateId: LT, default: true }],
                },
                {
                    region: "eu-west-1",
                    amiDistributionConfiguration: {
                        name: AMI_NAME,
                        targetAccountIds: [ACCOUNT],
                        kmsKeyId: pulumi.runtime.unknownValue,
                    },
                },
                { region: "us-east-1", amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
            ]);
        });

        it("registers the child in preview with a list of regions that is unknown as a whole", async () => {
            const key = new ForeignKey("fk-unknown-list");
            const caught = await catchingRejections(async () => {
                new lib.MultiRegionDistribution("v-preview-unknown-list", {
                    regions: key.arn.apply(() => ["us-east-1"]) as unknown as string[],
                    defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
                });
                await settle(20);
            });
            assert.deepStrictEqual(caught, []);
            assert.strictEqual(h.one(AWS_TYPE).wire.distributions, pulumi.runtime.unknownValue);
        });

        it("has the distributions unknown in preview while a region is unknown", async () => {
            const key = new ForeignKey("fk-unknown-region");
            new lib.MultiRegionDistribution("v-preview-unknown-region", {
                regions: [key.arn.apply(() => "us-east-1"), "eu-west-1"],
                defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
            });
            await settle(20);
            assert.strictEqual(h.one(AWS_TYPE).wire.distributions, pulumi.runtime.unknownValue);
        });

        it("registers the child in preview when every known value is valid and one is unknown", async () => {
            const key = new ForeignKey("fk-ok");
            const caught = await catchingRejections(async () => {
                const d = new lib.MultiRegionDistribution("v-preview-ok", {
                    regions: ["eu-west-1"],
                    defaults: {
                        amiDistributionConfiguration: {
                            name: AMI_NAME,
                            kmsKeyId: key.arn,
                            targetAccountIds: [ACCOUNT],
                        },
                    },
                });
                await settle(10);
                assert.ok(d.configuration);
            });
            assert.deepStrictEqual(validationErrors(lib, caught), []);
            assert.deepStrictEqual(registered(h), { components: 1, children: 1 });
        });
    });
});
