/**
 * The rule registry, table-driven by code: every rule of `RULES` has at least one row that breaks it
 * (the problem or warning carries its code, at the path as written) and one that keeps it. Adding a rule is
 * one entry in `components/distribution/rules/` and one row here. Rows of a distribution's settings put
 * them in `defaults` of several regions, so every rule is also seen to work in regions that take
 * `defaults` whole. A rule that compares configurations with each other (`acrossConfigurations`) has
 * rows of several components created in one program (mock runtime), which the component compares.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DistributionValidationError } from "../components/distribution/errors";
import { checkArgsView } from "../components/distribution/multiRegionDistribution";
import { RULES } from "../components/distribution/rules";
import { formatProblem } from "../components/distribution/validate";
import { UNKNOWN } from "../components/distribution/values";
import { renderRulesTable } from "../scripts/generate-rules-table";
import { setupMocks } from "./harness";

type Args = Record<string, unknown>;

const DEPLOYING_ACCOUNT = "888877776666";
const ACCOUNT = "111122223333";
const AMI_NAME = "golden-{{ imagebuilder:buildDate }}";
const LT = "lt-0123456789abcdef0";
const KMS_US = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const REGIONS = ["us-east-1", "us-west-2"];
const LT_OUTPUT = { launchTemplateConfigurations: [{ launchTemplateId: LT }] };

/** Settings in `defaults`, taken whole by every region of `regions`. */
const shared = (settings: Args, extra: Args = {}, regions: unknown[] = REGIONS): Args => ({
    regions,
    defaults: settings,
    ...extra,
});
/** An AMI distribution with a valid name plus `fields`, shared by every region. */
const ami = (fields: Args, extra: Args = {}): Args =>
    shared({ amiDistributionConfiguration: { name: AMI_NAME, ...fields } }, extra);
/** One setting next to a launch template output, shared by every region. */
const withOutput = (settings: Args, extra: Args = {}): Args => shared({ ...LT_OUTPUT, ...settings }, extra);
const D = "defaults";
const AMI = `${D}.amiDistributionConfiguration`;

/** The arguments of components created in this order in one program: for a rule across configurations. */
class Program {
    constructor(readonly components: Args[]) {}
}
const program = (...components: Args[]): Program => new Program(components);

interface Row {
    args: Args | Program;
    /** Where the finding is reported, for a row that breaks the rule. */
    path?: string;
}
interface Rows {
    bad: Row[];
    good: (Args | Program)[];
}

/** An SSM parameter of this name, shared by `regions`. */
const ssmName = (parameterName: string, regions: string[]): Args =>
    shared({ ...LT_OUTPUT, ssmParameterConfigurations: [{ parameterName }] }, {}, regions);
const SSM_NAME = `${D}.ssmParameterConfigurations[0].parameterName`;

const ROWS: Record<string, Rows> = {
    // AWS's model, by the walker's generic codes.
    "model-type": {
        bad: [{ args: shared({ launchTemplateConfigurations: "lt" }), path: `${D}.launchTemplateConfigurations` }],
        good: [withOutput({})],
    },
    "model-required": {
        bad: [
            {
                args: shared({ launchTemplateConfigurations: [{ accountId: ACCOUNT }] }),
                path: `${D}.launchTemplateConfigurations[0].launchTemplateId`,
            },
        ],
        good: [withOutput({})],
    },
    "model-unknown-member": {
        bad: [{ args: withOutput({ amiDistributionConfig: {} }), path: `${D}.amiDistributionConfig` }],
        good: [withOutput({})],
    },
    "model-enum": {
        bad: [
            {
                args: shared({ s3ExportConfiguration: { roleName: "r", diskImageFormat: "QCOW2", s3Bucket: "b" } }),
                path: `${D}.s3ExportConfiguration.diskImageFormat`,
            },
        ],
        good: [shared({ s3ExportConfiguration: { roleName: "r", diskImageFormat: "RAW", s3Bucket: "b" } })],
    },
    "model-length": {
        bad: [{ args: withOutput({}, { description: "" }), path: "description" }],
        good: [withOutput({}, { description: "d" })],
    },
    "model-pattern": {
        bad: [{ args: ami({ targetAccountIds: ["12"] }), path: `${AMI}.targetAccountIds[0]` }],
        good: [ami({ targetAccountIds: [ACCOUNT] })],
    },
    "model-range": {
        bad: [
            {
                args: shared({ fastLaunchConfigurations: [{ enabled: true, maxParallelLaunches: 0 }] }),
                path: `${D}.fastLaunchConfigurations[0].maxParallelLaunches`,
            },
        ],
        good: [shared({ fastLaunchConfigurations: [{ enabled: true, maxParallelLaunches: 6 }] })],
    },
    "model-size": {
        bad: [
            {
                args: withOutput(
                    {},
                    { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
                ),
                path: "tags",
            },
        ],
        good: [withOutput({}, { tags: { team: "x" } })],
    },
    "model-null-item": {
        bad: [{ args: ami({ targetAccountIds: [null] }), path: `${AMI}.targetAccountIds[0]` }],
        good: [ami({})],
    },
    "map-key-proto": {
        bad: [{ args: withOutput({}, { tags: JSON.parse('{"__proto__": "x"}') as Args }), path: 'tags["__proto__"]' }],
        good: [withOutput({}, { tags: { proto: "x" } })],
    },

    // The component's arguments.
    "unknown-argument": {
        bad: [{ args: withOutput({}, { region: "us-east-1" }), path: "region" }],
        good: [withOutput({})],
    },
    "backend-value": {
        bad: [
            { args: withOutput({}, { backend: "awsnative" }), path: "backend" },
            { args: withOutput({}, { backend: UNKNOWN }), path: "backend" },
        ],
        good: [withOutput({}, { backend: "aws-native" })],
    },
    "allow-public-amis-value": {
        bad: [{ args: withOutput({}, { allowPublicAmis: "yes" }), path: "allowPublicAmis" }],
        good: [withOutput({}, { allowPublicAmis: true })],
    },
    "home-region-code": {
        bad: [{ args: withOutput({}, { homeRegion: "Virginia" }), path: "homeRegion" }],
        good: [withOutput({}, { homeRegion: "us-east-1" })],
    },
    "argument-type": {
        bad: [{ args: { regions: "us-east-1", defaults: LT_OUTPUT }, path: "regions" }],
        good: [withOutput({})],
    },
    "override-unlisted-region": {
        bad: [{ args: withOutput({}, { overrides: { "eu-west-1": {} } }), path: 'overrides["eu-west-1"]' }],
        good: [withOutput({}, { overrides: { "us-west-2": {} } })],
    },
    "override-type": {
        bad: [{ args: withOutput({}, { overrides: { "us-west-2": "west" } }), path: 'overrides["us-west-2"]' }],
        good: [withOutput({}, { overrides: { "us-west-2": {} } })],
    },
    "region-as-setting": {
        bad: [{ args: withOutput({ region: "us-east-1" }), path: `${D}.region` }],
        good: [withOutput({})],
    },
    "no-distribution": { bad: [{ args: { regions: [] }, path: "regions" }], good: [withOutput({})] },
    "region-duplicate": {
        bad: [{ args: shared(LT_OUTPUT, {}, ["us-east-1", "us-east-1"]), path: "regions[1]" }],
        good: [withOutput({})],
    },

    // Each distribution.
    "region-code": {
        bad: [{ args: shared(LT_OUTPUT, {}, ["us-east-1", "us-west-2a"]), path: "regions[1]" }],
        good: [withOutput({})],
    },
    "no-output": { bad: [{ args: shared({}), path: "regions[0]" }], good: [withOutput({})] },
    "launch-permission-group": {
        bad: [
            {
                args: ami({ launchPermission: { userGroups: ["everyone"] } }),
                path: `${AMI}.launchPermission.userGroups[0]`,
            },
        ],
        good: [ami({ launchPermission: { userIds: [ACCOUNT] } })],
    },
    "public-ami-not-allowed": {
        bad: [
            { args: ami({ launchPermission: { userGroups: ["all"] } }), path: `${AMI}.launchPermission.userGroups[0]` },
        ],
        good: [ami({ launchPermission: { userGroups: ["all"] } }, { allowPublicAmis: true })],
    },
    "kms-key-arn": {
        bad: [{ args: ami({ kmsKeyId: "arn:aws:s3:::bucket" }), path: `${AMI}.kmsKeyId` }],
        good: [ami({ kmsKeyId: "alias/golden" })],
    },
    "kms-key-id": {
        bad: [
            { args: ami({ kmsKeyId: "golden" }), path: `${AMI}.kmsKeyId` },
            // No KMS identifier holds a space, around it or inside an alias name.
            { args: ami({ kmsKeyId: " alias/golden" }), path: `${AMI}.kmsKeyId` },
            {
                args: shared({ amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: `${KMS_US}\n` } }, {}, [
                    "us-east-1",
                ]),
                path: `${AMI}.kmsKeyId`,
            },
            { args: ami({ kmsKeyId: "alias/golden key" }), path: `${AMI}.kmsKeyId` },
        ],
        good: [
            ami({ kmsKeyId: "alias/golden" }),
            ami({ kmsKeyId: "alias/team-a/golden_key:v2" }),
            ami({ kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }),
            ami({ kmsKeyId: "mrk-1234abcd12ab34cd56ef1234567890ab" }),
        ],
    },
    "kms-key-region": {
        bad: [{ args: ami({ kmsKeyId: KMS_US }), path: `${AMI}.kmsKeyId` }],
        good: [shared({ amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: KMS_US } }, {}, ["us-east-1"])],
    },
    "kms-key-partition": {
        bad: [
            {
                args: shared(
                    {
                        amiDistributionConfiguration: {
                            name: AMI_NAME,
                            kmsKeyId: KMS_US.replace("arn:aws:", "arn:aws-cn:"),
                        },
                    },
                    {},
                    ["us-east-1"],
                ),
                path: `${AMI}.kmsKeyId`,
            },
        ],
        good: [shared({ amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: KMS_US } }, {}, ["us-east-1"])],
    },
    "encrypted-public-ami": {
        bad: [
            {
                args: ami(
                    { kmsKeyId: "alias/golden", launchPermission: { userGroups: ["all"] } },
                    { allowPublicAmis: true },
                ),
                path: `${AMI}.kmsKeyId`,
            },
        ],
        good: [ami({ kmsKeyId: "alias/golden", launchPermission: { userIds: [ACCOUNT] } })],
    },
    "aws-managed-key-shared": {
        bad: [
            {
                args: ami({ kmsKeyId: "alias/aws/ebs", launchPermission: { userIds: [ACCOUNT] } }),
                path: `${AMI}.kmsKeyId`,
            },
            { args: ami({ kmsKeyId: "alias/aws/ebs", targetAccountIds: [ACCOUNT] }), path: `${AMI}.kmsKeyId` },
            {
                args: ami({
                    kmsKeyId: "arn:aws:kms:us-east-1:111122223333:alias/aws/ebs",
                    launchPermission: {
                        organizationalUnitArns: [
                            "arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefgh34",
                        ],
                    },
                }),
                path: `${AMI}.kmsKeyId`,
            },
        ],
        good: [
            ami({ kmsKeyId: "alias/aws/ebs" }),
            ami({ kmsKeyId: "alias/aws/ebs", targetAccountIds: [DEPLOYING_ACCOUNT] }),
            // The deploying account owns the AMI: a launch permission for it alone shares nothing.
            ami({ kmsKeyId: "alias/aws/ebs", launchPermission: { userIds: [DEPLOYING_ACCOUNT] } }),
        ],
    },

    "fast-launch-parallel-launches": {
        bad: [
            {
                args: shared({ fastLaunchConfigurations: [{ enabled: true, maxParallelLaunches: 5 }] }),
                path: `${D}.fastLaunchConfigurations[0].maxParallelLaunches`,
            },
        ],
        good: [shared({ fastLaunchConfigurations: [{ enabled: false, maxParallelLaunches: 5 }] })],
    },
    "fast-launch-template-id-and-name": {
        bad: [
            {
                args: shared({
                    fastLaunchConfigurations: [
                        { enabled: true, launchTemplate: { launchTemplateId: LT, launchTemplateName: "fast-launch" } },
                    ],
                }),
                path: `${D}.fastLaunchConfigurations[0].launchTemplate`,
            },
        ],
        good: [
            shared({
                fastLaunchConfigurations: [{ enabled: true, launchTemplate: { launchTemplateName: "fast-launch" } }],
            }),
            // Unknown in preview: it may still resolve to nothing.
            shared({
                fastLaunchConfigurations: [
                    { enabled: true, launchTemplate: { launchTemplateId: UNKNOWN, launchTemplateName: UNKNOWN } },
                ],
            }),
            shared({
                fastLaunchConfigurations: [
                    { enabled: true, launchTemplate: { launchTemplateId: LT, launchTemplateName: UNKNOWN } },
                ],
            }),
        ],
    },
    "fast-launch-template-name": {
        bad: [
            {
                args: shared({
                    fastLaunchConfigurations: [{ enabled: true, launchTemplate: { launchTemplateName: "fl" } }],
                }),
                path: `${D}.fastLaunchConfigurations[0].launchTemplate.launchTemplateName`,
            },
            {
                args: shared({
                    fastLaunchConfigurations: [
                        { enabled: true, launchTemplate: { launchTemplateName: "fast launch" } },
                    ],
                }),
                path: `${D}.fastLaunchConfigurations[0].launchTemplate.launchTemplateName`,
            },
            {
                args: shared(
                    {
                        fastLaunchConfigurations: [
                            { enabled: true, launchTemplate: { launchTemplateName: "t".repeat(129) } },
                        ],
                    },
                    { backend: "aws-native" },
                ),
                path: `${D}.fastLaunchConfigurations[0].launchTemplate.launchTemplateName`,
            },
        ],
        good: [
            shared({
                fastLaunchConfigurations: [
                    { enabled: true, launchTemplate: { launchTemplateName: "win/fast_launch-(v1.2)" } },
                ],
            }),
            shared({ fastLaunchConfigurations: [{ enabled: true, launchTemplate: { launchTemplateName: UNKNOWN } }] }),
            // Disabled, or not known yet: EC2 never looks the template up.
            shared({ fastLaunchConfigurations: [{ enabled: false, launchTemplate: { launchTemplateName: "fl" } }] }),
            shared({ fastLaunchConfigurations: [{ enabled: UNKNOWN, launchTemplate: { launchTemplateName: "fl" } }] }),
            shared(
                {
                    fastLaunchConfigurations: [
                        { enabled: true, launchTemplate: { launchTemplateName: "t".repeat(128) } },
                    ],
                },
                { backend: "aws-native" },
            ),
        ],
    },
    "aws-provider-name-length": {
        bad: [
            { args: withOutput({}, { name: "n".repeat(127) }), path: "name" },
            { args: withOutput({}, { name: "n".repeat(128), backend: "aws" }), path: "name" },
        ],
        good: [
            withOutput({}, { name: "n".repeat(126) }),
            withOutput({}, { name: "n".repeat(128), backend: "aws-native" }),
        ],
    },
    "aws-provider-fast-launch-limits": {
        bad: [
            {
                args: shared({
                    fastLaunchConfigurations: [
                        { enabled: true, launchTemplate: { launchTemplateName: "t".repeat(126) } },
                    ],
                }),
                path: `${D}.fastLaunchConfigurations[0].launchTemplate.launchTemplateName`,
            },
            {
                args: shared({ fastLaunchConfigurations: [{ enabled: true, maxParallelLaunches: 10001 }] }),
                path: `${D}.fastLaunchConfigurations[0].maxParallelLaunches`,
            },
            // Terraform checks the name with fast launch disabled too, where EC2 never looks it up.
            ...["fl", "my template", "t".repeat(129)].map((launchTemplateName) => ({
                args: shared({
                    fastLaunchConfigurations: [{ enabled: false, launchTemplate: { launchTemplateName } }],
                }),
                path: `${D}.fastLaunchConfigurations[0].launchTemplate.launchTemplateName`,
            })),
        ],
        good: [
            shared({
                fastLaunchConfigurations: [{ enabled: true, launchTemplate: { launchTemplateName: "t".repeat(125) } }],
            }),
            // Enabled, a name no EC2 template can have is fast-launch-template-name's: one problem a value.
            shared({ fastLaunchConfigurations: [{ enabled: true, launchTemplate: { launchTemplateName: "fl" } }] }),
            shared(
                { fastLaunchConfigurations: [{ enabled: false, launchTemplate: { launchTemplateName: "fl" } }] },
                { backend: "aws-native" },
            ),
            shared({ fastLaunchConfigurations: [{ enabled: true, maxParallelLaunches: 10000 }] }),
            shared(
                {
                    fastLaunchConfigurations: [
                        {
                            enabled: true,
                            maxParallelLaunches: 20000,
                            launchTemplate: { launchTemplateName: "t".repeat(126) },
                        },
                    ],
                },
                { backend: "aws-native" },
            ),
        ],
    },
    "ssm-account": {
        bad: [
            {
                args: shared({
                    ssmParameterConfigurations: [{ parameterName: "/golden/latest", amiAccountId: ACCOUNT }],
                }),
                path: `${D}.ssmParameterConfigurations[0].amiAccountId`,
            },
        ],
        good: [
            shared({
                ssmParameterConfigurations: [{ parameterName: "/golden/latest", amiAccountId: DEPLOYING_ACCOUNT }],
            }),
            shared({
                amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] },
                ssmParameterConfigurations: [{ parameterName: "/golden/latest", amiAccountId: ACCOUNT }],
            }),
        ],
    },
    "s3-export-aws-native": {
        bad: [
            {
                args: shared(
                    { s3ExportConfiguration: { roleName: "r", diskImageFormat: "RAW", s3Bucket: "b" } },
                    { backend: "aws-native" },
                ),
                path: `${D}.s3ExportConfiguration`,
            },
        ],
        good: [
            shared(
                { s3ExportConfiguration: { roleName: "r", diskImageFormat: "RAW", s3Bucket: "b" } },
                { backend: "aws" },
            ),
            // NONE sends nothing; a value not known yet is checked once it resolves.
            withOutput({ s3ExportConfiguration: null }, { backend: "aws-native" }),
            withOutput({ s3ExportConfiguration: UNKNOWN }, { backend: "aws-native" }),
        ],
    },
    "ami-name-build-date": {
        bad: [
            { args: ami({ name: "golden" }), path: `${AMI}.name` },
            { args: ami({ name: "golden-{{ imagebuilder:buildVersion }}" }), path: `${AMI}.name` },
        ],
        good: [
            ami({}),
            ami({ name: "golden-{{imagebuilder:buildDate}}" }),
            shared({ amiDistributionConfiguration: { description: "no name: Image Builder names it" } }),
        ],
    },
    "ami-name-characters": {
        bad: [
            { args: ami({ name: "golden:1.0-{{ imagebuilder:buildDate }}" }), path: `${AMI}.name` },
            { args: ami({ name: "golden\t{{ imagebuilder:buildDate }}" }), path: `${AMI}.name` },
        ],
        good: [ami({ name: "golden 1.0-{{ imagebuilder:buildDate }}_{{ imagebuilder:buildVersion }}" })],
    },
    "partition-mixed": {
        bad: [
            { args: shared(LT_OUTPUT, {}, ["us-east-1", "cn-north-1"]), path: "regions[1]" },
            { args: shared(LT_OUTPUT, { homeRegion: "cn-north-1" }, ["us-east-1"]), path: "regions[0]" },
            {
                args: { ...withOutput({}), distributions: [{ region: "us-gov-west-1", ...LT_OUTPUT }] },
                path: "distributions[0].region",
            },
        ],
        good: [shared(LT_OUTPUT, { homeRegion: "cn-northwest-1" }, ["cn-north-1", "cn-northwest-1"])],
    },
    "ecr-repository-name": {
        bad: [
            {
                args: shared({
                    containerDistributionConfiguration: {
                        targetRepository: { service: "ECR", repositoryName: "Golden" },
                    },
                }),
                path: `${D}.containerDistributionConfiguration.targetRepository.repositoryName`,
            },
            {
                args: shared({
                    containerDistributionConfiguration: {
                        targetRepository: {
                            service: "ECR",
                            repositoryName: "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:latest",
                        },
                    },
                }),
                path: `${D}.containerDistributionConfiguration.targetRepository.repositoryName`,
            },
            {
                args: shared({
                    containerDistributionConfiguration: { targetRepository: { service: "ECR", repositoryName: "a" } },
                }),
                path: `${D}.containerDistributionConfiguration.targetRepository.repositoryName`,
            },
            // A registry host without a tag: ECR's name pattern allows it, the API says the name only.
            ...[
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app",
                "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app",
                "public.ecr.aws/team/app",
            ].map((repositoryName) => ({
                args: shared({
                    containerDistributionConfiguration: { targetRepository: { service: "ECR", repositoryName } },
                }),
                path: `${D}.containerDistributionConfiguration.targetRepository.repositoryName`,
            })),
        ],
        good: [
            shared({
                containerDistributionConfiguration: {
                    targetRepository: { service: "ECR", repositoryName: "team-a/my_repo.v2" },
                },
            }),
            // Dots in a first namespace that is no ECR registry host.
            shared({
                containerDistributionConfiguration: {
                    targetRepository: { service: "ECR", repositoryName: "team.a/app" },
                },
            }),
        ],
    },
    "ssm-parameter-name-prefix": {
        bad: [
            {
                args: shared({ ssmParameterConfigurations: [{ parameterName: "/aws/golden" }] }),
                path: `${D}.ssmParameterConfigurations[0].parameterName`,
            },
            {
                args: shared({ ssmParameterConfigurations: [{ parameterName: "SSM-golden" }] }),
                path: `${D}.ssmParameterConfigurations[0].parameterName`,
            },
        ],
        good: [shared({ ssmParameterConfigurations: [{ parameterName: "/golden/aws" }] })],
    },
    "ssm-parameter-arn-length": {
        bad: [
            // 1,012 characters as an ARN in us-east-1 (arn:aws:ssm:us-east-1:<account>:parameter/ is 45),
            // with the name's leading '/' the ARN's own, and without.
            { args: ssmName(`/${"a".repeat(967)}`, ["us-east-1"]), path: SSM_NAME },
            { args: ssmName("a".repeat(967), ["us-east-1"]), path: SSM_NAME },
            // 1,011 in us-east-1, 1,016 in ap-southeast-5: the region decides.
            { args: ssmName(`/${"a".repeat(966)}`, ["us-east-1", "ap-southeast-5"]), path: SSM_NAME },
        ],
        good: [ssmName(`/${"a".repeat(966)}`, ["us-east-1"]), ssmName("a".repeat(966), ["us-east-1"])],
    },
    "ssm-parameter-name-path": {
        bad: [
            {
                args: shared({ ssmParameterConfigurations: [{ parameterName: "golden/latest" }] }),
                path: `${D}.ssmParameterConfigurations[0].parameterName`,
            },
            {
                args: shared({ ssmParameterConfigurations: [{ parameterName: "/a".repeat(16) }] }),
                path: `${D}.ssmParameterConfigurations[0].parameterName`,
            },
        ],
        good: [
            shared({
                ssmParameterConfigurations: [{ parameterName: "/a".repeat(15) }, { parameterName: "golden-latest" }],
            }),
        ],
    },
    // Across configurations: the second component of the program is rejected, at its name.
    "name-collision": {
        bad: [
            {
                args: program(
                    withOutput({}, { name: "Golden Images", homeRegion: "us-east-1" }),
                    withOutput({}, { name: "golden_images", homeRegion: "us-east-1" }),
                ),
                path: "name",
            },
        ],
        good: [
            program(
                withOutput({}, { name: "Golden Images", homeRegion: "us-east-1" }),
                withOutput({}, { name: "golden_images", homeRegion: "us-west-2" }),
            ),
            program(
                withOutput({}, { name: "golden-images", homeRegion: "us-east-1" }),
                withOutput({}, { name: "goldenimages", homeRegion: "us-east-1" }),
            ),
        ],
    },
    "fast-launch-cross-account": {
        bad: [
            {
                args: shared({
                    amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] },
                    fastLaunchConfigurations: [{ enabled: true }],
                }),
                path: `${D}.fastLaunchConfigurations[0].enabled`,
            },
        ],
        good: [
            shared({
                amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [DEPLOYING_ACCOUNT] },
                fastLaunchConfigurations: [{ enabled: true }],
            }),
            shared({
                amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] },
                fastLaunchConfigurations: [{ enabled: false }],
            }),
        ],
    },
};

/** The problems of creating the components of `p` in a new program (mock runtime), in order. */
function programFindings(p: Program): { code: string; path: string; text: string }[] {
    setupMocks({ project: "rules", stack: "dev" });
    const lib = require("../components") as typeof import("../components");
    const found: { code: string; path: string; text: string }[] = [];
    p.components.forEach((args, i) => {
        try {
            new lib.MultiRegionDistribution(`component-${i}`, args as never);
        } catch (e) {
            assert.ok(lib.DistributionValidationError.isInstance(e), String(e));
            found.push(...e.problems.map((x) => ({ code: x.code ?? "", path: x.path, text: formatProblem(x) })));
        }
    });
    return found;
}

/**
 * Every finding of a configuration (problems and warnings), once the deploying account is known; or of
 * the components of a program.
 */
function findings(args: Args | Program): { code: string; path: string; text: string }[] {
    if (args instanceof Program) {
        return programFindings(args);
    }
    const { problems, warnings } = checkArgsView(args, [], DEPLOYING_ACCOUNT);
    return [
        ...problems.map((p) => ({ code: p.code, path: p.path, text: formatProblem(p) })),
        ...warnings.map((w) => ({ code: w.code, path: w.path, text: w.message })),
    ];
}

describe("rules: the registry, by code", () => {
    it("has a row that breaks and a row that keeps every rule, and no row of a rule it does not have", () => {
        const codes = RULES.map((r) => r.code);
        assert.deepStrictEqual(
            codes.filter((c) => !ROWS[c] || ROWS[c].bad.length === 0 || ROWS[c].good.length === 0),
            [],
        );
        assert.deepStrictEqual(
            Object.keys(ROWS).filter((c) => !codes.includes(c)),
            [],
        );
    });

    it("gives every rule a unique kebab-case code, a one-line description, a known source and a severity", () => {
        assert.strictEqual(new Set(RULES.map((r) => r.code)).size, RULES.length);
        for (const r of RULES) {
            assert.match(r.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.ok(r.description.length > 0 && !r.description.includes("\n"), r.code);
            assert.ok(["model", "aws-docs", "reported-failure", "component"].includes(r.source), r.code);
            assert.ok(r.url === undefined || /^https:\/\//.test(r.url), r.code);
            assert.ok(r.severity === "error" || r.severity === "warning", r.code);
        }
    });

    it("tells the rules that compare configurations with each other, whose rows are programs", () => {
        assert.deepStrictEqual(
            RULES.filter((r) => r.acrossConfigurations).map((r) => r.code),
            ["name-collision"],
        );
        for (const r of RULES) {
            const rows = ROWS[r.code];
            const all = [...rows.bad.map((row) => row.args), ...rows.good];
            assert.ok(
                all.every((a) => a instanceof Program === r.acrossConfigurations),
                `${r.code}: rows of ${r.acrossConfigurations ? "programs" : "one configuration"}`,
            );
        }
    });

    for (const [code, rows] of Object.entries(ROWS)) {
        const rule = RULES.find((r) => r.code === code);
        rows.bad.forEach((row, i) => {
            it(`${code}: rejects bad row ${i} at ${row.path ?? "?"}`, () => {
                const found = findings(row.args);
                const hits = found.filter((f) => f.code === code);
                assert.ok(hits.length > 0, `no ${code} among:\n${found.map((f) => f.text).join("\n") || "none"}`);
                if (row.path !== undefined) {
                    assert.ok(
                        hits.some((f) => f.path === row.path),
                        `no ${code} at ${row.path}: ${hits.map((f) => f.path).join(", ")}`,
                    );
                }
                if (rule?.severity === "error") {
                    assert.ok(
                        hits.every((h) => h.text.includes(`[${code}]`)),
                        "the message names the code",
                    );
                }
            });
        });
        rows.good.forEach((args, i) => {
            it(`${code}: accepts good row ${i}`, () => {
                const found = findings(args);
                assert.deepStrictEqual(
                    found.filter((f) => f.code === code).map((f) => f.text),
                    [],
                );
            });
        });
    }

    it("reports a finding of settings that regions take whole from defaults once, naming every region", () => {
        const found = findings(ami({ launchPermission: { userGroups: ["all"] } }));
        const hits = found.filter((f) => f.code === "public-ami-not-allowed");
        assert.strictEqual(hits.length, 1);
        assert.match(hits[0].text, /\(regions us-east-1, us-west-2\)/);
    });

    it("lists every problem's code in the error's problems and message", () => {
        const { problems } = checkArgsView(ami({ kmsKeyId: KMS_US }, { backend: "awsnative" }), [], DEPLOYING_ACCOUNT);
        const error = new DistributionValidationError("golden", problems);
        assert.deepStrictEqual(
            error.problems.map((p) => p.code),
            ["kms-key-region", "backend-value"],
        );
        assert.match(error.message, /\[kms-key-region\]/);
        assert.match(error.message, /\[backend-value\]/);
    });

    it("has docs/rules.md as the registry generates it", () => {
        const file = fs.readFileSync(path.join(__dirname, "..", "docs", "rules.md"), "utf8");
        assert.strictEqual(file, renderRulesTable(RULES));
        for (const r of RULES) {
            assert.ok(file.includes(`| \`${r.code}\` |`), r.code);
        }
    });
});
