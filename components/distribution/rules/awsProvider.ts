/**
 * What `@pulumi/aws` itself refuses on backend "aws": Terraform's `aws_imagebuilder_distribution_configuration`
 * bounds a few values more tightly than the API does, and `pulumi preview` then fails in the provider with
 * Terraform's words, naming no rule. Checked here so that the component says so first, with the fix.
 */
import { Backend } from "../types";
import { eachFastLaunch, fastLaunchEnabled, isLaunchTemplateName } from "./fastLaunch";
import { ConfigRule, SettingsRule } from "./types";
import { get } from "./util";

/** Where Terraform's bounds are written. */
const TERRAFORM_SOURCE =
    "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/imagebuilder/distribution_configuration.go";

/** The longest configuration name Terraform accepts (the API takes 128). */
export const AWS_PROVIDER_MAX_NAME_LENGTH = 126;
/** The longest fast launch template name Terraform accepts (EC2 takes 128). */
const AWS_PROVIDER_MAX_LAUNCH_TEMPLATE_NAME = 125;
/** The most parallel launches Terraform accepts (the API sets no maximum). */
const AWS_PROVIDER_MAX_PARALLEL_LAUNCHES = 10000;

/** True when the configuration is registered through `@pulumi/aws` (the default backend). */
function onAws(args: Readonly<Record<string, unknown>>): boolean {
    return args.backend === undefined || args.backend === Backend.Aws;
}

export const AWS_PROVIDER_CONFIG_RULES: readonly ConfigRule[] = [
    {
        code: "aws-provider-name-length",
        description: `a configuration name over ${AWS_PROVIDER_MAX_NAME_LENGTH} characters on backend "aws": @pulumi/aws (Terraform) accepts 1 to ${AWS_PROVIDER_MAX_NAME_LENGTH}, the API 128`,
        source: "component",
        url: TERRAFORM_SOURCE,
        regional: false,
        severity: "error",
        scope: "config",
        check({ args }, report) {
            const name = args.name;
            // Longer than the API's 128 is model-length's (and model-pattern's): one problem a value.
            if (
                onAws(args) &&
                typeof name === "string" &&
                name.length > AWS_PROVIDER_MAX_NAME_LENGTH &&
                name.length <= 128
            ) {
                report({
                    path: "name",
                    value: name,
                    rule: `is ${name.length} characters; @pulumi/aws (Terraform's aws_imagebuilder_distribution_configuration) accepts at most ${AWS_PROVIDER_MAX_NAME_LENGTH}, though the API takes 128`,
                    fix: `shorten it to ${AWS_PROVIDER_MAX_NAME_LENGTH} characters, or use backend: "aws-native"`,
                });
            }
        },
    },
];

export const AWS_PROVIDER_RULES: readonly SettingsRule[] = [
    {
        code: "aws-provider-fast-launch-limits",
        description: `on backend "aws", a fast launch template name over ${AWS_PROVIDER_MAX_LAUNCH_TEMPLATE_NAME} characters (or, with fast launch disabled, one no EC2 template can have) or more than ${AWS_PROVIDER_MAX_PARALLEL_LAUNCHES} parallel launches: @pulumi/aws (Terraform) refuses them, though the API does not`,
        source: "component",
        url: TERRAFORM_SOURCE,
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, args, where }, report) {
            if (!onAws(args)) {
                return;
            }
            eachFastLaunch(settings, (c, base) => {
                const name = get(c, "launchTemplate", "launchTemplateName");
                // Terraform checks the name whether or not fast launch is enabled. A name no EC2 template can
                // have is fast-launch-template-name's where fast launch is enabled (one problem a value), and
                // a name longer than the model's 1,024 characters is model-length's.
                if (
                    typeof name === "string" &&
                    name.length > 0 &&
                    name.length <= 1024 &&
                    !isLaunchTemplateName(name, AWS_PROVIDER_MAX_LAUNCH_TEMPLATE_NAME) &&
                    (!fastLaunchEnabled(c) || isLaunchTemplateName(name))
                ) {
                    report({
                        path: `${base}.launchTemplate.launchTemplateName`,
                        value: name,
                        rule: `is no launch template name @pulumi/aws (Terraform) accepts${where}: 3 to ${AWS_PROVIDER_MAX_LAUNCH_TEMPLATE_NAME} characters, letters, digits and ( ) . - / _ only (EC2 takes 128), checked even with fast launch disabled`,
                        fix: `give the launch template a name of at most ${AWS_PROVIDER_MAX_LAUNCH_TEMPLATE_NAME} such characters, name it by launchTemplateId, or use backend: "aws-native"`,
                    });
                }
                const mpl = get(c, "maxParallelLaunches");
                // Not a whole number is model-type's: one problem a value.
                if (typeof mpl === "number" && Number.isInteger(mpl) && mpl > AWS_PROVIDER_MAX_PARALLEL_LAUNCHES) {
                    report({
                        path: `${base}.maxParallelLaunches`,
                        value: mpl,
                        rule: `is more than ${AWS_PROVIDER_MAX_PARALLEL_LAUNCHES}${where}; @pulumi/aws (Terraform) accepts 1 to ${AWS_PROVIDER_MAX_PARALLEL_LAUNCHES}, though the API sets no maximum`,
                        fix: `use at most ${AWS_PROVIDER_MAX_PARALLEL_LAUNCHES}, or use backend: "aws-native"`,
                    });
                }
            });
        },
    },
];
