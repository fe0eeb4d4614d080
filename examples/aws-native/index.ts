/**
 * The same inputs on @pulumi/aws-native (Cloud Control): the configuration lives in eu-west-1
 * (`homeRegion`, through an aws-native provider the component creates) and distributes to three
 * regions, sharing with an organization.
 */
import { MultiRegionDistribution } from "../../components";

const dist = new MultiRegionDistribution("native-golden", {
    backend: "aws-native",
    homeRegion: "eu-west-1",
    description: "Golden AMI managed through Cloud Control",
    regions: ["eu-west-1", "eu-north-1", "us-east-1"],
    defaults: {
        amiDistributionConfiguration: {
            name: "golden-{{ imagebuilder:buildDate }}",
            targetAccountIds: ["111122223333"],
            launchPermission: { organizationArns: ["arn:aws:organizations::111122223333:organization/o-abcdefghij"] },
            amiTags: { Team: "platform" },
        },
        launchTemplateConfigurations: [{ launchTemplateId: "lt-0123456789abcdef0" }],
    },
    overrides: {
        "eu-north-1": {
            amiDistributionConfiguration: {
                kmsKeyId: "arn:aws:kms:eu-north-1:111122223333:alias/golden-ami",
            },
        },
    },
    tags: { Owner: "platform-team" },
});

export const arn = dist.arn;
export const regions = dist.regions;
