/** KMS keys and encryption: which key can encrypt an AMI of a region, and which can be shared. */
import { SHAPES } from "../constraints.generated";
import { parseArn, partitionOf } from "../regions";
import { lengthOf } from "./model";
import { RegionalRule, SettingsRule } from "./types";
import { describeOthers, otherAccounts, otherTargetAccounts } from "./fastLaunch";
import { get } from "./util";
import { SHARING_MEMBERS } from "./sharing";

const KMS = "amiDistributionConfiguration.kmsKeyId";

/** The KMS key ARN of the settings, parsed; undefined for anything else (an id, an alias name, nothing). */
function kmsArnOf(settings: unknown): { kms: string; arn: ReturnType<typeof parseArn> } | undefined {
    const kms = get(settings, "amiDistributionConfiguration", "kmsKeyId");
    return typeof kms === "string" && kms.startsWith("arn:") ? { kms, arn: parseArn(kms) } : undefined;
}

/** A KMS key id: a UUID, or mrk- and 32 hex digits for a multi-Region key. */
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

/**
 * An alias name: alias/ and the alias, in KMS's characters (letters, digits, / _ - :), 256 characters in
 * all (CreateAlias's AliasName). The prefix in any case, as isAwsManagedEbsKey takes the AWS managed key.
 */
const ALIAS_NAME = /^alias\/[a-zA-Z0-9:/_-]{1,250}$/i;

/** True for a KMS ARN of a key or an alias. */
function isKmsKeyArn(arn: ReturnType<typeof parseArn>): arn is NonNullable<ReturnType<typeof parseArn>> {
    return arn !== undefined && arn.service === "kms" && /^(key|alias)\/.+/.test(arn.resource);
}

/**
 * The AWS managed key of EBS, by alias name or alias ARN (in any case, with spaces around): each account
 * has its own, and it cannot be shared. A key id or key ARN of it cannot be told from a customer's.
 */
export function isAwsManagedEbsKey(kms: string): boolean {
    const k = kms.trim().toLowerCase();
    return k === "alias/aws/ebs" || (k.startsWith("arn:") && k.endsWith(":alias/aws/ebs"));
}

export const KMS_RULES: readonly (SettingsRule | RegionalRule)[] = [
    {
        code: "kms-key-id",
        description:
            "a kmsKeyId that is no key id, alias name or ARN (an alias name without alias/ or with a space, spaces around it): EC2 takes the copy and fails it later",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            const kms = get(settings, "amiDistributionConfiguration", "kmsKeyId");
            // An empty or too long value is the model's to report; an ARN is kms-key-arn's (spaces around any
            // identifier are this rule's).
            if (
                typeof kms !== "string" ||
                kms.length === 0 ||
                lengthOf(kms) > SHAPES.NonEmptyString.max! ||
                (kms.startsWith("arn:") && kms.trim() === kms)
            ) {
                return;
            }
            const id = kms.trim();
            if (id !== kms) {
                // No identifier of KMS holds a space: EC2 would pass this one on as it is.
                report({
                    path: KMS,
                    value: kms,
                    rule: "has spaces or line breaks around it, which no KMS key identifier has; EC2 accepts the copy and fails it later",
                    fix: `remove them: ${JSON.stringify(id)}`,
                    secretFix: "remove the spaces and line breaks around it",
                });
            } else if (!KEY_ID.test(id) && !ALIAS_NAME.test(id)) {
                report({
                    path: KMS,
                    value: kms,
                    rule: "is no KMS key identifier: a key id (1234abcd-12ab-34cd-56ef-1234567890ab, or mrk- and 32 hex digits), an alias name (alias/ and up to 250 letters, digits and / _ - :), a key ARN or an alias ARN; EC2 accepts the copy and fails it later",
                    fix: "write an alias's name with its alias/ prefix, or give the key's id or ARN",
                });
            }
        },
    },
    {
        code: "kms-key-arn",
        description: "a kmsKeyId that starts with arn: but is no KMS key or alias ARN",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            const found = kmsArnOf(settings);
            if (found !== undefined && !isKmsKeyArn(found.arn)) {
                report({
                    path: KMS,
                    value: found.kms,
                    rule: "is not a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)",
                    fix: "give the key's ARN, id or alias",
                });
            }
        },
    },
    {
        code: "kms-key-region",
        description:
            "a KMS key ARN of another region than the distribution's: an AMI is encrypted with a key of its own region",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/CopyingAMIs.html",
        regional: true,
        severity: "error",
        scope: "entry",
        check({ settings, region, kind, where, secretAt }, report) {
            const found = kmsArnOf(settings);
            if (
                found === undefined ||
                typeof region !== "string" ||
                !isKmsKeyArn(found.arn) ||
                found.arn.region === region
            ) {
                return;
            }
            report({
                path: KMS,
                value: found.kms,
                rule: `${secretAt(KMS) ? `is a KMS key of another region than the AMI it encrypts${where}` : `is a KMS key in ${found.arn.region || "no region"}, but it encrypts the AMI of another region${where}`}; an AMI is encrypted with a key of its own region`,
                fix: `use a key (or a multi-Region replica key) of the distribution's own region${kind === "fanout" ? ", set per region in overrides" : ""}`,
            });
        },
    },
    {
        code: "kms-key-partition",
        description: "a KMS key ARN of another partition than the distribution's region",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
        regional: true,
        severity: "error",
        scope: "entry",
        check({ settings, region, where, secretAt }, report) {
            const found = kmsArnOf(settings);
            // A key of another region is reported as such (kms-key-region): one problem a value.
            if (
                found === undefined ||
                typeof region !== "string" ||
                !isKmsKeyArn(found.arn) ||
                found.arn.region !== region
            ) {
                return;
            }
            const partition = partitionOf(region);
            if (found.arn.partition !== partition) {
                // A secret region is not named (`where` is empty then), nor is its partition.
                const regionSecret = secretAt("region");
                report({
                    path: KMS,
                    value: found.kms,
                    rule: `is a KMS key ${secretAt(KMS) ? "of another partition" : `in partition ${found.arn.partition}`}, but the distribution${where} is in ${regionSecret ? "another" : `partition ${partition}`}`,
                    fix: `use a key of ${regionSecret ? "the distribution's partition" : `partition ${partition}`}`,
                });
            }
        },
    },
    {
        code: "aws-managed-key-shared",
        description:
            "the AWS managed key aws/ebs (alias or alias ARN, any case) on an AMI shared with or copied to other accounts (launch permissions for organizations, OUs or userIds other than the deploying account, or targetAccountIds other than it): its snapshots can't be shared",
        source: "reported-failure",
        url: "https://repost.aws/knowledge-center/image-builder-distr-error-encrypted-ami",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, where, secretAt, deployingAccount, needsDeployingAccount }, report) {
            const kms = get(settings, "amiDistributionConfiguration", "kmsKeyId");
            const lp = get(settings, "amiDistributionConfiguration", "launchPermission");
            const groups = get(lp, "userGroups");
            // A public AMI with a key is reported as such (encrypted-public-ami).
            if (
                typeof kms !== "string" ||
                !isAwsManagedEbsKey(kms) ||
                (Array.isArray(groups) && groups.includes("all"))
            ) {
                return;
            }
            // Launch permissions for the deploying account alone share nothing (it owns the AMI): userIds are
            // decided, like targetAccountIds, once that account is known.
            const sharedBy = SHARING_MEMBERS.filter((m) => {
                const list = get(lp, m);
                if (m !== "userIds") {
                    return Array.isArray(list) && list.length > 0;
                }
                const others = otherAccounts(list, deployingAccount, needsDeployingAccount);
                return others !== undefined && others.accounts.length > 0;
            });
            if (sharedBy.length > 0) {
                report({
                    path: KMS,
                    value: kms,
                    rule: `is the AWS managed key aws/ebs, and launchPermission.${sharedBy.join(" and ")} shares the AMI${where} with other accounts; EBS shares only snapshots encrypted with a customer managed key`,
                    fix: "encrypt with a customer managed key whose policy lets those accounts use it",
                });
                return;
            }
            // Copies to accounts other than the deploying one: decided once that account is known.
            const others = otherTargetAccounts(settings, deployingAccount, needsDeployingAccount);
            if (others !== undefined && others.accounts.length > 0) {
                const shown = secretAt("amiDistributionConfiguration.targetAccountIds")
                    ? ""
                    : ` (${describeOthers(others)})`;
                report({
                    path: KMS,
                    value: kms,
                    rule: `is the AWS managed key aws/ebs, and targetAccountIds copies the AMI${where} to other accounts${shown}; snapshots encrypted with the AWS managed key can't be shared, so every build fails`,
                    fix: "encrypt with a customer managed key whose policy lets those accounts use it",
                });
            }
        },
    },
];
