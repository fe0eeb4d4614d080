/** SSM parameters: where Image Builder writes the AMI id. */
import { SHAPES } from "../constraints.generated";
import { UNKNOWN } from "../values";
import { regex } from "./model";
import { SettingsRule } from "./types";
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
