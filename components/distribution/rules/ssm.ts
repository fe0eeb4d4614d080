/** SSM parameters: where Image Builder writes the AMI id. */
import { SHAPES } from "../constraints.generated";
import { UNKNOWN } from "../values";
import { isRegionCode, partitionOf } from "../regions";
import { lengthOf, regex } from "./model";
import { RegionalRule, SettingsRule } from "./types";
import { get, someOf } from "./util";

const TARGETS = "amiDistributionConfiguration.targetAccountIds";

export const SSM_RULES: readonly SettingsRule[] = [
    {
        code: "ssm-account",
        description:
            "an SSM parameter's amiAccountId that is neither the deploying account nor a target account (that account owns no copy of the AMI)",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_SsmParameterConfiguration.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, where, secretAt, deployingAccount, needsDeployingAccount }, report) {
            const ssm = get(settings, "ssmParameterConfigurations");
            if (!Array.isArray(ssm)) {
                return;
            }
            const targets = get(settings, "amiDistributionConfiguration", "targetAccountIds");
            if (!(
                targets === undefined ||
                targets === null ||
                (Array.isArray(targets) && !targets.includes(UNKNOWN))
            )) {
                return;
            }
            const list = ((targets as unknown[] | undefined) ?? []).filter((t): t is string => typeof t === "string");
            ssm.forEach((c, i) => {
                const acct = get(c, "amiAccountId");
                // An account id that is not one by the model's pattern is reported once, by the model.
                if (typeof acct !== "string" || !regex(SHAPES.AccountId.pattern!).test(acct)) {
                    return;
                }
                if (list.includes(acct) || deployingAccount === UNKNOWN || acct === deployingAccount) {
                    return;
                }
                if (deployingAccount === undefined) {
                    needsDeployingAccount();
                    return;
                }
                const listed = list.length === 0 ? " (there are none)" : secretAt(TARGETS) ? "" : ` (${someOf(list)})`;
                report({
                    path: `ssmParameterConfigurations[${i}].amiAccountId`,
                    value: acct,
                    rule: `must be the account that builds the image (${deployingAccount}) or one of the distribution's ${TARGETS}${listed}${where}`,
                    fix: "add the account to targetAccountIds, or leave amiAccountId out to write the parameter in the building account",
                });
            });
        },
    },
];

const PARAMETER = (i: number) => `ssmParameterConfigurations[${i}].parameterName`;

/** Each SSM parameter name that is a string, with its index. */
function eachParameterName(settings: unknown, f: (name: string, i: number) => void): void {
    const ssm = get(settings, "ssmParameterConfigurations");
    if (Array.isArray(ssm)) {
        ssm.forEach((c, i) => {
            const name = get(c, "parameterName");
            if (typeof name === "string" && name.length > 0) {
                f(name, i);
            }
        });
    }
}

/** SSM's deepest parameter hierarchy. */
export const MAX_SSM_DEPTH = 15;

export const SSM_NAME_RULES: readonly SettingsRule[] = [
    {
        code: "ssm-parameter-name-prefix",
        description:
            "an SSM parameter name that begins with aws or ssm in any case, with or without a leading '/': SSM reserves them",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            eachParameterName(settings, (name, i) => {
                const prefix = /^\/?(aws|ssm)/i.exec(name);
                if (prefix !== null) {
                    report({
                        path: PARAMETER(i),
                        value: name,
                        rule: `begins with "${prefix[1]}": SSM rejects parameter names that begin with aws or ssm in any case (the /aws/ path holds AWS's public parameters)`,
                        secretRule:
                            "begins with aws or ssm: SSM rejects parameter names that begin with them in any case (the /aws/ path holds AWS's public parameters)",
                        fix: "start the name with a path of your own, such as /golden/...",
                        secretFix: "start the name with a path of your own, not aws or ssm",
                    });
                }
            });
        },
    },
    {
        code: "ssm-parameter-name-path",
        description: `an SSM parameter name with '/' that does not begin with '/', or a hierarchy deeper than ${MAX_SSM_DEPTH} levels`,
        source: "reported-failure",
        url: "https://github.com/aws/aws-sdk-js-v3/issues/5005",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            eachParameterName(settings, (name, i) => {
                // A name the model rejects (or one SSM reserves) is reported once, by that rule.
                if (!regex(SHAPES.SsmParameterName.pattern!).test(name) || /^\/?(aws|ssm)/i.test(name)) {
                    return;
                }
                if (name.includes("/") && !name.startsWith("/")) {
                    report({
                        path: PARAMETER(i),
                        value: name,
                        rule: "is a path that does not begin with '/': SSM takes a hierarchy only from its root",
                        fix: "begin the name with '/'",
                    });
                } else if (name.split("/").length - 1 > MAX_SSM_DEPTH) {
                    report({
                        path: PARAMETER(i),
                        value: name,
                        rule: `is ${name.split("/").length - 1} levels deep: SSM's hierarchies have at most ${MAX_SSM_DEPTH}`,
                        fix: "use fewer levels",
                    });
                }
            });
        },
    },
];

/**
 * SSM's longest parameter name, counted as its ARN: `arn:<partition>:ssm:<region>:<account>:parameter/`
 * and the name (whose leading `/`, if any, is that last `/`).
 */
export const MAX_SSM_ARN_LENGTH = 1011;

/** True when the model or another SSM name rule rejects the name: it is reported once, by that rule. */
function reportedElsewhere(name: string): boolean {
    return (
        lengthOf(name) > SHAPES.SsmParameterName.max! ||
        !regex(SHAPES.SsmParameterName.pattern!).test(name) ||
        /^\/?(aws|ssm)/i.test(name) ||
        (name.includes("/") && !name.startsWith("/")) ||
        name.split("/").length - 1 > MAX_SSM_DEPTH
    );
}

/** The rules of SSM parameters that read the distribution's region. */
export const SSM_REGIONAL_RULES: readonly RegionalRule[] = [
    {
        code: "ssm-parameter-arn-length",
        description: `an SSM parameter name whose ARN in the distribution's region is longer than ${MAX_SSM_ARN_LENGTH} characters: SSM counts the ARN, not only the name, against its limit`,
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html",
        regional: true,
        severity: "error",
        scope: "entry",
        check({ settings, region, where, secretAt }, report) {
            if (!Array.isArray(get(settings, "ssmParameterConfigurations"))) {
                return;
            }
            if (typeof region !== "string" || !isRegionCode(region)) {
                return;
            }
            // Whose account owns it, the deploying one or amiAccountId, an account id has 12 digits.
            const prefix = `arn:${partitionOf(region)}:ssm:${region}:123456789012:parameter/`.length;
            // The lengths would tell a secret region's length and partition: they are not shown then.
            const regionSecret = secretAt("region");
            eachParameterName(settings, (name, i) => {
                const length = prefix + lengthOf(name) - (name.startsWith("/") ? 1 : 0);
                if (length <= MAX_SSM_ARN_LENGTH || reportedElsewhere(name)) {
                    return;
                }
                const counting = `counting the ARN (arn:<partition>:ssm:<region>:<account>:parameter/ and the name)`;
                const tooLong = `is too long as the parameter's ARN${where}: SSM allows at most ${MAX_SSM_ARN_LENGTH} characters, ${counting}`;
                report({
                    path: PARAMETER(i),
                    value: name,
                    rule: regionSecret
                        ? tooLong
                        : `is ${lengthOf(name)} characters, ${length} as the parameter's ARN${where}: SSM allows at most ${MAX_SSM_ARN_LENGTH}, ${counting}, so this name may have at most ${MAX_SSM_ARN_LENGTH - length + lengthOf(name)}`,
                    secretRule: tooLong,
                    fix: "shorten the parameter name",
                });
            });
        },
    },
];
