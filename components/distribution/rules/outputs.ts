/** What a distribution must produce: at least one output in each region. */
import { UNKNOWN } from "../values";
import { RegionalRule } from "./types";

/**
 * The fields that make a distribution an output. License configurations count: they are associated with
 * the AMI copied to the region, and a distribution with only them is accepted (Terraform's acceptance
 * tests have created one since the rule was introduced in 2021).
 */
export const OUTPUT_FIELDS = [
    "amiDistributionConfiguration",
    "containerDistributionConfiguration",
    "s3ExportConfiguration",
    "fastLaunchConfigurations",
    "launchTemplateConfigurations",
    "ssmParameterConfigurations",
    "licenseConfigurationArns",
] as const;

export const OUTPUT_RULES: readonly RegionalRule[] = [
    {
        code: "no-output",
        description:
            "a region whose distribution has no output (no AMI, container, export, launch template, SSM parameter or license)",
        source: "reported-failure",
        // Reported at the region, naming it.
        regional: true,
        severity: "error",
        scope: "entry",
        check({ settings, region, kind, where }, report) {
            // A null output (an override that turns a default off) is sent as nothing.
            if (OUTPUT_FIELDS.every((f) => settings[f] === undefined || settings[f] === null)) {
                report({
                    path: "region",
                    value: region,
                    hasValue: region !== undefined && region !== UNKNOWN,
                    rule: `the distribution${where} has no output; AWS rejects it ("One or more outputs should be provided for each region")`,
                    fix: `give at least one of ${OUTPUT_FIELDS.join(", ")}${kind === "fanout" ? " in defaults or overrides" : ""}`,
                });
            }
        },
    },
];
