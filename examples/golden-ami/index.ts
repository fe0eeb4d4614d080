/**
 * A golden AMI shipped to five regions and two accounts: the settings are written once in
 * `defaults`; Frankfurt encrypts with its own KMS key and publishes the AMI id to SSM, Oregon also
 * updates a launch template, and São Paulo shares with an OU.
 *
 * This is the root program (see Pulumi.yaml): `pulumi preview` from the repository root, or
 * `npm start` for the offline plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { MultiRegionDistribution } from "../../components";

const config = new pulumi.Config();
// Pulumi.dev.yaml sets both; without stack config the example still runs with these.
const targetAccountIds = config.getObject<string[]>("targetAccountIds") ?? ["111122223333"];
const amiPrefix = config.get("amiPrefix") ?? "golden-ami";

const golden = new MultiRegionDistribution("golden-ami", {
    description: "Golden Amazon Linux 2023 AMI for every workload account",
    regions: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "sa-east-1"],
    defaults: {
        amiDistributionConfiguration: {
            name: `${amiPrefix}-{{ imagebuilder:buildDate }}`,
            description: "Hardened Amazon Linux 2023",
            targetAccountIds,
            amiTags: { Team: "platform", Image: amiPrefix },
        },
    },
    overrides: {
        "eu-central-1": {
            amiDistributionConfiguration: {
                kmsKeyId: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                amiTags: { DataResidency: "eu" },
            },
            ssmParameterConfigurations: [{ parameterName: "/golden/al2023/latest", dataType: "aws:ec2:image" }],
        },
        "us-west-2": {
            launchTemplateConfigurations: [
                { launchTemplateId: "lt-0123456789abcdef0", accountId: "111122223333", setDefaultVersion: true },
            ],
        },
        "sa-east-1": {
            amiDistributionConfiguration: {
                launchPermission: {
                    organizationalUnitArns: ["arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefgh34"],
                },
            },
        },
    },
    tags: { Owner: "platform-team", CostCenter: "1234" },
});

export const arn = golden.arn;
export const configurationName = golden.name;
export const regions = golden.regions;
