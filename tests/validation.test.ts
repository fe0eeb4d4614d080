/**
 * Validation (issue 3), pure and table-driven: every constraint of AWS's model for the shapes of a
 * distribution (plus the configuration's name, description and tags), valid and invalid, at their
 * limits; every service rule that the model does not state; and the form of the messages.
 */
import * as assert from "assert";
import { SHAPES } from "../components/distribution/constraints.generated";
import { DistributionValidationError } from "../components/distribution/errors";
import { checkArgsView, validateArgs } from "../components/distribution/multiRegionDistribution";
import { REGION_PATTERN, isRegionCode, partitionOf } from "../components/distribution/regions";
import { RULES } from "../components/distribution/rules";
import { Problem, ValidationResult, formatProblem, javaPatternSource } from "../components/distribution/validate";
import { UNKNOWN } from "../components/distribution/values";

type Args = Record<string, unknown>;

const ACCOUNT = "111122223333";
const ACCOUNT_B = "444455556666";
const AMI_NAME = "golden-{{ imagebuilder:buildDate }}";
const LT = "lt-0123456789abcdef0";
const ORG = "arn:aws:organizations::111122223333:organization/o-abcdefghij";
const OU = "arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefgh34";
const LICENSE =
    "arn:aws:license-manager:us-east-1:111122223333:license-configuration:lic-0123456789abcdef0123456789abcdef";
const KMS_US = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const KMS_EU = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const AMI = "defaults.amiDistributionConfiguration";
const LP = `${AMI}.launchPermission`;

// ---- builders -------------------------------------------------------------------------------------

/** `defaults` for one region (us-east-1). */
const inRegion = (settings: Args, extra: Args = {}): Args => ({ regions: ["us-east-1"], defaults: settings, ...extra });
/** An AMI distribution with a valid name plus `fields`. */
const ami = (fields: Args, extra: Args = {}): Args =>
    inRegion({ amiDistributionConfiguration: { name: AMI_NAME, ...fields } }, extra);
/** A launch template output, so that a setting under test is not the region's only output. */
const LT_OUTPUT = { launchTemplateConfigurations: [{ launchTemplateId: LT }] };
/** One setting next to a launch template output. */
const withOutput = (settings: Args, extra: Args = {}): Args => inRegion({ ...LT_OUTPUT, ...settings }, extra);
/** A configuration with valid settings and the given top-level arguments. */
const top = (extra: Args): Args => ami({}, extra);
const fastLaunch = (fields: Args): Args => inRegion({ fastLaunchConfigurations: [{ enabled: true, ...fields }] });
const ssm = (fields: Args, amiFields?: Args): Args =>
    inRegion({
        ...(amiFields ? { amiDistributionConfiguration: { name: AMI_NAME, ...amiFields } } : {}),
        ssmParameterConfigurations: [{ parameterName: "/golden/latest", ...fields }],
    });
const container = (fields: Args): Args => inRegion({ containerDistributionConfiguration: fields });
const REPO = { service: "ECR", repositoryName: "golden/app" };
const s3 = (fields: Args): Args =>
    inRegion({
        s3ExportConfiguration: { roleName: "vmimport", diskImageFormat: "RAW", s3Bucket: "exports", ...fields },
    });

/** `n` distinct values made by `f`. */
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const accounts = (n: number) => times(n, (i) => String(100000000000 + i));
const orgArns = (n: number) =>
    times(n, (i) => `arn:aws:organizations::111122223333:organization/o-${String(i).padStart(10, "0")}`);
const ouArns = (n: number) =>
    times(n, (i) => `arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-${String(i).padStart(8, "0")}`);
const licenses = (n: number) =>
    times(
        n,
        (i) =>
            `arn:aws:license-manager:us-east-1:111122223333:license-configuration:lic-${String(i).padStart(32, "0")}`,
    );
const launchTemplates = (n: number) => times(n, (i) => ({ launchTemplateId: `lt-${String(i).padStart(17, "0")}` }));
const tagMap = (n: number) => Object.fromEntries(times(n, (i) => [`k${i}`, `v${i}`]));

/** The problems of a view of the arguments (plain data, UNKNOWN for unknown values). */
/** The account that deploys the configurations of these tests: none of them uses it otherwise. */
const DEPLOYING_ACCOUNT = "888877776666";

/** Validates as the component does once the deploying account is known. */
function check(args: Args, secrets: string[] = []): ValidationResult {
    return checkArgsView(args, secrets, DEPLOYING_ACCOUNT);
}

// ---- the table --------------------------------------------------------------------------------------

interface Case {
    title: string;
    args: Args;
    /** The paths of the problems expected, in order; absent or empty for a valid configuration. */
    paths?: string[];
    /** What the (first) problem's rule must say. */
    rule?: RegExp;
    /** What the (first) problem's fix must say. */
    fix?: RegExp;
    /** The model shape the case exercises, for the coverage check. */
    shape?: string;
}

const valid = (shape: string | undefined, title: string, args: Args): Case => ({ shape, title, args });
const invalid = (
    shape: string | undefined,
    title: string,
    args: Args,
    path: string | string[],
    rule?: RegExp,
    fix?: RegExp,
): Case => ({
    shape,
    title,
    args,
    paths: Array.isArray(path) ? path : [path],
    rule,
    fix,
});

const MODEL_CASES: Case[] = [
    // The configuration's name.
    valid("ResourceName", "name of 3 characters", top({ name: "abc" })),
    valid("ResourceName", "name of 128 characters", top({ name: "n".repeat(128) })),
    valid("ResourceName", "name with spaces, '-' and '_' inside", top({ name: "golden AMI_dist-1" })),
    valid("ResourceName", "name of only '-' and '_'", top({ name: "-_-" })),
    invalid("ResourceName", "name of 2 characters", top({ name: "ab" }), "name", /a name of 3 to 128/),
    invalid("ResourceName", "name of 129 characters", top({ name: "n".repeat(129) }), "name", /pattern/),
    invalid("ResourceName", "name starting with a space", top({ name: " golden" }), "name", /no space at either end/),
    invalid("ResourceName", "name ending with a space", top({ name: "golden " }), "name"),
    invalid(
        "ResourceName",
        "name with '.'",
        top({ name: "golden.ami" }),
        "name",
        undefined,
        /replace others \(such as/,
    ),
    invalid("ResourceName", "name with '/'", top({ name: "team/golden" }), "name"),
    invalid("ResourceName", "name with a non-ASCII letter", top({ name: "café-golden" }), "name"),
    invalid("ResourceName", "name that is a number", top({ name: 12345 }), "name", /must be a string/),

    // The configuration's description (NonEmptyString, 1 to 1024 code points).
    valid("NonEmptyString", "description of 1 character", top({ description: "d" })),
    valid("NonEmptyString", "description of 1024 characters", top({ description: "d".repeat(1024) })),
    valid(
        "NonEmptyString",
        "description of 1024 astral characters (counted as code points)",
        top({ description: "😀".repeat(1024) }),
    ),
    invalid(
        "NonEmptyString",
        "empty description",
        top({ description: "" }),
        "description",
        /1 to 1024 characters long \(has 0\)/,
    ),
    invalid(
        "NonEmptyString",
        "description of 1025 characters",
        top({ description: "d".repeat(1025) }),
        "description",
        /\(has 1025\)/,
    ),
    invalid(
        "NonEmptyString",
        "description of 1025 astral characters",
        top({ description: "😀".repeat(1025) }),
        "description",
        /\(has 1025\)/,
    ),

    // The configuration's tags (TagMap of TagKey to TagValue).
    valid("TagMap", "one tag", top({ tags: { Owner: "platform" } })),
    valid("TagMap", "50 tags", top({ tags: tagMap(50) })),
    valid("TagMap", "no tags: an empty map is sent as nothing", top({ tags: {} })),
    invalid("TagMap", "51 tags", top({ tags: tagMap(51) }), "tags", /must have 1 to 50 entries \(has 51\)/, /remove 1/),
    valid("TagKey", "key of 128 characters", top({ tags: { ["k".repeat(128)]: "v" } })),
    valid("TagKey", "key with every allowed punctuation", top({ tags: { "a b_.:/=+-@": "v" } })),
    valid("TagKey", "key with 'aws' not as a prefix", top({ tags: { "my-aws:key": "v", awskey: "v" } })),
    invalid(
        "TagKey",
        "key starting with 'aws:'",
        top({ tags: { "aws:team": "v" } }),
        'tags["aws:team"]',
        /not starting with 'aws:'/,
        /^rename the key: the prefix 'aws:' is reserved for AWS$/,
    ),
    invalid("TagKey", "empty key", top({ tags: { "": "v" } }), 'tags[""]', /key must be 1 to 128 characters/),
    invalid(
        "TagKey",
        "a key named __proto__ (Pulumi's SDK drops it)",
        top({ tags: JSON.parse('{"__proto__":"v","Owner":"platform"}') as Args }),
        'tags["__proto__"]',
        /Pulumi cannot send/,
    ),
    invalid(
        "TagKey",
        "an AMI tag named __proto__ in an override",
        {
            regions: ["us-east-1"],
            defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
            overrides: {
                "us-east-1": JSON.parse('{"amiDistributionConfiguration":{"amiTags":{"__proto__":"v"}}}') as Args,
            },
        },
        'overrides["us-east-1"].amiDistributionConfiguration.amiTags["__proto__"]',
        /Pulumi cannot send/,
    ),
    invalid(
        "TagKey",
        "key of 129 characters",
        top({ tags: { ["k".repeat(129)]: "v" } }),
        `tags["${"k".repeat(129)}"]`,
        /key must be 1 to 128 characters long \(has 129\)/,
        /shorten the key/,
    ),
    invalid(
        "TagKey",
        "key with an ideographic space (not Java's \\s)",
        top({ tags: { "Cost\u3000Center": "v" } }),
        'tags["Cost\u3000Center"]',
        /key must be a tag key/,
    ),
    invalid(
        "TagKey",
        "AMI tag key with a line separator",
        ami({ amiTags: { "Cost\u2028Center": "v" } }),
        `${AMI}.amiTags["Cost\u2028Center"]`,
        /key must be a tag key/,
    ),
    invalid(
        "TagKey",
        "key with '#'",
        top({ tags: { "cost#center": "v" } }),
        'tags["cost#center"]',
        /key must be a tag key/,
        /^remove or replace "#" in the key$/,
    ),
    invalid(
        "TagKey",
        "key with '|', '#' and a no-break space",
        top({ tags: { "a|b#c\u00a0d|": "v" } }),
        'tags["a|b#c\u00a0d|"]',
        /key must be a tag key/,
        /^remove or replace "\|", "#", U\+00A0 in the key$/,
    ),
    valid("TagValue", "empty value", top({ tags: { Owner: "" } })),
    valid("TagValue", "value of 256 characters", top({ tags: { Owner: "v".repeat(256) } })),
    valid("TagValue", "value of 256 astral characters", top({ tags: { Owner: "😀".repeat(256) } })),
    invalid(
        "TagValue",
        "value of 257 characters",
        top({ tags: { Owner: "v".repeat(257) } }),
        'tags["Owner"]',
        /at most 256 characters long \(has 257\)/,
    ),
    invalid("TagValue", "value that is a number", top({ tags: { Owner: 7 } }), 'tags["Owner"]', /must be a string/),
    invalid(
        "TagValue",
        "value that is null",
        top({ tags: { Owner: null } }),
        'tags["Owner"]',
        /must be a string, not null/,
    ),

    // Distribution.
    invalid(
        "Distribution",
        "explicit distribution without region",
        { distributions: [LT_OUTPUT] },
        "distributions[0].region",
        /is required by Distribution/,
        /give region/,
    ),
    valid("Distribution", "explicit distribution with region", {
        distributions: [{ region: "us-east-1", ...LT_OUTPUT }],
    }),
    invalid(
        "Distribution",
        "region that is a number",
        { regions: [42], defaults: LT_OUTPUT },
        "regions[0]",
        /must be a string/,
    ),
    invalid(
        "Distribution",
        "empty region",
        { distributions: [{ region: "", ...LT_OUTPUT }] },
        "distributions[0].region",
        /\(has 0\)/,
    ),
    invalid(
        "Distribution",
        "field the model does not know",
        withOutput({ amiDistributionConfig: { name: AMI_NAME } }),
        "defaults.amiDistributionConfig",
        /is not a field of Distribution/,
        /did you mean amiDistributionConfiguration\?/,
    ),
    invalid(
        "Distribution",
        "settings that are not an object",
        withOutput({ amiDistributionConfiguration: "golden" }),
        AMI,
        /must be an object/,
    ),

    // AmiDistributionConfiguration and its name (AmiNameString: 1 to 127, pattern needs 3).
    valid(
        "AmiDistributionConfiguration",
        "AMI settings with every field",
        ami({
            description: "golden",
            targetAccountIds: [ACCOUNT],
            amiTags: { Team: "platform" },
            kmsKeyId: KMS_US,
            launchPermission: { userIds: [ACCOUNT_B], organizationArns: [ORG], organizationalUnitArns: [OU] },
        }),
    ),
    invalid(
        "AmiDistributionConfiguration",
        "unknown AMI field",
        ami({ amiTag: { a: "b" } }),
        `${AMI}.amiTag`,
        /not a field of AmiDistributionConfiguration/,
        /did you mean amiTags\?/,
    ),
    valid("AmiNameString", "AMI name of 3 characters", ami({ name: "abc" })),
    valid("AmiNameString", "AMI name of 127 characters", ami({ name: "a".repeat(127) })),
    valid("AmiNameString", "AMI name with every allowed punctuation", ami({ name: "{a-b_c d:e.f{g}h}" })),
    valid("AmiNameString", "AMI name that is only a build placeholder", ami({ name: "{{ imagebuilder:buildDate }}" })),
    valid(
        "AmiNameString",
        "AMI name with '.' and ':' inside",
        ami({ name: "golden 1.0:{{ imagebuilder:buildVersion }}" }),
    ),
    invalid(
        "AmiNameString",
        "AMI name of 128 characters",
        ami({ name: "a".repeat(128) }),
        `${AMI}.name`,
        /1 to 127 characters long \(has 128\)/,
    ),
    invalid(
        "AmiNameString",
        "AMI name of 2 characters",
        ami({ name: "ab" }),
        `${AMI}.name`,
        /an AMI name of 3 to 127 characters/,
    ),
    invalid("AmiNameString", "empty AMI name", ami({ name: "" }), `${AMI}.name`, /\(has 0\)/),
    invalid("AmiNameString", "AMI name starting with '.'", ami({ name: ".golden" }), `${AMI}.name`),
    invalid("AmiNameString", "AMI name ending with ':'", ami({ name: "golden:" }), `${AMI}.name`),
    invalid("AmiNameString", "AMI name with '/'", ami({ name: "team/golden" }), `${AMI}.name`, /pattern/),
    // Java's \s (the model's patterns are Java's) is ASCII whitespace: a tab is allowed, a no-break space is not.
    valid(
        "AmiNameString",
        "AMI name with a tab inside (Java's \\s)",
        ami({ name: "golden\t{{ imagebuilder:buildDate }}" }),
    ),
    invalid(
        "AmiNameString",
        "AMI name with a no-break space inside (not Java's \\s)",
        ami({ name: "golden\u00a0{{ imagebuilder:buildDate }}" }),
        `${AMI}.name`,
        /pattern/,
    ),

    invalid("AmiNameString", "AMI name with parentheses", ami({ name: "golden (1)" }), `${AMI}.name`),
    invalid("NonEmptyString", "empty AMI description", ami({ description: "" }), `${AMI}.description`),
    invalid(
        "NonEmptyString",
        "AMI description of 1025 characters",
        ami({ description: "d".repeat(1025) }),
        `${AMI}.description`,
    ),
    valid("NonEmptyString", "KMS key alias", ami({ kmsKeyId: "alias/golden" })),
    invalid("NonEmptyString", "empty KMS key", ami({ kmsKeyId: "" }), `${AMI}.kmsKeyId`),

    // AccountList and AccountId.
    valid("AccountList", "one target account", ami({ targetAccountIds: [ACCOUNT] })),
    valid("AccountList", "1536 target accounts", ami({ targetAccountIds: accounts(1536) })),
    valid("AccountList", "no target accounts: an empty list is sent as nothing", ami({ targetAccountIds: [] })),
    invalid(
        "AccountList",
        "1537 target accounts",
        ami({ targetAccountIds: accounts(1537) }),
        `${AMI}.targetAccountIds`,
        /must have 1 to 1536 items \(has 1537\)/,
    ),
    valid("AccountList", "1536 launch permission accounts", ami({ launchPermission: { userIds: accounts(1536) } })),
    invalid(
        "AccountList",
        "1537 launch permission accounts",
        ami({ launchPermission: { userIds: accounts(1537) } }),
        `${LP}.userIds`,
        /\(has 1537\)/,
    ),
    valid("AccountId", "account id with leading zeros", ami({ targetAccountIds: ["000000000001"] })),
    invalid(
        "AccountId",
        "account id of 11 digits",
        ami({ targetAccountIds: ["12345678901"] }),
        `${AMI}.targetAccountIds[0]`,
        /exactly 12 digits/,
        /leading zeros/,
    ),
    invalid(
        "AccountId",
        "account id of 13 digits",
        ami({ targetAccountIds: [ACCOUNT, "1234567890123"] }),
        `${AMI}.targetAccountIds[1]`,
    ),
    invalid(
        "AccountId",
        "account id with a letter",
        ami({ targetAccountIds: ["12345678901a"] }),
        `${AMI}.targetAccountIds[0]`,
    ),
    invalid(
        "AccountId",
        "account id with dashes",
        ami({ targetAccountIds: ["1111-2222-3333"] }),
        `${AMI}.targetAccountIds[0]`,
    ),
    invalid(
        "AccountId",
        "account id with a space",
        ami({ targetAccountIds: [` ${ACCOUNT}`] }),
        `${AMI}.targetAccountIds[0]`,
    ),
    invalid(
        "AccountId",
        "account id as a number",
        ami({ targetAccountIds: [111122223333] }),
        `${AMI}.targetAccountIds[0]`,
        /must be a string/,
    ),
    invalid(
        "AccountId",
        "account id that is null",
        ami({ targetAccountIds: [null] }),
        `${AMI}.targetAccountIds[0]`,
        /a list item must be a string, not null/,
    ),
    invalid(
        "AccountId",
        "launch permission account",
        ami({ launchPermission: { userIds: ["1"] } }),
        `${LP}.userIds[0]`,
    ),
    invalid(
        "AccountId",
        "launch template account",
        withOutput({ launchTemplateConfigurations: [{ launchTemplateId: LT, accountId: "x" }] }),
        "defaults.launchTemplateConfigurations[0].accountId",
    ),
    invalid(
        "AccountId",
        "fast launch account",
        fastLaunch({ accountId: "12345" }),
        "defaults.fastLaunchConfigurations[0].accountId",
    ),
    invalid(
        "AccountId",
        "SSM parameter account",
        ssm({ amiAccountId: "12345" }),
        "defaults.ssmParameterConfigurations[0].amiAccountId",
        /exactly 12 digits/,
    ),

    // The AMI's tags.
    valid("TagMap", "50 AMI tags", ami({ amiTags: tagMap(50) })),
    invalid("TagMap", "51 AMI tags", ami({ amiTags: tagMap(51) }), `${AMI}.amiTags`, /\(has 51\)/),
    invalid(
        "TagKey",
        "AMI tag key starting with 'aws:'",
        ami({ amiTags: { "aws:cloudformation:stack-name": "x" } }),
        `${AMI}.amiTags["aws:cloudformation:stack-name"]`,
        /aws:/,
    ),
    invalid(
        "TagValue",
        "AMI tag value of 257 characters",
        ami({ amiTags: { Team: "t".repeat(257) } }),
        `${AMI}.amiTags["Team"]`,
    ),
    invalid(
        "TagValue",
        "AMI tag value that is null",
        ami({ amiTags: { Team: null } }),
        `${AMI}.amiTags["Team"]`,
        /not null/,
    ),

    // LaunchPermissionConfiguration.
    valid("LaunchPermissionConfiguration", "empty launch permission", ami({ launchPermission: {} })),
    invalid(
        "LaunchPermissionConfiguration",
        "unknown launch permission field",
        ami({ launchPermission: { groups: ["all"] } }),
        `${LP}.groups`,
        /not a field of LaunchPermissionConfiguration/,
    ),
    valid(
        "StringList",
        "public AMI when allowed",
        ami({ launchPermission: { userGroups: ["all"] } }, { allowPublicAmis: true }),
    ),
    invalid(
        "StringList",
        "empty launch permission group",
        ami({ launchPermission: { userGroups: [""] } }),
        `${LP}.userGroups[0]`,
        /\(has 0\)/,
    ),
    valid("OrganizationArnList", "25 organizations", ami({ launchPermission: { organizationArns: orgArns(25) } })),
    invalid(
        "OrganizationArnList",
        "26 organizations",
        ami({ launchPermission: { organizationArns: orgArns(26) } }),
        `${LP}.organizationArns`,
        /must have 1 to 25 items \(has 26\)/,
    ),
    valid(
        "OrganizationArn",
        "organization in aws-cn",
        ami({ launchPermission: { organizationArns: [ORG.replace("arn:aws:", "arn:aws-cn:")] } }),
    ),
    valid(
        "OrganizationArn",
        "organization id of 32 characters",
        ami({ launchPermission: { organizationArns: [ORG.replace("o-abcdefghij", `o-${"a".repeat(32)}`)] } }),
    ),
    invalid(
        "OrganizationArn",
        "organization id of 9 characters",
        ami({ launchPermission: { organizationArns: [ORG.replace("o-abcdefghij", "o-abcdefghi")] } }),
        `${LP}.organizationArns[0]`,
        /organization ARN/,
    ),
    invalid(
        "OrganizationArn",
        "organization id of 33 characters",
        ami({ launchPermission: { organizationArns: [ORG.replace("o-abcdefghij", `o-${"a".repeat(33)}`)] } }),
        `${LP}.organizationArns[0]`,
    ),
    invalid(
        "OrganizationArn",
        "organization id in capitals",
        ami({ launchPermission: { organizationArns: [ORG.replace("o-abcdefghij", "o-ABCDEFGHIJ")] } }),
        `${LP}.organizationArns[0]`,
    ),
    invalid(
        "OrganizationArn",
        "organization ARN with a region",
        ami({ launchPermission: { organizationArns: [ORG.replace("::", ":us-east-1:")] } }),
        `${LP}.organizationArns[0]`,
    ),
    invalid(
        "OrganizationArn",
        "organization id instead of ARN",
        ami({ launchPermission: { organizationArns: ["o-abcdefghij"] } }),
        `${LP}.organizationArns[0]`,
        undefined,
        /AWS Organizations/,
    ),
    invalid(
        "OrganizationArn",
        "OU ARN in the organization list",
        ami({ launchPermission: { organizationArns: [OU] } }),
        `${LP}.organizationArns[0]`,
    ),
    valid("OrganizationalUnitArnList", "25 OUs", ami({ launchPermission: { organizationalUnitArns: ouArns(25) } })),
    invalid(
        "OrganizationalUnitArnList",
        "26 OUs",
        ami({ launchPermission: { organizationalUnitArns: ouArns(26) } }),
        `${LP}.organizationalUnitArns`,
        /\(has 26\)/,
    ),
    valid(
        "OrganizationalUnitArn",
        "OU in aws-us-gov with long ids",
        ami({
            launchPermission: {
                organizationalUnitArns: [
                    `arn:aws-us-gov:organizations::111122223333:ou/o-${"a".repeat(32)}/ou-${"b".repeat(32)}-${"c".repeat(32)}`,
                ],
            },
        }),
    ),
    invalid(
        "OrganizationalUnitArn",
        "OU with a root of 3 characters",
        ami({ launchPermission: { organizationalUnitArns: [OU.replace("ou-ab12-", "ou-ab1-")] } }),
        `${LP}.organizationalUnitArns[0]`,
        /organizational unit ARN/,
    ),
    invalid(
        "OrganizationalUnitArn",
        "OU id of 7 characters",
        ami({ launchPermission: { organizationalUnitArns: [OU.replace("cdefgh34", "cdefgh3")] } }),
        `${LP}.organizationalUnitArns[0]`,
    ),
    // The model's OrganizationalUnitArn pattern has no closing "$", but the service matches whole values.
    invalid(
        "OrganizationalUnitArn",
        "OU ARN with more after its id (the pattern is matched whole)",
        ami({ launchPermission: { organizationalUnitArns: [`${OU}/extra`] } }),
        `${LP}.organizationalUnitArns[0]`,
        /organizational unit ARN/,
    ),
    invalid(
        "OrganizationalUnitArn",
        "OU ARN whose id has 33 characters",
        ami({
            launchPermission: {
                organizationalUnitArns: [OU.replace(/-([0-9a-z]+)$/, (_m, id: string) => `-${id.padEnd(33, "x")}`)],
            },
        }),
        `${LP}.organizationalUnitArns[0]`,
    ),
    invalid(
        "OrganizationalUnitArn",
        "two OU ARNs in one string",
        ami({ launchPermission: { organizationalUnitArns: [`${OU},${OU}`] } }),
        `${LP}.organizationalUnitArns[0]`,
    ),
    invalid(
        "OrganizationalUnitArn",
        "organization ARN in the OU list",
        ami({ launchPermission: { organizationalUnitArns: [ORG] } }),
        `${LP}.organizationalUnitArns[0]`,
    ),

    // ContainerDistributionConfiguration and TargetContainerRepository.
    valid(
        "ContainerDistributionConfiguration",
        "container with every field",
        container({ description: "c", containerTags: ["latest", "v1"], targetRepository: REPO }),
    ),
    valid(
        "StringList",
        "100 container tags (the model sets no limit)",
        container({ containerTags: times(100, (i) => `t${i}`), targetRepository: REPO }),
    ),
    invalid(
        "ContainerDistributionConfiguration",
        "container without repository",
        container({ description: "c" }),
        "defaults.containerDistributionConfiguration.targetRepository",
        /is required by ContainerDistributionConfiguration/,
    ),
    invalid(
        "StringList",
        "empty container tag",
        container({ containerTags: ["latest", ""], targetRepository: REPO }),
        "defaults.containerDistributionConfiguration.containerTags[1]",
    ),
    invalid(
        "NonEmptyString",
        "empty container description",
        container({ description: "", targetRepository: REPO }),
        "defaults.containerDistributionConfiguration.description",
    ),
    invalid(
        "TargetContainerRepository",
        "repository without service and name",
        container({ targetRepository: {} }),
        [
            "defaults.containerDistributionConfiguration.targetRepository.service",
            "defaults.containerDistributionConfiguration.targetRepository.repositoryName",
        ],
        /is required by TargetContainerRepository/,
    ),
    valid(
        "TargetContainerRepository",
        "repository with service and name",
        container({ targetRepository: { service: "ECR", repositoryName: "app" } }),
    ),
    valid(
        "NonEmptyString",
        "repository name of 1024 characters",
        container({ targetRepository: { service: "ECR", repositoryName: "r".repeat(1024) } }),
    ),
    invalid(
        "NonEmptyString",
        "empty repository name",
        container({ targetRepository: { service: "ECR", repositoryName: "" } }),
        "defaults.containerDistributionConfiguration.targetRepository.repositoryName",
    ),
    valid("ContainerRepositoryService", "service ECR", container({ targetRepository: REPO })),
    invalid(
        "ContainerRepositoryService",
        "service in lowercase",
        container({ targetRepository: { ...REPO, service: "ecr" } }),
        "defaults.containerDistributionConfiguration.targetRepository.service",
        /must be one of "ECR"/,
        /did you mean "ECR"\?/,
    ),
    invalid(
        "ContainerRepositoryService",
        "service that does not exist",
        container({ targetRepository: { ...REPO, service: "DockerHub" } }),
        "defaults.containerDistributionConfiguration.targetRepository.service",
        /must be one of "ECR"/,
        /use one of the listed values/,
    ),

    // LicenseConfigurationArnList and LicenseConfigurationArn.
    valid("LicenseConfigurationArnList", "50 licenses", withOutput({ licenseConfigurationArns: licenses(50) })),
    invalid(
        "LicenseConfigurationArnList",
        "51 licenses",
        withOutput({ licenseConfigurationArns: licenses(51) }),
        "defaults.licenseConfigurationArns",
        /must have 1 to 50 items \(has 51\)/,
    ),
    valid(
        "LicenseConfigurationArn",
        "license in aws-us-gov",
        withOutput({ licenseConfigurationArns: [LICENSE.replace("arn:aws:", "arn:aws-us-gov:")] }),
    ),
    invalid(
        "LicenseConfigurationArn",
        "license id of 31 characters",
        withOutput({ licenseConfigurationArns: [LICENSE.slice(0, -1)] }),
        "defaults.licenseConfigurationArns[0]",
        /License Manager configuration ARN/,
    ),
    invalid(
        "LicenseConfigurationArn",
        "license id in capitals",
        withOutput({
            licenseConfigurationArns: [
                LICENSE.toUpperCase()
                    .replace("ARN:AWS:LICENSE-MANAGER:US-EAST-1", "arn:aws:license-manager:us-east-1")
                    .replace("LICENSE-CONFIGURATION:LIC-", "license-configuration:lic-"),
            ],
        }),
        "defaults.licenseConfigurationArns[0]",
    ),
    invalid(
        "LicenseConfigurationArn",
        "license without region",
        withOutput({ licenseConfigurationArns: [LICENSE.replace("us-east-1", "")] }),
        "defaults.licenseConfigurationArns[0]",
    ),

    // LaunchTemplateConfigurationList and LaunchTemplateConfiguration.
    valid(
        "LaunchTemplateConfigurationList",
        "100 launch templates",
        inRegion({ launchTemplateConfigurations: launchTemplates(100) }),
    ),
    invalid(
        "LaunchTemplateConfigurationList",
        "101 launch templates",
        inRegion({ launchTemplateConfigurations: launchTemplates(101) }),
        "defaults.launchTemplateConfigurations",
        /must have 1 to 100 items \(has 101\)/,
    ),
    valid(
        "LaunchTemplateConfiguration",
        "launch template with every field",
        inRegion({
            launchTemplateConfigurations: [{ launchTemplateId: LT, accountId: ACCOUNT, setDefaultVersion: true }],
        }),
    ),
    invalid(
        "LaunchTemplateConfiguration",
        "launch template without id",
        withOutput({ launchTemplateConfigurations: [{ accountId: ACCOUNT }] }),
        "defaults.launchTemplateConfigurations[0].launchTemplateId",
        /is required by LaunchTemplateConfiguration/,
    ),
    invalid(
        "Boolean",
        "setDefaultVersion as a string",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: LT, setDefaultVersion: "true" }] }),
        "defaults.launchTemplateConfigurations[0].setDefaultVersion",
        /must be true or false/,
    ),
    valid(
        "Boolean",
        "setDefaultVersion false",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: LT, setDefaultVersion: false }] }),
    ),
    valid(
        "LaunchTemplateId",
        "launch template id with '-' and '_'",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: "lt-0a-b_c01234567890" }] }),
    ),
    invalid(
        "LaunchTemplateId",
        "launch template id of 16 characters",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: LT.slice(0, -1) }] }),
        "defaults.launchTemplateConfigurations[0].launchTemplateId",
        /'lt-' followed by 17/,
    ),
    invalid(
        "LaunchTemplateId",
        "launch template id of 18 characters",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: `${LT}0` }] }),
        "defaults.launchTemplateConfigurations[0].launchTemplateId",
    ),
    invalid(
        "LaunchTemplateId",
        "launch template id in capitals",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: LT.toUpperCase() }] }),
        "defaults.launchTemplateConfigurations[0].launchTemplateId",
    ),
    invalid(
        "LaunchTemplateId",
        "launch template name instead of id",
        inRegion({ launchTemplateConfigurations: [{ launchTemplateId: "golden-template" }] }),
        "defaults.launchTemplateConfigurations[0].launchTemplateId",
        undefined,
        /not its name/,
    ),

    // S3ExportConfiguration and DiskImageFormat.
    valid("S3ExportConfiguration", "S3 export with every field", s3({ s3Prefix: "golden/" })),
    invalid(
        "S3ExportConfiguration",
        "S3 export without its required fields",
        inRegion({ s3ExportConfiguration: { s3Prefix: "golden/" } }),
        [
            "defaults.s3ExportConfiguration.roleName",
            "defaults.s3ExportConfiguration.diskImageFormat",
            "defaults.s3ExportConfiguration.s3Bucket",
        ],
        /is required by S3ExportConfiguration/,
    ),
    invalid("NonEmptyString", "empty S3 prefix", s3({ s3Prefix: "" }), "defaults.s3ExportConfiguration.s3Prefix"),
    invalid("NonEmptyString", "empty role name", s3({ roleName: "" }), "defaults.s3ExportConfiguration.roleName"),
    valid("DiskImageFormat", "disk image format VMDK", s3({ diskImageFormat: "VMDK" })),
    valid("DiskImageFormat", "disk image format VHD", s3({ diskImageFormat: "VHD" })),
    invalid(
        "DiskImageFormat",
        "disk image format in lowercase",
        s3({ diskImageFormat: "vmdk" }),
        "defaults.s3ExportConfiguration.diskImageFormat",
        /must be one of "VMDK", "RAW", "VHD"/,
        /did you mean "VMDK"\?/,
    ),
    invalid(
        "DiskImageFormat",
        "disk image format QCOW2",
        s3({ diskImageFormat: "QCOW2" }),
        "defaults.s3ExportConfiguration.diskImageFormat",
    ),

    // FastLaunchConfigurationList, FastLaunchConfiguration and its nested shapes.
    valid(
        "FastLaunchConfigurationList",
        "1000 fast launch configurations",
        inRegion({ fastLaunchConfigurations: times(1000, () => ({ enabled: true })) }),
    ),
    invalid(
        "FastLaunchConfigurationList",
        "1001 fast launch configurations",
        inRegion({ fastLaunchConfigurations: times(1001, () => ({ enabled: true })) }),
        "defaults.fastLaunchConfigurations",
        /must have 1 to 1000 items \(has 1001\)/,
    ),
    valid(
        "FastLaunchConfiguration",
        "fast launch with every field",
        fastLaunch({
            snapshotConfiguration: { targetResourceCount: 5 },
            maxParallelLaunches: 6,
            launchTemplate: { launchTemplateId: LT, launchTemplateVersion: "1" },
            accountId: ACCOUNT,
        }),
    ),
    invalid(
        "FastLaunchConfiguration",
        "fast launch without enabled",
        withOutput({ fastLaunchConfigurations: [{ maxParallelLaunches: 6 }] }),
        "defaults.fastLaunchConfigurations[0].enabled",
        /is required by FastLaunchConfiguration/,
    ),
    invalid(
        "Boolean",
        "enabled as a string",
        fastLaunch({ enabled: "yes" }),
        "defaults.fastLaunchConfigurations[0].enabled",
        /must be true or false/,
    ),
    valid("FastLaunchSnapshotConfiguration", "empty snapshot configuration", fastLaunch({ snapshotConfiguration: {} })),
    invalid(
        "FastLaunchSnapshotConfiguration",
        "unknown snapshot field",
        fastLaunch({ snapshotConfiguration: { count: 5 } }),
        "defaults.fastLaunchConfigurations[0].snapshotConfiguration.count",
        /not a field of FastLaunchSnapshotConfiguration/,
    ),
    invalid(
        "TargetResourceCount",
        "targetResourceCount 0",
        fastLaunch({ snapshotConfiguration: { targetResourceCount: 0 } }),
        "defaults.fastLaunchConfigurations[0].snapshotConfiguration.targetResourceCount",
        /must be 1 to 10000$/,
    ),
    valid(
        "TargetResourceCount",
        "targetResourceCount 1",
        fastLaunch({ snapshotConfiguration: { targetResourceCount: 1 } }),
    ),
    valid(
        "TargetResourceCount",
        "targetResourceCount 10000",
        fastLaunch({ snapshotConfiguration: { targetResourceCount: 10000 } }),
    ),
    invalid(
        "TargetResourceCount",
        "targetResourceCount 10001",
        fastLaunch({ snapshotConfiguration: { targetResourceCount: 10001 } }),
        "defaults.fastLaunchConfigurations[0].snapshotConfiguration.targetResourceCount",
        /must be 1 to 10000$/,
    ),
    invalid(
        "TargetResourceCount",
        "targetResourceCount 2.5",
        fastLaunch({ snapshotConfiguration: { targetResourceCount: 2.5 } }),
        "defaults.fastLaunchConfigurations[0].snapshotConfiguration.targetResourceCount",
        /whole number/,
    ),
    invalid(
        "TargetResourceCount",
        "targetResourceCount as a string",
        fastLaunch({ snapshotConfiguration: { targetResourceCount: "5" } }),
        "defaults.fastLaunchConfigurations[0].snapshotConfiguration.targetResourceCount",
        /whole number/,
    ),
    invalid(
        "MaxParallelLaunches",
        "maxParallelLaunches 0 (the model's minimum, reported once)",
        fastLaunch({ maxParallelLaunches: 0 }),
        "defaults.fastLaunchConfigurations[0].maxParallelLaunches",
        /must be at least 1$/,
    ),
    invalid(
        "MaxParallelLaunches",
        "maxParallelLaunches -1",
        fastLaunch({ maxParallelLaunches: -1 }),
        "defaults.fastLaunchConfigurations[0].maxParallelLaunches",
    ),
    valid("MaxParallelLaunches", "maxParallelLaunches 10000 (no maximum)", fastLaunch({ maxParallelLaunches: 10000 })),
    valid(
        "MaxParallelLaunches",
        "maxParallelLaunches 1 on a disabled fast launch (EC2's minimum of 6 applies when enabling)",
        inRegion({ fastLaunchConfigurations: [{ enabled: false, maxParallelLaunches: 1 }] }),
    ),
    valid(
        "MaxParallelLaunches",
        "maxParallelLaunches 2147483647 (the largest 32-bit integer)",
        fastLaunch({ maxParallelLaunches: 2147483647 }),
    ),
    invalid(
        "MaxParallelLaunches",
        "maxParallelLaunches 2147483648 (beyond the model's 32-bit integer)",
        fastLaunch({ maxParallelLaunches: 2147483648 }),
        "defaults.fastLaunchConfigurations[0].maxParallelLaunches",
        /must be 1 to 2147483647: the API's integers are 32-bit/,
    ),
    valid(
        "FastLaunchLaunchTemplateSpecification",
        "fast launch template by name",
        fastLaunch({ launchTemplate: { launchTemplateName: "fast-launch", launchTemplateVersion: "$Latest" } }),
    ),
    invalid(
        "FastLaunchLaunchTemplateSpecification",
        "fast launch template with a bad id",
        fastLaunch({ launchTemplate: { launchTemplateId: "lt-1" } }),
        "defaults.fastLaunchConfigurations[0].launchTemplate.launchTemplateId",
        /'lt-' followed by 17/,
    ),
    invalid(
        "NonEmptyString",
        "empty fast launch template name",
        fastLaunch({ launchTemplate: { launchTemplateName: "" } }),
        "defaults.fastLaunchConfigurations[0].launchTemplate.launchTemplateName",
    ),
    invalid(
        "NonEmptyString",
        "empty fast launch template version",
        fastLaunch({ launchTemplate: { launchTemplateId: LT, launchTemplateVersion: "" } }),
        "defaults.fastLaunchConfigurations[0].launchTemplate.launchTemplateVersion",
    ),

    // SsmParameterConfigurationList, SsmParameterConfiguration, SsmParameterName, SsmParameterDataType.
    valid(
        "SsmParameterConfigurationList",
        "100 SSM parameters (the model sets no limit)",
        inRegion({ ssmParameterConfigurations: times(100, (i) => ({ parameterName: `/golden/${i}` })) }),
    ),
    valid(
        "SsmParameterConfiguration",
        "SSM parameter with every field",
        ssm({ amiAccountId: ACCOUNT, dataType: "aws:ec2:image" }, { targetAccountIds: [ACCOUNT] }),
    ),
    invalid(
        "SsmParameterConfiguration",
        "SSM parameter without name",
        withOutput({ ssmParameterConfigurations: [{ dataType: "text" }] }),
        "defaults.ssmParameterConfigurations[0].parameterName",
        /is required by SsmParameterConfiguration/,
    ),
    valid("SsmParameterName", "SSM parameter name of 1011 characters", ssm({ parameterName: `/${"p".repeat(1010)}` })),
    valid("SsmParameterName", "SSM parameter name with '_', '.', '-' and '/'", ssm({ parameterName: "/a_b.c-d/e" })),
    invalid(
        "SsmParameterName",
        "SSM parameter name of 1012 characters",
        ssm({ parameterName: `/${"p".repeat(1011)}` }),
        "defaults.ssmParameterConfigurations[0].parameterName",
        /1 to 1011 characters long \(has 1012\)/,
    ),
    invalid(
        "SsmParameterName",
        "empty SSM parameter name",
        ssm({ parameterName: "" }),
        "defaults.ssmParameterConfigurations[0].parameterName",
        /\(has 0\)/,
    ),
    invalid(
        "SsmParameterName",
        "SSM parameter name with a space",
        ssm({ parameterName: "/golden ami" }),
        "defaults.ssmParameterConfigurations[0].parameterName",
        /SSM parameter name/,
    ),
    invalid(
        "SsmParameterName",
        "SSM parameter name with ':'",
        ssm({ parameterName: "/golden:latest" }),
        "defaults.ssmParameterConfigurations[0].parameterName",
    ),
    valid("SsmParameterDataType", "data type text", ssm({ dataType: "text" })),
    valid("SsmParameterDataType", "data type aws:ec2:image", ssm({ dataType: "aws:ec2:image" })),
    invalid(
        "SsmParameterDataType",
        "data type in capitals",
        ssm({ dataType: "TEXT" }),
        "defaults.ssmParameterConfigurations[0].dataType",
        /must be one of "text", "aws:ec2:image"/,
        /did you mean "text"\?/,
    ),
    invalid(
        "SsmParameterDataType",
        "data type String",
        ssm({ dataType: "String" }),
        "defaults.ssmParameterConfigurations[0].dataType",
    ),
];

const VALID_REGIONS = [
    "us-east-1",
    "us-west-2",
    "eu-central-2",
    "ap-southeast-7",
    "me-central-1",
    "il-central-1",
    "mx-central-1",
    "ca-west-1",
    "af-south-1",
    "us-gov-west-1",
    "us-gov-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "us-isof-south-1",
    "eu-isoe-west-1",
    "eusc-de-east-1",
    "xy-newplace-12",
];
const INVALID_REGIONS = [
    "US-EAST-1",
    "us-east-1a",
    "useast1",
    "us-east",
    "us_east_1",
    "us east 1",
    "N. Virginia",
    " us-east-1",
    "us-east-1 ",
    "us-east-01",
    "us-east-123",
    "u-east-1",
    "abcde-east-1",
    "us--east-1",
    "us-east-1-",
    "aws-global",
    "arn:aws:us-east-1",
];

const SERVICE_CASES: Case[] = [
    // One distribution per region, at least one in total.
    // A region that is no string is reported whether or not other regions have overrides (only an
    // unknown region, an Output, waits for its value).
    ...[5, Number.NaN].map((region) =>
        invalid(
            undefined,
            `${String(region)} among regions that have overrides`,
            {
                regions: [region, "us-west-2"],
                defaults: LT_OUTPUT,
                overrides: { "us-west-2": { amiDistributionConfiguration: { description: "west" } } },
            },
            "regions[0]",
            /must be a string/,
        ),
    ),
    invalid(
        undefined,
        "a region twice in regions",
        { regions: ["us-east-1", "eu-west-1", "us-east-1"], defaults: LT_OUTPUT },
        "regions[2]",
        /region "us-east-1" appears more than once \(first at regions\[0\]\)/,
        /merge the two entries/,
    ),
    invalid(
        undefined,
        "a region in regions and in distributions",
        { regions: ["us-east-1"], defaults: LT_OUTPUT, distributions: [{ region: "us-east-1", ...LT_OUTPUT }] },
        "distributions[0].region",
        /first at regions\[0\]/,
    ),
    invalid(
        undefined,
        "a region twice in distributions",
        {
            distributions: [
                { region: "eu-west-1", ...LT_OUTPUT },
                { region: "eu-west-1", ...LT_OUTPUT },
            ],
        },
        "distributions[1].region",
        /first at distributions\[0\]\.region/,
    ),
    valid(undefined, "regions and distributions for different regions", {
        regions: ["us-east-1"],
        defaults: LT_OUTPUT,
        distributions: [{ region: "eu-west-1", ...LT_OUTPUT }],
    }),
    invalid(undefined, "no arguments at all", {}, "regions", /no region to distribute to/),
    invalid(undefined, "empty regions", { regions: [], defaults: LT_OUTPUT }, "regions", /no region to distribute to/),
    invalid(undefined, "empty regions and distributions", { regions: [], distributions: [] }, "regions"),
    invalid(undefined, "a hole in distributions", { distributions: [undefined] }, "distributions[0]", /is missing/),
    invalid(
        undefined,
        "a distribution that is not an object",
        { distributions: ["us-east-1"] },
        "distributions[0]",
        /must be an object/,
    ),

    // Every region produces an output.
    valid(undefined, "only an AMI", inRegion({ amiDistributionConfiguration: { name: AMI_NAME } })),
    valid(undefined, "only a container", container({ targetRepository: REPO })),
    valid(undefined, "only an S3 export", s3({})),
    valid(undefined, "only fast launch", fastLaunch({})),
    valid(undefined, "only a launch template", inRegion(LT_OUTPUT)),
    valid(undefined, "only an SSM parameter", ssm({})),
    invalid(
        undefined,
        "no settings",
        { regions: ["us-east-1"] },
        "regions[0]",
        /the distribution \(region us-east-1\) has no output/,
        /in defaults or overrides/,
    ),
    // The service accepts a distribution with only license configurations (associated with the AMI it
    // copies to the region): Terraform's acceptance tests have created one since the rule was introduced.
    valid(undefined, "only licenses", inRegion({ licenseConfigurationArns: [LICENSE] })),
    invalid(
        undefined,
        "only an empty list of launch templates",
        inRegion({ launchTemplateConfigurations: [] }),
        "regions[0]",
        /has no output/,
    ),
    invalid(
        undefined,
        "an explicit distribution without output",
        { distributions: [{ region: "eu-west-1" }] },
        "distributions[0].region",
        /\(region eu-west-1\) has no output/,
    ),
    invalid(
        undefined,
        "an output in one region's override only",
        { regions: ["us-east-1", "eu-west-1"], overrides: { "us-east-1": LT_OUTPUT } },
        "regions[1]",
        /\(region eu-west-1\) has no output/,
    ),
    invalid(
        undefined,
        "no output in two regions: one problem each",
        { regions: ["us-east-1", "eu-west-1"], defaults: {} },
        ["regions[0]", "regions[1]"],
        /has no output/,
    ),
    invalid(
        undefined,
        "an override that turns the only output off with null",
        {
            regions: ["us-east-1", "eu-west-1"],
            defaults: LT_OUTPUT,
            overrides: { "eu-west-1": { launchTemplateConfigurations: null } },
        },
        "regions[1]",
        /\(region eu-west-1\) has no output/,
    ),
    invalid(
        undefined,
        "an explicit distribution whose only output is null",
        { distributions: [{ region: "eu-west-1", amiDistributionConfiguration: null }] },
        "distributions[0].region",
        /has no output/,
    ),

    // Overrides name regions of `regions`.
    valid(undefined, "an override of a listed region", {
        regions: ["us-east-1", "eu-west-1"],
        defaults: LT_OUTPUT,
        overrides: { "eu-west-1": { amiDistributionConfiguration: { name: AMI_NAME } } },
    }),
    invalid(
        undefined,
        "an override with a typo",
        { regions: ["us-east-1", "eu-west-1"], defaults: LT_OUTPUT, overrides: { "eu-wset-1": LT_OUTPUT } },
        'overrides["eu-wset-1"]',
        /overrides a region that is not in regions \(us-east-1, eu-west-1\), so it would be ignored/,
        /did you mean "eu-west-1"\?/,
    ),
    invalid(
        undefined,
        "an override of a region given only in distributions",
        {
            regions: ["us-east-1"],
            defaults: LT_OUTPUT,
            overrides: { "eu-west-1": LT_OUTPUT },
            distributions: [{ region: "eu-west-1", ...LT_OUTPUT }],
        },
        'overrides["eu-west-1"]',
        /not in regions/,
    ),
    invalid(
        undefined,
        "overrides without regions",
        { overrides: { "eu-west-1": LT_OUTPUT } },
        ["regions", 'overrides["eu-west-1"]'],
        /no region to distribute to/,
        /list regions/,
    ),
    invalid(
        undefined,
        "an override that is not an object",
        { regions: ["us-east-1"], defaults: LT_OUTPUT, overrides: { "us-east-1": "ami" } },
        ['overrides["us-east-1"]'],
        /must be an object of distribution settings/,
    ),
    invalid(
        undefined,
        "an override that sets region",
        { regions: ["us-east-1"], defaults: LT_OUTPUT, overrides: { "us-east-1": { region: "us-east-1" } } },
        'overrides["us-east-1"].region',
        /is not a setting/,
    ),
    invalid(
        undefined,
        "defaults that set region",
        { regions: ["us-east-1"], defaults: { ...LT_OUTPUT, region: "us-east-1" } },
        "defaults.region",
        /defaults apply to every region/,
    ),

    // Launch permission groups.
    invalid(
        undefined,
        "a public AMI without allowPublicAmis",
        ami({ launchPermission: { userGroups: ["all"] } }),
        `${LP}.userGroups[0]`,
        /"all" makes the AMI public to every AWS account \(region us-east-1\), and allowPublicAmis is not true/,
        /allowPublicAmis: true/,
    ),
    invalid(
        undefined,
        "a public AMI with allowPublicAmis false",
        ami({ launchPermission: { userGroups: ["all"] } }, { allowPublicAmis: false }),
        `${LP}.userGroups[0]`,
        /makes the AMI public/,
    ),
    invalid(
        undefined,
        "a group other than all",
        ami({ launchPermission: { userGroups: ["everyone"] } }, { allowPublicAmis: true }),
        `${LP}.userGroups[0]`,
        /the only group is "all"/,
    ),
    invalid(
        undefined,
        "the group All in capitals",
        ami({ launchPermission: { userGroups: ["All"] } }, { allowPublicAmis: true }),
        `${LP}.userGroups[0]`,
        /the only group is "all"/,
    ),
    invalid(
        undefined,
        "allowPublicAmis as a string",
        top({ allowPublicAmis: "yes" }),
        "allowPublicAmis",
        /must be true or false/,
    ),

    // KMS keys in the entry's region and partition.
    valid(undefined, "a key id", ami({ kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" })),
    valid(undefined, "a multi-Region key id", ami({ kmsKeyId: "mrk-1234abcd12ab34cd56ef1234567890ab" })),
    valid(undefined, "a key ARN of the region", ami({ kmsKeyId: KMS_US })),
    // Too long, it is one problem, the model's; within 1024 code points (2048 UTF-16 units), kms-key-id's.
    invalid(
        undefined,
        "a KMS key of 1025 characters",
        ami({ kmsKeyId: "k".repeat(1025) }),
        `${AMI}.kmsKeyId`,
        /must be 1 to 1024 characters long/,
    ),
    invalid(
        undefined,
        "a kmsKeyId of 1024 characters outside the Basic Multilingual Plane",
        ami({ kmsKeyId: "\u{1F511}".repeat(1024) }),
        `${AMI}.kmsKeyId`,
        /is no KMS key identifier/,
    ),
    ...["golden-key", "key/1234abcd-12ab-34cd-56ef-1234567890ab", "1234abcd-12ab-34cd-56ef", "alias/", "mrk-1234"].map(
        (id) =>
            invalid(
                undefined,
                `a kmsKeyId that is no key id, alias name or ARN (${id})`,
                ami({ kmsKeyId: id }),
                `${AMI}.kmsKeyId`,
                /is no KMS key identifier: a key id .*, an alias name \(alias\/ and up to 250 .*\), a key ARN or an alias ARN/,
                /with its alias\/ prefix/,
            ),
    ),
    valid(
        undefined,
        "an alias ARN of the region",
        ami({ kmsKeyId: "arn:aws:kms:us-east-1:111122223333:alias/golden" }),
    ),
    valid(undefined, "a key ARN of each region in overrides", {
        regions: ["us-east-1", "eu-west-1"],
        defaults: { amiDistributionConfiguration: { name: AMI_NAME } },
        overrides: {
            "us-east-1": { amiDistributionConfiguration: { kmsKeyId: KMS_US } },
            "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: KMS_EU } },
        },
    }),
    valid(undefined, "a key ARN in aws-cn", {
        distributions: [
            {
                region: "cn-north-1",
                amiDistributionConfiguration: { kmsKeyId: "arn:aws-cn:kms:cn-north-1:111122223333:key/abc" },
            },
        ],
    }),
    valid(undefined, "a key ARN in aws-us-gov", {
        distributions: [
            {
                region: "us-gov-west-1",
                amiDistributionConfiguration: { kmsKeyId: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/abc" },
            },
        ],
    }),
    invalid(
        undefined,
        "a key ARN of another region",
        ami({ kmsKeyId: KMS_EU }),
        `${AMI}.kmsKeyId`,
        /is a KMS key in eu-west-1, but it encrypts the AMI of another region \(region us-east-1\)/,
        /set per region in overrides/,
    ),
    invalid(
        undefined,
        "a key ARN of another partition",
        {
            distributions: [
                {
                    region: "cn-north-1",
                    amiDistributionConfiguration: { kmsKeyId: "arn:aws:kms:cn-north-1:111122223333:key/abc" },
                },
            ],
        },
        "distributions[0].amiDistributionConfiguration.kmsKeyId",
        /in partition aws, but the distribution \(region cn-north-1\) is in partition aws-cn/,
        /use a key of partition aws-cn/,
    ),

    // What EBS shares of an encrypted AMI: nothing publicly; privately, only a customer managed key's.
    valid(
        undefined,
        "a customer managed key with an AMI shared with accounts and organizations",
        ami({
            kmsKeyId: KMS_US,
            launchPermission: { userIds: [ACCOUNT_B], organizationArns: [ORG], organizationalUnitArns: [OU] },
        }),
    ),
    valid(undefined, "the AWS managed key aws/ebs on an AMI shared with no one", ami({ kmsKeyId: "alias/aws/ebs" })),
    valid(
        undefined,
        "the AWS managed key aws/ebs on an AMI copied only to the deploying account",
        ami({ kmsKeyId: "alias/aws/ebs", targetAccountIds: [DEPLOYING_ACCOUNT] }),
    ),
    invalid(
        undefined,
        "the AWS managed key aws/ebs on an AMI copied to other accounts",
        ami({ kmsKeyId: "ALIAS/AWS/EBS", targetAccountIds: [DEPLOYING_ACCOUNT, ACCOUNT_B] }),
        `${AMI}.kmsKeyId`,
        /targetAccountIds copies the AMI \(region us-east-1\) to other accounts \(444455556666\); snapshots encrypted with the AWS managed key can't be shared/,
    ),
    valid(
        undefined,
        "the AWS managed key aws/ebs with an empty sharing list (sent as nothing)",
        ami({ kmsKeyId: "alias/aws/ebs", launchPermission: { userIds: [] } }),
    ),
    valid(
        undefined,
        "a public AMI without a key",
        ami({ launchPermission: { userGroups: ["all"] } }, { allowPublicAmis: true }),
    ),
    invalid(
        undefined,
        "a public AMI with a key",
        ami({ kmsKeyId: KMS_US, launchPermission: { userGroups: ["all"] } }, { allowPublicAmis: true }),
        `${AMI}.kmsKeyId`,
        /encrypts the AMI \(region us-east-1\), and launchPermission.userGroups "all" makes it public; EBS shares only unencrypted snapshots publicly/,
        /leave kmsKeyId out of a public AMI/,
    ),
    invalid(
        undefined,
        "the AWS managed key aws/ebs on an AMI shared with an account",
        ami({ kmsKeyId: "alias/aws/ebs", launchPermission: { userIds: [ACCOUNT_B] } }),
        `${AMI}.kmsKeyId`,
        /is the AWS managed key aws\/ebs, and launchPermission.userIds shares the AMI \(region us-east-1\) with other accounts/,
        /customer managed key/,
    ),
    invalid(
        undefined,
        "the AWS managed key aws/ebs by alias ARN on an AMI shared with an organization and an OU",
        ami({
            kmsKeyId: "arn:aws:kms:us-east-1:111122223333:alias/aws/ebs",
            launchPermission: { organizationArns: [ORG], organizationalUnitArns: [OU] },
        }),
        `${AMI}.kmsKeyId`,
        /launchPermission.organizationArns and organizationalUnitArns shares the AMI/,
    ),
    invalid(
        undefined,
        "the AWS managed key aws/ebs in defaults and sharing in an override",
        {
            regions: ["us-east-1"],
            defaults: { amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: "alias/aws/ebs" } },
            overrides: {
                "us-east-1": { amiDistributionConfiguration: { launchPermission: { userIds: [ACCOUNT_B] } } },
            },
        },
        `${AMI}.kmsKeyId`,
    ),
    invalid(
        undefined,
        "an S3 ARN as KMS key",
        ami({ kmsKeyId: "arn:aws:s3:::golden-bucket" }),
        `${AMI}.kmsKeyId`,
        /is not a KMS key or alias ARN/,
    ),
    invalid(
        undefined,
        "a KMS grant ARN as KMS key",
        ami({ kmsKeyId: "arn:aws:kms:us-east-1:111122223333:grant/abc" }),
        `${AMI}.kmsKeyId`,
        /is not a KMS key or alias ARN/,
    ),
    invalid(
        undefined,
        "a truncated ARN as KMS key",
        ami({ kmsKeyId: "arn:aws:kms" }),
        `${AMI}.kmsKeyId`,
        /is not a KMS key or alias ARN/,
    ),

    // Fast launch.
    invalid(
        undefined,
        "maxParallelLaunches 5",
        fastLaunch({ maxParallelLaunches: 5 }),
        "defaults.fastLaunchConfigurations[0].maxParallelLaunches",
        /must be at least 6 \(EC2 fast launch/,
        /use 6 or more/,
    ),
    invalid(
        undefined,
        "maxParallelLaunches 1",
        fastLaunch({ maxParallelLaunches: 1 }),
        "defaults.fastLaunchConfigurations[0].maxParallelLaunches",
        /at least 6/,
    ),
    valid(undefined, "maxParallelLaunches 6", fastLaunch({ maxParallelLaunches: 6 })),
    invalid(
        undefined,
        "a launch template by id and by name",
        fastLaunch({ launchTemplate: { launchTemplateId: LT, launchTemplateName: "fast-launch" } }),
        "defaults.fastLaunchConfigurations[0].launchTemplate",
        /both launchTemplateId and launchTemplateName/,
        /not both/,
    ),
    valid(undefined, "a launch template by id", fastLaunch({ launchTemplate: { launchTemplateId: LT } })),
    valid(
        undefined,
        "a launch template by version only",
        fastLaunch({ launchTemplate: { launchTemplateVersion: "3" } }),
    ),

    // SSM parameters in target accounts.
    valid(
        undefined,
        "an SSM account among the targets",
        ssm({ amiAccountId: ACCOUNT_B }, { targetAccountIds: [ACCOUNT, ACCOUNT_B] }),
    ),
    valid(undefined, "an SSM parameter without account and without targets", ssm({ dataType: "text" })),
    invalid(
        undefined,
        "an SSM account that is not a target",
        ssm({ amiAccountId: ACCOUNT_B }, { targetAccountIds: [ACCOUNT] }),
        "defaults.ssmParameterConfigurations[0].amiAccountId",
        /must be the account that builds the image \(888877776666\) or one of the distribution's amiDistributionConfiguration\.targetAccountIds \(111122223333\) \(region us-east-1\)/,
        /add the account to targetAccountIds/,
    ),
    invalid(
        undefined,
        "an SSM account without targets",
        ssm({ amiAccountId: ACCOUNT }),
        "defaults.ssmParameterConfigurations[0].amiAccountId",
        /targetAccountIds \(there are none\)/,
    ),
    invalid(
        undefined,
        "an SSM account whose targets an override sets to null (sent as none)",
        {
            regions: ["us-east-1"],
            defaults: {
                amiDistributionConfiguration: { targetAccountIds: [ACCOUNT] },
                ssmParameterConfigurations: [{ parameterName: "/ami/latest", amiAccountId: ACCOUNT }],
            },
            overrides: { "us-east-1": { amiDistributionConfiguration: { targetAccountIds: null } } },
        },
        "defaults.ssmParameterConfigurations[0].amiAccountId",
        /targetAccountIds \(there are none\)/,
    ),
    invalid(
        undefined,
        "an SSM account that only one region's override removes from the targets",
        {
            regions: ["us-east-1", "eu-west-1"],
            defaults: {
                amiDistributionConfiguration: { targetAccountIds: [ACCOUNT] },
                ssmParameterConfigurations: [{ parameterName: "/p", amiAccountId: ACCOUNT }],
            },
            overrides: { "eu-west-1": { amiDistributionConfiguration: { targetAccountIds: [ACCOUNT_B] } } },
        },
        "defaults.ssmParameterConfigurations[0].amiAccountId",
        /\(444455556666\) \(region eu-west-1\)/,
    ),

    // Arguments of the component.
    invalid(
        undefined,
        "an argument with a typo",
        { region: ["us-east-1"], regions: ["us-east-1"], defaults: LT_OUTPUT },
        "region",
        /is not an argument of MultiRegionDistribution/,
        /did you mean regions\?/,
    ),
    invalid(
        undefined,
        "an unknown backend",
        top({ backend: "terraform" }),
        "backend",
        /must be one of "aws", "aws-native"/,
    ),
    invalid(
        undefined,
        "S3 export on aws-native",
        { ...s3({}), backend: "aws-native" },
        "defaults.s3ExportConfiguration",
        /is not supported by backend "aws-native" \(region us-east-1\)/,
    ),
    invalid(
        undefined,
        "a home region that is not a region code",
        top({ homeRegion: "Ireland" }),
        "homeRegion",
        /must be a region code/,
    ),
    valid(undefined, "a home region", top({ homeRegion: "eu-west-1" })),
    invalid(
        undefined,
        "defaults that are an Output",
        { regions: ["us-east-1"], defaults: UNKNOWN },
        "defaults",
        /must be a plain object, not an Output/,
    ),
    invalid(undefined, "a backend that is an Output", top({ backend: UNKNOWN }), "backend", /must be a plain string/),
];
const RULE_CODES = new Set(RULES.map((r) => r.code));

/** The codes of AWS's model constraints: the model table checks these (service rules have their own table). */
const isModelCode = (code: string): boolean => code.startsWith("model-") || code === "map-key-proto";

function runCase(c: Case, only: (code: string) => boolean = () => true): void {
    const problems = check(c.args).problems.filter((p) => only(p.code));
    // Every problem names a rule of the registry.
    assert.deepStrictEqual(
        problems.filter((p) => !RULE_CODES.has(p.code)).map((p) => p.code),
        [],
    );
    const expected = c.paths ?? [];
    assert.deepStrictEqual(
        problems.map((p) => p.path),
        expected,
        `problems: ${problems.map(formatProblem).join("\n") || "none"}`,
    );
    if (c.rule) {
        assert.match(problems[0].rule, c.rule);
    }
    if (c.fix) {
        assert.match(problems[0].fix, c.fix);
    }
}

describe("validation: AWS's model (table)", () => {
    for (const c of MODEL_CASES) {
        it(`${c.paths ? "rejects" : "accepts"} ${c.title}${c.shape ? ` (${c.shape})` : ""}`, () =>
            runCase(c, isModelCode));
    }

    it("has a valid and an invalid case for every constrained shape of a distribution, the name, description and tags", () => {
        const reachable = new Set<string>();
        const visit = (name: string) => {
            if (reachable.has(name)) {
                return;
            }
            reachable.add(name);
            const s = SHAPES[name];
            for (const m of [...Object.values(s.members ?? {}), s.member, s.key, s.value]) {
                if (m) {
                    visit(m);
                }
            }
        };
        ["Distribution", "ResourceName", "NonEmptyString", "TagMap"].forEach(visit);
        const constrained = [...reachable].filter((name) => {
            const s = SHAPES[name];
            return (
                s.required !== undefined ||
                s.min !== undefined ||
                s.max !== undefined ||
                s.pattern !== undefined ||
                s.enum !== undefined ||
                ["integer", "long", "boolean", "structure"].includes(s.type)
            );
        });
        // The walk must find the shapes the issue names; a model change that loses one fails here.
        for (const s of [
            "AccountList",
            "AmiNameString",
            "TagKey",
            "TargetResourceCount",
            "FastLaunchConfigurationList",
            "LaunchTemplateConfigurationList",
            "OrganizationArnList",
        ]) {
            assert.ok(constrained.includes(s), `${s} is constrained`);
        }
        const missing = constrained.filter(
            (name) =>
                !MODEL_CASES.some((c) => c.shape === name && !c.paths) ||
                !MODEL_CASES.some((c) => c.shape === name && c.paths),
        );
        assert.deepStrictEqual(missing, [], "shapes without a valid and an invalid case");
    });

    it("takes its limits from the model", () => {
        assert.strictEqual(SHAPES.AccountList.max, 1536);
        assert.strictEqual(SHAPES.AmiNameString.max, 127);
        assert.strictEqual(SHAPES.TagMap.max, 50);
        assert.strictEqual(SHAPES.OrganizationArnList.max, 25);
        assert.strictEqual(SHAPES.OrganizationalUnitArnList.max, 25);
        assert.strictEqual(SHAPES.LicenseConfigurationArnList.max, 50);
        assert.strictEqual(SHAPES.LaunchTemplateConfigurationList.max, 100);
        assert.strictEqual(SHAPES.FastLaunchConfigurationList.max, 1000);
        assert.deepStrictEqual([SHAPES.TargetResourceCount.min, SHAPES.TargetResourceCount.max], [1, 10000]);
    });

    it("checks an explicit distribution by the same rules, at its own paths", () => {
        const { problems } = check({
            distributions: [
                { region: "us-east-1", ...LT_OUTPUT },
                { region: "eu-west-1", ...LT_OUTPUT },
                { region: "ap-south-1", amiDistributionConfiguration: { name: "x", targetAccountIds: accounts(1537) } },
            ],
        });
        assert.deepStrictEqual(
            problems.filter((p) => isModelCode(p.code)).map((p) => p.path),
            [
                "distributions[2].amiDistributionConfiguration.name",
                "distributions[2].amiDistributionConfiguration.targetAccountIds",
            ],
        );
    });
});

describe("validation: the model's patterns are Java's, matched whole", () => {
    const matches = (pattern: string, value: string) => new RegExp(javaPatternSource(pattern)).test(value);

    it("matches the whole value, anchored in the pattern or not", () => {
        assert.strictEqual(matches("ou-[0-9a-z]{4}", "ou-ab12"), true);
        assert.strictEqual(matches("ou-[0-9a-z]{4}", "ou-ab12x"), false);
        assert.strictEqual(matches("ou-[0-9a-z]{4}", "xou-ab12"), false);
        assert.strictEqual(matches("^a|b$", "ab"), false);
        assert.strictEqual(matches("^a|b$", "b"), true);
        assert.strictEqual(matches("^[0-9]{12}$", "111122223333\n"), false);
    });

    it("reads \\s as ASCII whitespace, inside and outside a class", () => {
        for (const pattern of ["^a\\sb$", "^a[\\s]b$", "^a[x\\s-]b$"]) {
            for (const space of [" ", "\t", "\n", "\u000b", "\f", "\r"]) {
                assert.strictEqual(matches(pattern, `a${space}b`), true, `${pattern} ${JSON.stringify(space)}`);
            }
            for (const space of [
                "\u00a0",
                "\u1680",
                "\u2000",
                "\u200a",
                "\u2028",
                "\u2029",
                "\u202f",
                "\u205f",
                "\u3000",
                "\ufeff",
            ]) {
                assert.strictEqual(matches(pattern, `a${space}b`), false, `${pattern} ${JSON.stringify(space)}`);
            }
        }
    });

    it("reads '.' as anything but a line terminator, and '\\.' and '[.]' as a dot", () => {
        assert.strictEqual(matches("^a.c$", "abc"), true);
        for (const t of ["\n", "\r", "\u0085", "\u2028", "\u2029"]) {
            assert.strictEqual(matches("^a.c$", `a${t}c`), false, JSON.stringify(t));
        }
        assert.strictEqual(matches("^a\\.c$", "abc"), false);
        assert.strictEqual(matches("^a[.]c$", "a.c"), true);
        assert.strictEqual(matches("^a[.]c$", "abc"), false);
    });

    it("leaves every other construct of the model's patterns as it is", () => {
        const patterns = new Set(
            Object.values(SHAPES)
                .map((s) => s.pattern)
                .filter((p): p is string => p !== undefined),
        );
        assert.ok(patterns.size >= 8, `the model's patterns: ${[...patterns].join(", ")}`);
        for (const p of patterns) {
            const translated = javaPatternSource(p);
            const untouched = p.replace(/\\s/g, "").replace(/(?<!\\)\./g, "");
            assert.ok(translated.startsWith("^(?:") && translated.endsWith(")$"), `${p} is wrapped: ${translated}`);
            if (untouched === p) {
                assert.strictEqual(translated, `^(?:${p})$`);
            }
            assert.doesNotThrow(() => new RegExp(translated), p);
        }
    });
});

describe("validation: the service's rules (table)", () => {
    for (const c of SERVICE_CASES) {
        it(`${c.paths ? "rejects" : "accepts"} ${c.title}`, () => runCase(c));
    }

    it("says that an override without regions overrides nothing", () => {
        const { problems } = check({ overrides: { "eu-west-1": LT_OUTPUT } });
        const override = problems.find((p) => p.path === 'overrides["eu-west-1"]');
        assert.match(
            override?.rule ?? "",
            /overrides a region that is not in regions \(none\), so it would be ignored/,
        );
        assert.match(override?.fix ?? "", /add "eu-west-1" to regions or remove the override/);
    });

    for (const region of VALID_REGIONS) {
        it(`accepts the region code ${region} in regions and in distributions`, () => {
            assert.ok(isRegionCode(region));
            runCase(valid(undefined, region, { regions: [region], defaults: LT_OUTPUT }));
            runCase(valid(undefined, region, { distributions: [{ region, ...LT_OUTPUT }] }));
        });
    }
    for (const region of INVALID_REGIONS) {
        it(`rejects ${JSON.stringify(region)} as a region, where it was written`, () => {
            assert.ok(!isRegionCode(region));
            runCase(
                invalid(
                    undefined,
                    region,
                    { regions: ["us-east-1", region], defaults: LT_OUTPUT },
                    "regions[1]",
                    /must be a region code such as us-east-1/,
                ),
            );
            runCase(
                invalid(
                    undefined,
                    region,
                    { distributions: [{ region, ...LT_OUTPUT }] },
                    "distributions[0].region",
                    /must be a region code/,
                    /not its display name or an availability zone/,
                ),
            );
        });
    }

    it("knows the partition of every kind of region", () => {
        const table: [string, string][] = [
            ["us-east-1", "aws"],
            ["eu-central-2", "aws"],
            ["xy-newplace-12", "aws"],
            ["cn-north-1", "aws-cn"],
            ["cn-northwest-1", "aws-cn"],
            ["us-gov-west-1", "aws-us-gov"],
            ["us-iso-east-1", "aws-iso"],
            ["us-isob-east-1", "aws-iso-b"],
            ["us-isof-south-1", "aws-iso-f"],
            ["eu-isoe-west-1", "aws-iso-e"],
            ["eusc-de-east-1", "aws-eusc"],
        ];
        assert.deepStrictEqual(
            table.map(([r]) => [r, partitionOf(r)]),
            table,
        );
        assert.ok(REGION_PATTERN.test("us-east-1") && !REGION_PATTERN.test("us-east-1a"));
    });

    it("reports a defaults problem once, naming every region it applies to", () => {
        const regions = ["us-east-1", "eu-west-1", "ap-south-1"];
        const { problems, warnings } = check({
            regions,
            defaults: {
                amiDistributionConfiguration: {
                    name: "golden",
                    targetAccountIds: ["12"],
                    kmsKeyId: KMS_US,
                    launchPermission: { userGroups: ["all"] },
                },
                fastLaunchConfigurations: [{ enabled: true }],
            },
        });
        assert.deepStrictEqual(
            problems.map((p) => [p.path, p.rule.replace(/;.*$/, "")]),
            [
                [`${AMI}.targetAccountIds[0]`, "must be an AWS account id: exactly 12 digits (pattern ^[0-9]{12}$)"],
                [
                    `${AMI}.launchPermission.userGroups[0]`,
                    '"all" makes the AMI public to every AWS account (regions us-east-1, eu-west-1, ap-south-1), and allowPublicAmis is not true',
                ],
                [
                    `${AMI}.kmsKeyId`,
                    'encrypts the AMI (regions us-east-1, eu-west-1, ap-south-1), and launchPermission.userGroups "all" makes it public',
                ],
                [
                    `${AMI}.name`,
                    "must include {{ imagebuilder:buildDate }} so that each build produces a uniquely named AMI (AWS rejects the name otherwise, {{ imagebuilder:buildVersion }} alone included)",
                ],
                [
                    `${AMI}.kmsKeyId`,
                    "is a KMS key in us-east-1, but it encrypts the AMI of another region (regions eu-west-1, ap-south-1)",
                ],
            ],
        );
        assert.deepStrictEqual(
            warnings.map((w) => w.path),
            ["defaults.fastLaunchConfigurations[0].enabled"],
        );
        assert.match(warnings[0].message, /copied to 12 \(regions us-east-1, eu-west-1, ap-south-1\)/);
    });

    it("reports an override problem at the override, once per override", () => {
        const bad = { amiDistributionConfiguration: { targetAccountIds: ["12"] } };
        const { problems } = check({
            regions: ["us-east-1", "eu-west-1", "ap-south-1"],
            defaults: LT_OUTPUT,
            overrides: { "eu-west-1": bad, "ap-south-1": bad },
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            [
                'overrides["eu-west-1"].amiDistributionConfiguration.targetAccountIds[0]',
                'overrides["ap-south-1"].amiDistributionConfiguration.targetAccountIds[0]',
            ],
        );
    });

    it("checks a default that every region overrides", () => {
        const { problems } = check({
            regions: ["us-east-1"],
            defaults: { amiDistributionConfiguration: { name: "x", targetAccountIds: ["12"] } },
            overrides: {
                "us-east-1": { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: [ACCOUNT] } },
            },
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            [`${AMI}.name`, `${AMI}.targetAccountIds[0]`],
        );
    });

    it("checks required members on the merged entry, at the part that lacks them", () => {
        const { problems } = check({
            regions: ["us-east-1", "eu-west-1"],
            defaults: { containerDistributionConfiguration: { description: "app" } },
            overrides: { "us-east-1": { containerDistributionConfiguration: { targetRepository: REPO } } },
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["defaults.containerDistributionConfiguration.targetRepository"],
        );
    });

    it("reports what a shared default lacks at its own path in every region that uses it", () => {
        // Regions without an override share the objects of defaults; what they lack is found once and
        // must still be reported at the full path, for the regions that use them and no other.
        const { problems } = check({
            regions: ["us-east-1", "eu-west-1", "ap-south-1"],
            defaults: {
                launchTemplateConfigurations: [{ launchTemplateId: LT }, { accountId: ACCOUNT }],
                containerDistributionConfiguration: { targetRepository: { service: "ECR" } },
            },
            overrides: {
                "eu-west-1": {
                    launchTemplateConfigurations: [{ launchTemplateId: LT }],
                    containerDistributionConfiguration: { targetRepository: REPO },
                },
            },
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            [
                "defaults.containerDistributionConfiguration.targetRepository.repositoryName",
                "defaults.launchTemplateConfigurations[1].launchTemplateId",
            ],
        );
        const explicit = check({
            distributions: [
                { region: "us-east-1", launchTemplateConfigurations: [{ accountId: ACCOUNT }] },
                { region: "eu-west-1", launchTemplateConfigurations: [{ accountId: ACCOUNT }] },
            ],
        });
        assert.deepStrictEqual(
            explicit.problems.map((p) => p.path),
            [
                "distributions[0].launchTemplateConfigurations[0].launchTemplateId",
                "distributions[1].launchTemplateConfigurations[0].launchTemplateId",
            ],
        );
    });

    it("decides an SSM account that is no target only with the deploying account", () => {
        // AWS's own example writes the parameter in the building account, with no target accounts.
        const args = ssm({ amiAccountId: ACCOUNT_B });
        const before = checkArgsView(args);
        assert.deepStrictEqual(before.problems, []);
        assert.strictEqual(before.needsDeployingAccount, true);
        const own = checkArgsView(args, [], ACCOUNT_B);
        assert.deepStrictEqual(own.problems, []);
        assert.strictEqual(own.needsDeployingAccount, undefined);
        assert.deepStrictEqual(checkArgsView(args, [], UNKNOWN).problems, []);
        assert.deepStrictEqual(
            check(args).problems.map((p) => p.path),
            ["defaults.ssmParameterConfigurations[0].amiAccountId"],
        );
        const targeted = checkArgsView(ssm({ amiAccountId: ACCOUNT_B }, { targetAccountIds: [ACCOUNT_B] }));
        assert.strictEqual(targeted.needsDeployingAccount, undefined, "a target account needs no lookup");
    });

    it("decides aws/ebs and fast launch with two different target accounts without the deploying account", () => {
        // One account deploys, so of two different target accounts at least one is another account.
        const ebs = (targets: unknown[]) => ami({ kmsKeyId: "alias/aws/ebs", targetAccountIds: targets });
        const codes = (r: ValidationResult) => r.problems.map((p) => `${p.code} ${p.path}`);
        for (const account of [undefined, UNKNOWN] as const) {
            const two = checkArgsView(ebs([ACCOUNT, ACCOUNT_B]), [], account);
            assert.deepStrictEqual(codes(two), [`aws-managed-key-shared ${AMI}.kmsKeyId`], String(account));
            assert.strictEqual(two.needsDeployingAccount, undefined, "decided without a lookup");
            assert.match(
                formatProblem(two.problems[0]),
                /copies the AMI \(region us-east-1\) to other accounts \(at least one of 111122223333, 444455556666\)/,
            );
            // One account twice, or one known next to unknown ones, is still one account.
            for (const one of [
                [ACCOUNT, ACCOUNT],
                [ACCOUNT, UNKNOWN],
            ]) {
                const r = checkArgsView(ebs(one), [], account);
                assert.deepStrictEqual(codes(r), [], JSON.stringify(one));
                assert.strictEqual(r.needsDeployingAccount, account === undefined ? true : undefined);
            }
        }
        // With the account known, the known targets other than it are named, unknown ones beside them or not.
        const known = checkArgsView(ebs([ACCOUNT, UNKNOWN]), [], ACCOUNT_B);
        assert.match(formatProblem(known.problems[0]), /to other accounts \(111122223333\)/);
        assert.deepStrictEqual(codes(checkArgsView(ebs([ACCOUNT, UNKNOWN]), [], ACCOUNT)), []);
        // The constructor's synchronous check throws it: nothing is created.
        assert.throws(
            () => validateArgs("golden", ebs([ACCOUNT, ACCOUNT_B]) as never),
            (e: DistributionValidationError) => e.problems.some((p) => p.code === "aws-managed-key-shared"),
        );
        // The fast-launch warning is decided the same way.
        const fast = ami({ targetAccountIds: [ACCOUNT, ACCOUNT_B] });
        (fast.defaults as Args).fastLaunchConfigurations = [{ enabled: true }];
        const warned = checkArgsView(fast, [], UNKNOWN);
        assert.deepStrictEqual(
            warned.warnings.map((w) => `${w.code} ${w.path}`),
            ["fast-launch-cross-account defaults.fastLaunchConfigurations[0].enabled"],
        );
        assert.match(warned.warnings[0].message, /copied to at least one of 111122223333, 444455556666/);
    });

    it("reports a field named like an Object.prototype member as no field", () => {
        for (const field of ["constructor", "toString", "__proto__"]) {
            const settings = JSON.parse(
                `{"amiDistributionConfiguration":{"name":"${AMI_NAME}","${field}":{"kmsKeyId":"x"}}}`,
            ) as Args;
            assert.deepStrictEqual(
                check(inRegion(settings)).problems.map((p) => [p.path, p.rule.replace(/ \(fields:.*$/, "")]),
                [[`${AMI}.${field}`, "is not a field of AmiDistributionConfiguration"]],
                field,
            );
        }
        const { problems } = check({ distributions: [{ region: "us-east-1", ...LT_OUTPUT, toString: "x" }] });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["distributions[0].toString"],
        );
    });

    it("skips unknown values and still checks every known one", () => {
        const { problems } = check({
            regions: ["us-east-1", UNKNOWN],
            defaults: {
                amiDistributionConfiguration: { name: AMI_NAME, kmsKeyId: UNKNOWN, targetAccountIds: [UNKNOWN, "12"] },
                ssmParameterConfigurations: [{ parameterName: "/p", amiAccountId: ACCOUNT }],
                fastLaunchConfigurations: [
                    { enabled: UNKNOWN, maxParallelLaunches: UNKNOWN, launchTemplate: { launchTemplateId: UNKNOWN } },
                ],
            },
            overrides: { "eu-west-1": LT_OUTPUT, "eu-wset-1": LT_OUTPUT, Ireland: LT_OUTPUT },
            distributions: [UNKNOWN, { region: UNKNOWN, amiDistributionConfiguration: { targetAccountIds: ["1"] } }],
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            [
                `${AMI}.targetAccountIds[1]`,
                'overrides["Ireland"]',
                "distributions[1].amiDistributionConfiguration.targetAccountIds[0]",
            ],
        );
    });

    // deepMerge once read `over[key]` through the prototype, so a tag key that only `defaults` has and that is
    // named like an Object.prototype member became a function in the region whose override also sets amiTags.
    it("accepts a default tag key named like an Object.prototype member when an override sets other tags", () => {
        runCase(
            valid(undefined, "toString tag", {
                regions: ["us-east-1"],
                defaults: { amiDistributionConfiguration: { name: AMI_NAME, amiTags: { toString: "a" } } },
                overrides: { "us-east-1": { amiDistributionConfiguration: { amiTags: { Team: "b" } } } },
            }),
        );
    });

    it("rejects an AMI name without {{ imagebuilder:buildDate }} (spaces inside optional); an omitted name is valid", () => {
        const codes = (args: Args) => check(args).problems.map((p) => `${p.code} ${p.path}`);
        assert.deepStrictEqual(codes(ami({ name: "golden" })), [`ami-name-build-date ${AMI}.name`]);
        assert.deepStrictEqual(codes(ami({ name: "golden-{{ imagebuilder:buildVersion }}" })), [
            `ami-name-build-date ${AMI}.name`,
        ]);
        assert.deepStrictEqual(codes(ami({ name: "golden-{{imagebuilder:buildDate}}" })), []);
        assert.deepStrictEqual(codes(inRegion({ amiDistributionConfiguration: { description: "no name" } })), []);
    });
});

describe("validation: the messages", () => {
    const one = (args: Args, secrets: string[] = []): Problem => {
        const { problems } = check(args, secrets);
        assert.strictEqual(problems.length, 1, problems.map(formatProblem).join("\n"));
        return problems[0];
    };

    it("names the path as written, the value, the rule and the fix", () => {
        const p = one({
            regions: ["us-east-1", "eu-west-1"],
            defaults: LT_OUTPUT,
            overrides: { "eu-west-1": { amiDistributionConfiguration: { targetAccountIds: ["12"] } } },
        });
        assert.strictEqual(
            formatProblem(p),
            'overrides["eu-west-1"].amiDistributionConfiguration.targetAccountIds[0]: got "12"; must be an AWS account id: exactly 12 digits (pattern ^[0-9]{12}$) [model-pattern]. Fix: use the 12-digit account id as a string, with its leading zeros.',
        );
        assert.deepStrictEqual(
            { path: p.path, value: p.value, hasValue: p.hasValue, secret: p.secret },
            {
                path: 'overrides["eu-west-1"].amiDistributionConfiguration.targetAccountIds[0]',
                value: "12",
                hasValue: true,
                secret: false,
            },
        );
    });

    it("names a region by its index in regions", () => {
        const p = one({ regions: ["us-east-1", "eu-west-1a"], defaults: LT_OUTPUT });
        assert.strictEqual(
            formatProblem(p),
            `regions[1]: got "eu-west-1a"; must be a region code such as us-east-1, eu-central-2, us-gov-west-1 or cn-north-1 (lowercase, no availability-zone letter) [region-code]. Fix: use the region's code, not its display name or an availability zone.`,
        );
    });

    it("shows values as JSON, shortens long ones, and says nothing for a missing one", () => {
        assert.match(formatProblem(one(ami({ targetAccountIds: accounts(1537) }))), /: got a list of 1537 items; /);
        assert.match(formatProblem(one(top({ tags: tagMap(51) }))), /^tags: got a map of 51 entries; /);
        assert.match(formatProblem(one(fastLaunch({ maxParallelLaunches: 2 }))), /maxParallelLaunches: got 2; /);
        assert.match(formatProblem(one(fastLaunch({ enabled: "yes" }))), /enabled: got "yes"; /);
        const long = formatProblem(one(top({ description: "d".repeat(2000) })));
        const shown = /got ("d+\.\.\.);/.exec(long);
        assert.ok(shown, long);
        assert.strictEqual(shown[1].length, 120);
        // Shortened at a code point: an astral character is never cut in half.
        const astral = formatProblem(one(top({ description: `x${"😀".repeat(1100)}` })));
        const cut = /got ("x[^;]*\.\.\.);/.exec(astral);
        assert.ok(cut, astral);
        assert.strictEqual(Buffer.from(cut[1], "utf8").toString("utf8"), cut[1], "no lone surrogate");
        assert.strictEqual(Array.from(cut[1]).length, 120);
        assert.match(
            formatProblem(one({ distributions: [LT_OUTPUT] })),
            /^distributions\[0\]\.region: got nothing; is required by Distribution \[model-required\]\. Fix: give region\.$/,
        );
        // A value unknown in preview, inside a value that is shown whole.
        const inList = formatProblem(
            one(fastLaunch({ launchTemplate: [{ launchTemplateId: UNKNOWN, launchTemplateName: "fast-launch" }] })),
        );
        assert.match(inList, /got \[\{"launchTemplateId":"<unknown>","launchTemplateName":"fast-launch"\}\]/);
    });

    it("shows what JSON cannot: NaN, a BigInt, a Map, a Date", () => {
        const shown = (args: Args) => formatProblem(one(args));
        assert.match(shown(fastLaunch({ maxParallelLaunches: Number.NaN })), /: got NaN; must be a whole number/);
        assert.match(shown(fastLaunch({ maxParallelLaunches: Infinity })), /: got Infinity; /);
        assert.match(
            shown(fastLaunch({ maxParallelLaunches: BigInt(10) })),
            /: got 10n \(a BigInt\); .*not a string or a BigInt/,
        );
        // The SDK would send a Map or a Date as {}: the tags would vanish unseen.
        assert.match(shown(top({ tags: new Map([["team", "x"]]) })), /^tags: got a Map of 1 entry; must be a map/);
        assert.match(
            shown(top({ name: new Date(0) })),
            /^name: got a Date \(1970-01-01T00:00:00\.000Z\); must be a string/,
        );
        const defaults = one({ regions: ["us-east-1"], defaults: new Date(0) });
        assert.deepStrictEqual([defaults.path, defaults.code], ["defaults", "argument-type"]);
    });

    it("reports arguments that are no object at all as argument-type, and nothing else", () => {
        for (const args of ["us-east-1", ["us-east-1"], 42]) {
            const { problems } = checkArgsView(args);
            assert.deepStrictEqual(
                problems.map((p) => [p.path, p.code]),
                [["args", "argument-type"]],
                JSON.stringify(args),
            );
            assert.match(formatProblem(problems[0]), /must be an object of arguments/);
        }
        assert.strictEqual(checkArgsView(undefined).problems[0]?.code, "no-distribution", "no arguments: no region");
    });

    it("reports a hole in a list of settings: the SDK sends it as null", () => {
        // eslint-disable-next-line no-sparse-arrays
        const p = one(ami({ targetAccountIds: [, "111122223333"] }));
        assert.deepStrictEqual([p.path, p.code], [`${AMI}.targetAccountIds[0]`, "model-null-item"]);
    });

    it("ends every line with a fix", () => {
        const { problems } = check({
            name: "x",
            regions: ["us-east-1", "us-east-1", "Ireland"],
            defaults: { amiDistributionConfiguration: { targetAccountIds: ["1"] }, s3ExportConfiguration: {} },
            overrides: { "eu-west-1": LT_OUTPUT },
        });
        assert.ok(problems.length >= 6);
        for (const p of problems) {
            assert.match(formatProblem(p), /^\S.*: got .*; .+\. Fix: .+[.?]$/);
        }
    });

    it("throws one DistributionValidationError that lists every problem, in the order of the arguments", () => {
        const args = {
            name: "bad/name",
            tags: { "aws:owner": "x" },
            regions: ["us-east-1", "eu-west-1", "us-east-1"],
            defaults: { amiDistributionConfiguration: { name: AMI_NAME, targetAccountIds: ["12"] } },
            overrides: { "eu-west-2": LT_OUTPUT },
            distributions: [{ region: "ap-south-1" }],
        };
        let thrown: unknown;
        try {
            validateArgs("golden", args as never);
        } catch (e) {
            thrown = e;
        }
        assert.ok(thrown instanceof DistributionValidationError);
        assert.deepStrictEqual(
            thrown.problems.map((p) => p.path),
            [
                "name",
                'tags["aws:owner"]',
                "regions[2]",
                `${AMI}.targetAccountIds[0]`,
                'overrides["eu-west-2"]',
                "distributions[0].region",
            ],
        );
        const lines = thrown.message.split("\n");
        assert.strictEqual(lines[0], 'MultiRegionDistribution "golden" has 6 invalid settings; nothing was created:');
        assert.deepStrictEqual(
            lines.slice(1),
            thrown.problems.map((p) => `  - ${formatProblem(p)}`),
        );
        assert.ok(!/\bat .+:\d+:\d+/.test(thrown.message), "no stack trace in the message");
    });

    it("returns the warnings and throws nothing for a valid configuration", () => {
        // Fast launch on an AMI copied to another account: valid, but a warning once the account is known.
        const args = ami({ targetAccountIds: [ACCOUNT] }, {});
        (args.defaults as Args).fastLaunchConfigurations = [{ enabled: true }];
        const early = validateArgs("golden", args as never);
        assert.deepStrictEqual([early.problems, early.warnings, early.needsDeployingAccount], [[], [], true]);
        const result = check(args);
        assert.deepStrictEqual(result.problems, []);
        assert.deepStrictEqual(
            result.warnings.map((w) => `${w.code} ${w.path}`),
            ["fast-launch-cross-account defaults.fastLaunchConfigurations[0].enabled"],
        );
    });

    describe("secrets", () => {
        it("shows a secret value as [secret], however the secret's path writes a map key", () => {
            for (const secret of ["tags.team", 'tags["team"]']) {
                const p = one(top({ tags: { team: "t".repeat(300) } }), [secret]);
                assert.strictEqual(p.secret, true, secret);
                assert.match(formatProblem(p), /^tags\["team"\]: got \[secret\]; /);
                assert.ok(!formatProblem(p).includes("ttt"));
            }
            const notSecret = one(top({ tags: { team: "t".repeat(300), other: "x" } }), ['tags["other"]']);
            assert.strictEqual(notSecret.secret, false, "a secret elsewhere does not hide this value");
        });

        it("keeps no secret value in the problem, and shows no key of a secret map", () => {
            const p = one(top({ tags: { team: "t".repeat(300) } }), ["tags"]);
            assert.strictEqual(p.secret, true);
            assert.ok(!("value" in p), "the problem does not carry the secret value");
            assert.strictEqual(p.path, "tags", "the key of a secret map is secret too");
            assert.ok(!/team|ttt/.test(formatProblem(p) + JSON.stringify(p)), formatProblem(p));
            const key = one(top({ tags: { "aws:project-zeus": "v" } }), ["tags"]);
            assert.strictEqual(key.code, "model-pattern");
            assert.strictEqual(key.path, "tags");
            assert.ok(!/zeus/.test(formatProblem(key)), formatProblem(key));
            const amiTag = one(ami({ amiTags: { "aws:zeus": "v" } }), [`${AMI}.amiTags`]);
            assert.strictEqual(amiTag.path, `${AMI}.amiTags`);
            // A list's indexes tell nothing: the path goes on to the item.
            const item = one(ami({ targetAccountIds: ["12"] }), [`${AMI}.targetAccountIds`]);
            assert.strictEqual(item.path, `${AMI}.targetAccountIds[0]`);
            const plain = one(top({ tags: { team: "t".repeat(300) } }));
            assert.strictEqual(plain.value, "t".repeat(300), "a value that is not secret stays in the problem");
        });

        it("quotes no part of a secret in the rule: its length, its prefix, its region's partition", () => {
            const long = one(top({ description: "d".repeat(1025) }), ["description"]);
            assert.strictEqual(long.code, "model-length");
            assert.doesNotMatch(long.rule, /1025/);
            assert.match(one(top({ description: "d".repeat(1025) })).rule, /\(has 1025\)/, "a plain one says it");
            const prefix = one(ssm({ parameterName: "SsM-golden" }), [
                "defaults.ssmParameterConfigurations[0].parameterName",
            ]);
            assert.strictEqual(prefix.code, "ssm-parameter-name-prefix");
            assert.doesNotMatch(formatProblem(prefix), /SsM/);
            const partition = one(
                {
                    regions: ["cn-north-1"],
                    defaults: {
                        amiDistributionConfiguration: {
                            name: AMI_NAME,
                            kmsKeyId: "arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        },
                    },
                },
                ["regions[0]"],
            );
            assert.strictEqual(partition.code, "kms-key-partition");
            // The key's ARN (not secret) is shown; the secret region's partition and name are not.
            assert.doesNotMatch(formatProblem(partition), /aws-cn|\(region/);
            assert.match(partition.fix, /the distribution's partition/);
        });

        it("names neither a secret region's partition nor a secret home region's (partition-mixed)", () => {
            const regions = { regions: ["us-east-1", "us-gov-east-1"], defaults: LT_OUTPUT };
            const target = one(regions, ["regions[1]"]);
            assert.strictEqual(target.code, "partition-mixed");
            assert.match(
                target.rule,
                /^is not in partition aws, where us-east-1 is; .*\(aws: us-east-1; secret regions/,
            );
            assert.doesNotMatch(formatProblem(target), /gov/);
            const first = one(regions, ["regions[0]"]);
            assert.match(first.rule, /^is in partition aws-us-gov, but the first region is in another; /);
            assert.doesNotMatch(formatProblem(first), /us-east-1|partition aws[;,) ]/);
            const home = one({ homeRegion: "cn-north-1", regions: ["us-east-1"], defaults: LT_OUTPUT }, ["homeRegion"]);
            assert.match(home.rule, /^is in partition aws, but the home region is in another; /);
            assert.doesNotMatch(formatProblem(home), /cn-|aws-cn/);
            const both = one({ homeRegion: "cn-north-1", regions: ["us-east-1"], defaults: LT_OUTPUT }, [
                "homeRegion",
                "regions[0]",
            ]);
            assert.match(both.rule, /^is in another partition than the home region; /);
            assert.doesNotMatch(formatProblem(both), /us-east-1|cn-|aws-cn|partition aws\b/);
            const plain = one(regions);
            assert.match(plain.rule, /^is in partition aws-us-gov, but us-east-1 is in partition aws; /);
        });

        it("tells nothing of a secret region by the length of an SSM parameter's ARN in it", () => {
            const args = {
                regions: ["us-gov-west-1"],
                defaults: { ...LT_OUTPUT, ssmParameterConfigurations: [{ parameterName: `/${"a".repeat(980)}` }] },
            };
            const secret = one(args, ["regions[0]"]);
            assert.strictEqual(secret.code, "ssm-parameter-arn-length");
            assert.doesNotMatch(formatProblem(secret), /981|1036|956|gov/);
            assert.match(one(args).rule, /^is 981 characters, 1036 as the parameter's ARN \(region us-gov-west-1\)/);
        });

        it("names no secret region among the regions an override may name", () => {
            const p = one(
                { regions: ["us-east-1", "ap-southeast-4"], defaults: LT_OUTPUT, overrides: { "ap-southeast-3": {} } },
                ["regions[1]"],
            );
            assert.strictEqual(p.code, "override-unlisted-region");
            assert.ok(!formatProblem(p).includes("ap-southeast-4"), formatProblem(p));
            assert.match(p.rule, /\(us-east-1, 1 secret\)/);
            assert.doesNotMatch(p.fix, /did you mean/);
            const plain = one({
                regions: ["us-east-1", "ap-southeast-4"],
                defaults: LT_OUTPUT,
                overrides: { "ap-southeast-3": {} },
            });
            assert.match(plain.fix, /did you mean "ap-southeast-4"/);
        });

        it("hides a secret inside a value that is shown whole", () => {
            const p = one(
                fastLaunch({ launchTemplate: { launchTemplateId: LT, launchTemplateName: "secret-template" } }),
                ["defaults.fastLaunchConfigurations[0].launchTemplate.launchTemplateName"],
            );
            assert.strictEqual(p.path, "defaults.fastLaunchConfigurations[0].launchTemplate");
            assert.ok(!formatProblem(p).includes("secret-template"));
            assert.match(formatProblem(p), /got \[secret\]/);
        });

        it("repeats no secret in a rule or a fix", () => {
            const enumHint = one(s3({ diskImageFormat: "vmdk" }), ["defaults.s3ExportConfiguration.diskImageFormat"]);
            assert.doesNotMatch(formatProblem(enumHint), /vmdk|VMDK"\?/);
            assert.strictEqual(enumHint.fix, "use one of the listed values");

            const targets = one(ssm({ amiAccountId: ACCOUNT_B }, { targetAccountIds: ["999988887777"] }), [
                `${AMI}.targetAccountIds[0]`,
            ]);
            assert.ok(!formatProblem(targets).includes("999988887777"), formatProblem(targets));

            const kms = one(ami({ kmsKeyId: KMS_EU }), [`${AMI}.kmsKeyId`]);
            assert.ok(!formatProblem(kms).includes("eu-west-1"), formatProblem(kms));
            assert.match(kms.rule, /^is a KMS key of another region than the AMI it encrypts \(region us-east-1\); /);

            const dup = one(
                {
                    regions: ["us-east-1", "ap-east-1"],
                    defaults: LT_OUTPUT,
                    distributions: [{ region: "ap-east-1", ...LT_OUTPUT }],
                },
                ["regions[1]"],
            );
            assert.strictEqual(dup.path, "distributions[0].region");
            assert.ok(!formatProblem(dup).includes("ap-east-1"), formatProblem(dup));

            const noOutput = one({ regions: ["us-east-1", "ap-east-1"], overrides: { "us-east-1": LT_OUTPUT } }, [
                "regions[1]",
            ]);
            assert.ok(!formatProblem(noOutput).includes("ap-east-1"), formatProblem(noOutput));

            const name = one(ami({ name: "secret-ami-name" }), [`${AMI}.name`]);
            assert.strictEqual(name.code, "ami-name-build-date");
            assert.ok(!formatProblem(name).includes("secret-ami-name"), formatProblem(name));
        });
    });
});
