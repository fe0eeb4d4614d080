/** S3 export: what each backend can send. */
import { Backend } from "../types";
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
            if (args.backend === Backend.AwsNative && settings.s3ExportConfiguration !== undefined) {
                report({
                    path: "s3ExportConfiguration",
                    value: settings.s3ExportConfiguration,
                    rule: `is not supported by backend "aws-native"${where}: CloudFormation's AWS::ImageBuilder::DistributionConfiguration has no S3 export`,
                    fix: 'use backend: "aws" for S3 export, or remove s3ExportConfiguration',
                });
            }
        },
    },
];
