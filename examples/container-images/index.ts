/**
 * A container image pushed to ECR in three regions. The repository is the same everywhere; Ireland
 * also tags the image `eu-stable`.
 */
import { MultiRegionDistribution } from "../../components";

const images = new MultiRegionDistribution("app-base-image", {
    description: "Base image for application containers",
    regions: ["us-east-1", "us-west-2", "eu-west-1"],
    defaults: {
        containerDistributionConfiguration: {
            description: "app-base pushed by Image Builder",
            containerTags: ["latest"],
            targetRepository: { service: "ECR", repositoryName: "platform/app-base" },
        },
    },
    overrides: {
        "eu-west-1": { containerDistributionConfiguration: { containerTags: ["latest", "eu-stable"] } },
    },
});

export const arn = images.arn;
export const regions = images.regions;
