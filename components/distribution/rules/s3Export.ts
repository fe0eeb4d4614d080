/** S3 export: what each backend can send. */
import { Backend } from "../types";
import { UNKNOWN } from "../values";
import { SettingsRule } from "./types";

export const S3_EXPORT_RULES: readonly SettingsRule[] = [
    {
        code: "s3-export-aws-native",
        description:
            's3ExportConfiguration with backend "aws-native": CloudFormation\'s AWS::ImageBuilder::DistributionConfiguration has no S3 export',
        source: "component",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-imagebuilder-distributionconfiguration-distribution.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings, args, where }, report) {
            const s3 = settings.s3ExportConfiguration;
            // Nothing (`NONE`) sends nothing; a value not known yet is checked once it resolves.
            if (args.backend === Backend.AwsNative && s3 !== undefined && s3 !== null && s3 !== UNKNOWN) {
                report({
                    path: "s3ExportConfiguration",
                    value: s3,
                    rule: `is not supported by backend "aws-native"${where}: CloudFormation's AWS::ImageBuilder::DistributionConfiguration has no S3 export`,
                    fix: 'use backend: "aws" for S3 export, or remove s3ExportConfiguration',
                });
            }
        },
    },
];
