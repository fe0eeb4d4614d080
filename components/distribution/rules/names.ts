/** Names: the AMI's name, which every build must make unique. */
import { SettingsRule } from "./types";
import { get } from "./util";

const NAME = "amiDistributionConfiguration.name";

export const NAME_RULES: readonly SettingsRule[] = [
    {
        code: "ami-name-build-date",
        description:
            "an AMI name without {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}: every build would repeat it",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_AmiDistributionConfiguration.html",
        regional: false,
        severity: "warning",
        scope: "entry",
        check({ settings, where, secretAt }, report) {
            const name = get(settings, "amiDistributionConfiguration", "name");
            if (typeof name === "string" && !/imagebuilder:build(Date|Version)/.test(name)) {
                report({
                    path: NAME,
                    value: name,
                    rule: `AMI name ${secretAt(NAME) ? "[secret]" : JSON.stringify(name)} has no {{ imagebuilder:buildDate }} or {{ imagebuilder:buildVersion }}: the second build${where} fails because AMI names must be unique`,
                    fix: "",
                });
            }
        },
    },
];
