/**
 * The rule registry: every rule the component checks, one entry each, in the order they run (and report).
 * Adding a rule: one entry in the file of its area, listed here, and one test row in tests/rules.test.ts.
 */
import { ARGUMENT_RULES } from "./arguments";
import { AWS_PROVIDER_CONFIG_RULES, AWS_PROVIDER_RULES } from "./awsProvider";
import { CONTAINER_RULES } from "./containers";
import { FAST_LAUNCH_ACCOUNT_RULES, FAST_LAUNCH_RULES } from "./fastLaunch";
import { KMS_RULES } from "./kms";
import { MODEL_RULES } from "./model";
import { NAME_COLLISION_RULE, NAME_RULES } from "./names";
import { OUTPUT_RULES } from "./outputs";
import { PARTITION_RULES, REGION_RULES } from "./regions";
import { S3_EXPORT_RULES } from "./s3Export";
import { SHARING_RULES } from "./sharing";
import { SSM_NAME_RULES, SSM_REGIONAL_RULES, SSM_RULES } from "./ssm";
import { ConfigRule, RegionalRule, Rule, RuleInfo, SettingsRule } from "./types";

/** Picks the rule with `code` out of an area's rules (so that the registry can order rules across areas). */
function pick<R extends Rule>(rules: readonly R[], code: string): R {
    const r = rules.find((x) => x.code === code);
    if (r === undefined) {
        throw new Error(`no rule ${code}`);
    }
    return r;
}

/**
 * Every rule, in the order they run: the model, the arguments, then each distribution's; last the rules
 * that compare configurations with each other (`scope: "program"`), which the engine does not run.
 */
export const REGISTRY: readonly Rule[] = [
    ...MODEL_RULES,
    ...ARGUMENT_RULES,
    ...PARTITION_RULES,
    ...REGION_RULES,
    ...OUTPUT_RULES,
    pick(SHARING_RULES, "launch-permission-group"),
    pick(SHARING_RULES, "public-ami-not-allowed"),
    pick(KMS_RULES, "kms-key-id"),
    pick(KMS_RULES, "kms-key-arn"),
    pick(KMS_RULES, "kms-key-region"),
    pick(KMS_RULES, "kms-key-partition"),
    pick(SHARING_RULES, "encrypted-public-ami"),
    pick(KMS_RULES, "aws-managed-key-shared"),
    ...FAST_LAUNCH_RULES,
    ...FAST_LAUNCH_ACCOUNT_RULES,
    ...SSM_RULES,
    ...SSM_NAME_RULES,
    ...SSM_REGIONAL_RULES,
    ...CONTAINER_RULES,
    ...S3_EXPORT_RULES,
    ...AWS_PROVIDER_CONFIG_RULES,
    ...AWS_PROVIDER_RULES,
    ...NAME_RULES,
    NAME_COLLISION_RULE,
];

/**
 * What AWS's model documents for the request that is no rule of the registry, and why: for the rule
 * table, so that every documented statement is accounted for.
 */
export const NOT_CHECKED: readonly { readonly statement: string; readonly why: string }[] = [
    {
        statement: "An omitted targetAccountIds distributes to your own account only",
        why: "nothing to reject. Empty lists and maps (targetAccountIds: [], amiTags: {}) are left out of the request, never sent empty, so an empty list means the same as an omitted one (the API rejects an empty targetAccountIds)",
    },
    {
        statement: "An omitted setDefaultVersion is treated as true",
        why: "no rule: the component sends true when it is omitted, on both backends",
    },
    {
        statement: "kmsKeyId can be a key ARN or an alias ARN",
        why: "key ids and alias names are accepted too, as KMS and EC2 take them, and anything else is rejected (kms-key-id); an ARN is checked for its region and partition (kms-key-region, kms-key-partition)",
    },
    {
        statement: "An SSM parameter's amiAccountId must be a target account of the region",
        why: "checked as ssm-account, which also accepts the deploying account (the account that builds the image owns its AMI)",
    },
    {
        statement: "containerTags are repository image tags, not resource tags",
        why: "no rule beyond the model's 1 to 1,024 characters: neither Image Builder's model nor its documentation states which image tags ECR refuses",
    },
    {
        statement: "licenseConfigurationArns are associated with the AMI in the distribution's region",
        why: "no rule for an ARN of another region: that AWS rejects one is not documented nor reported; the ARN's form is the model's",
    },
    {
        statement: "dataType: aws:ec2:image is recommended",
        why: "a recommendation, not a rule: text stays valid",
    },
    {
        statement: "dryRun validates permissions and parameters without creating anything",
        why: "not an argument of the component: the plan's verification sends it",
    },
    {
        statement: "clientToken makes the request idempotent",
        why: "not an argument of the component: the providers set it",
    },
];

/** The rules of the whole configuration, in order. */
export const CONFIG_RULES: readonly ConfigRule[] = REGISTRY.filter((r): r is ConfigRule => r.scope === "config");
/** The rules of each distribution, in order. */
export const ENTRY_RULES: readonly (SettingsRule | RegionalRule)[] = REGISTRY.filter(
    (r): r is SettingsRule | RegionalRule => r.scope === "entry",
);

/**
 * Every rule the component checks: its code, what it rejects, where it comes from, whether it depends on
 * the region, whether a finding is an error or a warning, and whether it compares configurations with each
 * other (`acrossConfigurations`: checked across a program's components, not on one configuration). Codes are stable: filter problems by them
 * (`error.problems.filter((p) => p.code === "kms-key-region")`), or refer to them from a policy.
 */
export const RULES: readonly RuleInfo[] = Object.freeze(
    REGISTRY.map(({ code, description, source, url, regional, severity, scope }) =>
        Object.freeze({
            code,
            description,
            source,
            ...(url ? { url } : {}),
            regional,
            severity,
            acrossConfigurations: scope === "program",
        }),
    ),
);

{
    // Codes are unique and kebab-case: a mistake here is a programming error, found by every test.
    const seen = new Set<string>();
    for (const r of REGISTRY) {
        if (seen.has(r.code) || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r.code)) {
            throw new Error(`rule code ${r.code} is repeated or not kebab-case`);
        }
        seen.add(r.code);
    }
}
